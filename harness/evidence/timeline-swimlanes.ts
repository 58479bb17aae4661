/** The swimlane picture of a capture (SVG): one lane per agent and one for the connection, over time. */
import { SUPERVISOR } from '../../contract/events';
import type { FrameView, Model } from './timeline-model';
import { CLIENT_COLOR, CONTROL_COLOR, esc, TYPE_COLORS } from './timeline-style';

const CONNECTION_LANE = 'connection';

const W = 1100;
const LABEL_W = 150;
const X0 = LABEL_W + 12;
const X1 = W - 24;
const LANE_H = 40;
const TOP = 56;

export function renderSwimlanes(m: Model): string {
  const agents: string[] = [];
  for (const f of m.frames) if (f.direction === 'in' && f.agent && !agents.includes(f.agent)) agents.push(f.agent);
  agents.sort((a, b) => Number(b === SUPERVISOR) - Number(a === SUPERVISOR));
  const lanes = [CONNECTION_LANE, ...agents];
  const height = TOP + lanes.length * LANE_H + 24;
  const span = Math.max(m.duration, 1);
  const x = (offset: number) => X0 + (offset / span) * (X1 - X0);
  const laneY = (lane: string) => TOP + Math.max(0, lanes.indexOf(lane)) * LANE_H + LANE_H / 2;
  const laneOf = (f: FrameView) => (f.direction === 'in' && f.agent ? f.agent : CONNECTION_LANE);
  const out: string[] = [];

  lanes.forEach((lane, i) => {
    const y = TOP + i * LANE_H;
    out.push(`<rect x="0" y="${y}" width="${W}" height="${LANE_H}" fill="${i % 2 ? '#ffffff' : '#f8fafc'}"/>`);
    out.push(`<text x="12" y="${y + LANE_H / 2 + 4}" font-size="12" fill="#334155" font-weight="600">${esc(lane)}</text>`);
  });
  for (const tick of ticks(span)) {
    const tx = x(tick);
    out.push(`<line x1="${tx}" y1="${TOP - 6}" x2="${tx}" y2="${height - 20}" stroke="#e2e8f0"/>`);
    out.push(`<text x="${tx}" y="${height - 6}" font-size="11" fill="#64748b" text-anchor="middle">${formatMs(tick)}</text>`);
  }
  out.push(...socketBars(m, x, laneY(CONNECTION_LANE)));
  out.push(...agentBars(m, x, laneY));
  out.push(...toolBars(m, x, laneY));
  for (const f of m.frames) out.push(frameDot(f, x(f.offset), laneY(laneOf(f))));
  let markerRow = 0;
  for (const row of m.rows) {
    if (row.kind === 'marker') {
      const mx = x(row.offset);
      const ly = 14 + (markerRow++ % 2) * 16;
      out.push(`<line x1="${mx}" y1="${ly + 4}" x2="${mx}" y2="${height - 20}" stroke="#6366f1" stroke-dasharray="4 3"/>`);
      const nearRight = mx > X1 - 120;
      out.push(`<text x="${nearRight ? mx - 4 : mx + 4}" y="${ly}" font-size="11" fill="#4338ca"${nearRight ? ' text-anchor="end"' : ''}>${esc(row.label)}</text>`);
    } else if (row.kind === 'socket' && row.socketIndex < 0) {
      const sy = laneY(CONNECTION_LANE);
      out.push(`<rect x="${x(row.offset) - 4}" y="${sy - 4}" width="8" height="8" fill="${CLIENT_COLOR}"><title>${esc(`+${row.offset} ms ${row.text}`)}</title></rect>`);
    }
  }
  return `<svg viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-label="Swimlane chart of the captured frames" xmlns="http://www.w3.org/2000/svg" font-family="system-ui,sans-serif">${out.join('')}</svg>`;
}

function socketBars(m: Model, x: (o: number) => number, y: number): string[] {
  return m.sockets.map((s) => {
    const from = x(s.openedAt - m.t0);
    const to = x((s.closedAt ?? m.t0 + m.duration) - m.t0);
    const label = `socket ${s.index}${s.closedAt === undefined ? ' open' : ` closed${s.closeCode === undefined ? '' : ` ${s.closeCode}`}`}`;
    const code = s.closeCode === undefined ? '' : `<text x="${to - 4}" y="${y + 4}" font-size="10" fill="#0369a1" text-anchor="end">${s.closeCode}</text>`;
    return `<rect x="${from}" y="${y - 13}" width="${Math.max(2, to - from)}" height="26" rx="5" fill="#e0f2fe" stroke="#7dd3fc"><title>${esc(label)}</title></rect>${code}`;
  });
}

/** One band per agent activity: agent_started → agent_completed/agent_error (open ones run to the end, dashed). */
function agentBars(m: Model, x: (o: number) => number, laneY: (lane: string) => number): string[] {
  const open = new Map<string, FrameView>();
  const bars: string[] = [];
  const band = (start: FrameView, end: number, ended: boolean, color: string) => {
    const y = laneY(start.agent);
    const dash = ended ? '' : ' stroke-dasharray="5 4"';
    bars.push(`<rect x="${x(start.offset)}" y="${y - 11}" width="${Math.max(2, x(end) - x(start.offset))}" height="22" rx="6" fill="${color}" fill-opacity="0.1" stroke="${color}" stroke-opacity="0.35"${dash}/>`);
  };
  for (const f of m.frames) {
    if (f.direction !== 'in' || !f.agent) continue;
    const key = `${f.runId ?? ''} ${f.agent}`;
    if (f.type === 'agent_started') open.set(key, f);
    const start = open.get(key);
    if (start && (f.type === 'agent_completed' || f.type === 'agent_error')) {
      band(start, f.offset, true, f.type === 'agent_error' ? TYPE_COLORS.agent_error! : '#2563eb');
      open.delete(key);
    }
  }
  for (const start of open.values()) band(start, m.duration, false, '#64748b');
  return bars;
}

function toolBars(m: Model, x: (o: number) => number, laneY: (lane: string) => number): string[] {
  const started = new Map<string, FrameView>();
  const bars: string[] = [];
  const bar = (start: FrameView, end: number, status: string) => {
    const color = status === 'completed' ? TYPE_COLORS.tool_completed! : status === 'failed' ? TYPE_COLORS.agent_error! : TYPE_COLORS.tool_executing!;
    const y = laneY(start.agent) + 6;
    const width = Math.max(3, x(end) - x(start.offset));
    const tip = `${start.tool ?? 'tool'} (${start.executionId ?? '?'}) ${status === 'open' ? 'never completed' : `${status} after ${end - start.offset} ms`}`;
    bars.push(`<rect x="${x(start.offset)}" y="${y}" width="${width}" height="6" rx="3" fill="${color}"${status === 'open' ? ' fill-opacity="0.45"' : ''}><title>${esc(tip)}</title></rect>`);
    if (width > 60) bars.push(`<text x="${x(start.offset) + 3}" y="${y + 16}" font-size="10" fill="#475569">${esc(start.tool ?? '')}</text>`);
  };
  for (const f of m.frames) {
    if (f.direction !== 'in' || !f.executionId) continue;
    const key = `${f.runId ?? ''} ${f.executionId}`;
    if (f.type === 'tool_executing') started.set(key, f);
    const start = started.get(key);
    if (f.type === 'tool_completed' && start) {
      bar(start, f.offset, f.status ?? 'completed');
      started.delete(key);
    }
  }
  for (const start of started.values()) bar(start, m.duration, 'open');
  return bars;
}

function frameDot(f: FrameView, cx: number, cy: number): string {
  const tip = esc(`#${f.index} +${f.offset} ms ${f.direction} ${f.type} ${f.agent} ${f.summary}${f.violations.length ? ` !! ${f.violations.join('; ')}` : ''}`);
  const ring = f.violations.length > 0 ? ' stroke="#dc2626" stroke-width="2.5"' : ' stroke="#fff" stroke-width="1.5"';
  if (f.direction === 'out') return `<rect x="${cx - 4}" y="${cy - 4}" width="8" height="8" transform="rotate(45 ${cx} ${cy})" fill="${CLIENT_COLOR}"${ring}><title>${tip}</title></rect>`;
  const color = TYPE_COLORS[f.type] ?? CONTROL_COLOR;
  const r = f.type === 'partial_result' || f.type === 'agent_thinking' ? 4 : 5.5;
  return `<circle cx="${cx}" cy="${cy - 3}" r="${r}" fill="${color}"${ring}><title>${tip}</title></circle>`;
}

function ticks(span: number): number[] {
  const raw = span / 8;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const step = [1, 2, 5, 10].map((k) => k * magnitude).find((s) => s >= raw) ?? magnitude * 10;
  const out: number[] = [];
  for (let t = 0; t <= span; t += step) out.push(t);
  return out;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
