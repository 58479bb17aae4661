/** The plain-text frame timeline (`ws-timeline.txt`): one line per frame, marker and socket event, then the runs. */
import { buildModel, plural, type TimelineOptions, type TimelineSource } from './timeline-model';

export function renderTimelineText(capture: TimelineSource, options: TimelineOptions = {}): string {
  const m = buildModel(capture, options);
  const multiSocket = m.sockets.length > 1;
  const lines = [
    `WebSocket timeline: ${plural(m.frames.length, 'frame')} on ${plural(m.sockets.length, 'socket')}, ` +
      `${plural(m.runs.length, 'run')}, ${plural(m.violationCount, 'schema violation')}`,
    `t0 = ${new Date(m.t0).toISOString()}, span ${m.duration} ms`,
    '',
  ];
  for (const row of m.rows) {
    const at = `+${String(row.offset).padStart(7)} ms  `;
    if (row.kind === 'marker') lines.push(`${at}── ${row.label} ──`);
    else if (row.kind === 'socket') lines.push(`${at}${row.socketIndex < 0 ? '→ ' : '⇄ '}${row.text}`);
    else {
      const f = row.frame;
      const dir = f.direction === 'in' ? '← in ' : '→ out';
      const socket = multiSocket ? `ws${f.socketIndex}  ` : '';
      const seq = f.seq === undefined ? '' : `#${f.seq}`;
      const summary = f.summary ? `"${f.summary}"` : '';
      lines.push(`${at}${dir}  ${socket}${f.type.padEnd(22)} ${f.agent.padEnd(18)} ${seq.padEnd(5)} ${summary}`.trimEnd());
      for (const v of f.violations) lines.push(`${' '.repeat(14)}!! ${v}`);
    }
  }
  if (m.runs.length > 0) lines.push('', 'Runs');
  for (const run of m.runs) {
    const verdict = run.problems.length === 0 ? 'ordering rules hold' : `${plural(run.problems.length, 'ordering violation')}`;
    lines.push(`  ${run.runId}: ${plural(run.frames, 'frame')}, ${run.ending}; ${verdict}`);
    for (const problem of run.problems) lines.push(`    !! ${problem}`);
  }
  if (m.notes.length > 0) lines.push('', 'Capture notes', ...m.notes.map((n) => `  ${n}`));
  return `${lines.join('\n')}\n`;
}
