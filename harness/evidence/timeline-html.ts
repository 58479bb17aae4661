/**
 * The self-contained HTML frame timeline (`ws-timeline.html`): summary cards, the runs' verdicts,
 * a swimlane picture and the table of frames. Everything shown is redacted.
 */
import { redactSecrets, redactText } from '../redaction/redact';
import { buildModel, type Model, type TimelineOptions, type TimelineSource } from './timeline-model';
import { renderSwimlanes } from './timeline-swimlanes';
import { CLIENT_COLOR, CONTROL_COLOR, esc, TYPE_COLORS } from './timeline-style';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#0f172a;background:#f8fafc;margin:0;padding:24px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.sub{color:#64748b;margin-bottom:16px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:8px 14px;min-width:90px}
.card b{display:block;font-size:20px}.card span{color:#64748b;font-size:12px}
.card.bad b{color:#dc2626}
.chart{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:8px;overflow-x:auto}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:12px;color:#475569;margin:8px 4px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px;vertical-align:-1px}
.runs li{margin:4px 0}.ok{color:#15803d}.bad{color:#dc2626}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e2e8f0;border-radius:8px;font-size:13px}
th,td{padding:4px 8px;border-bottom:1px solid #f1f5f9;text-align:left;vertical-align:top}
th{background:#f1f5f9;font-weight:600;position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums;color:#64748b;white-space:nowrap}
td.type{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;white-space:nowrap}
tr.out td{background:#f8fafc}tr.marker td{background:#eef2ff;color:#3730a3;font-weight:600}
tr.socket td{color:#64748b;font-style:italic}tr.viol td{background:#fef2f2}
.v{color:#dc2626;font-family:ui-monospace,monospace;font-size:12px}
.dot{display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:6px}
`;

export function renderTimelineHtml(capture: TimelineSource, title: string, options: TimelineOptions = {}): string {
  const m = buildModel(capture, options);
  const cleanTitle = redactSecrets(redactText(title), options.secrets ?? []);
  const badRuns = m.runs.filter((r) => r.problems.length > 0).length;
  const cards = [
    card(m.frames.length, 'frames'),
    card(m.runs.length, 'runs'),
    card(m.sockets.length, 'sockets'),
    card(`${m.duration} ms`, 'span'),
    card(m.violationCount, 'schema violations', m.violationCount > 0),
    card(badRuns, 'runs breaking ordering rules', badRuns > 0),
  ].join('');
  const runs = m.runs
    .map((r) => {
      const verdict = r.problems.length === 0 ? '<span class="ok">ordering rules hold</span>' : `<span class="bad">${r.problems.length} ordering violation(s)</span>`;
      const problems = r.problems.map((p) => `<div class="v">${esc(p)}</div>`).join('');
      return `<li><b>${esc(r.runId)}</b>: ${r.frames} frames, ${esc(r.ending)}; ${verdict}${problems}</li>`;
    })
    .join('');
  const notes = m.notes.length > 0 ? `<h2>Capture notes</h2><ul>${m.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(cleanTitle)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(cleanTitle)}</h1>
<div class="sub">WebSocket frames from ${esc(new Date(m.t0).toISOString())}, times relative to the first event</div>
<div class="cards">${cards}</div>
${runs ? `<h2>Runs</h2><ul class="runs">${runs}</ul>` : ''}
<h2>Swimlanes</h2>
<div class="chart">${renderSwimlanes(m)}${legend()}</div>
<h2>Frames</h2>
${renderTable(m)}
${notes}
</body></html>
`;
}

function card(value: number | string, label: string, bad = false): string {
  return `<div class="card${bad ? ' bad' : ''}"><b>${esc(String(value))}</b><span>${esc(label)}</span></div>`;
}

function legend(): string {
  const items = Object.entries(TYPE_COLORS).map(([type, color]) => `<span><i style="background:${color}"></i>${type}</span>`);
  items.push(`<span><i style="background:${CONTROL_COLOR}"></i>control frame</span>`);
  items.push(`<span><i style="background:${CLIENT_COLOR};border-radius:0"></i>client frame / REST send</span>`);
  return `<div class="legend">${items.join('')}</div>`;
}

function renderTable(m: Model): string {
  const rows = m.rows.map((row) => {
    const at = `<td class="num">+${row.offset} ms</td>`;
    if (row.kind === 'marker') return `<tr class="marker">${at}<td colspan="6">── ${esc(row.label)} ──</td></tr>`;
    if (row.kind === 'socket') return `<tr class="socket">${at}<td colspan="6">${esc(row.text)}</td></tr>`;
    const f = row.frame;
    const color = f.direction === 'out' ? CLIENT_COLOR : (TYPE_COLORS[f.type] ?? CONTROL_COLOR);
    const violations = f.violations.map((v) => `<div class="v">!! ${esc(v)}</div>`).join('');
    const cls = [f.direction === 'out' ? 'out' : '', f.violations.length ? 'viol' : ''].filter(Boolean).join(' ');
    return (
      `<tr${cls ? ` class="${cls}"` : ''}>${at}<td>${f.direction === 'in' ? '← in' : '→ out'}</td>` +
      `<td class="type"><span class="dot" style="background:${color}"></span>${esc(f.type)}</td><td>${esc(f.agent)}</td>` +
      `<td class="num">${f.seq ?? ''}</td><td class="num">ws${f.socketIndex}</td><td>${esc(f.summary)}${violations}</td></tr>`
    );
  });
  return `<table><thead><tr><th>time</th><th>dir</th><th>type</th><th>agent</th><th>seq</th><th>socket</th><th>content</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
