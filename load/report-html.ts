/**
 * reports/load.html: the tables of the Markdown report plus charts drawn by uPlot, whose script
 * and stylesheet are read from node_modules and inlined, so the file opens anywhere offline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { frameRows, headline, latencyRows, runRows, thresholdRows, type ReportInput } from './report-input';

const require = createRequire(import.meta.url);
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function table(head: string[], rows: string[][]): string {
  const cells = (row: string[], tag: string) => row.map((c) => `<${tag}>${escape(c)}</${tag}>`).join('');
  return `<table><thead><tr>${cells(head, 'th')}</tr></thead><tbody>${rows.map((r) => `<tr>${cells(r, 'td')}</tr>`).join('')}</tbody></table>`;
}

/** Series for uPlot: [x values, ...y series], nulls where a period measured nothing. */
export function chartData(input: ReportInput) {
  const { timeline } = input.summary;
  const t = timeline.map((p) => p.t);
  return {
    users: [t, timeline.map((p) => p.protocolUsers), timeline.map((p) => p.browserUsers), timeline.map((p) => p.arrivals)],
    latency: [t, timeline.map((p) => p.connectP95 ?? null), timeline.map((p) => p.firstEventP95 ?? null), timeline.map((p) => p.runP95 ?? null)],
    cpu: [input.cpu.map((s) => s.t), input.cpu.map((s) => s.generatorPct), input.cpu.map((s) => s.targetPct ?? null)],
  };
}

const CHARTS = `
const data = JSON.parse(document.getElementById('load-data').textContent);
const width = Math.min(960, document.body.clientWidth - 40);
function chart(id, title, yLabel, names, colors, rows) {
  new uPlot({
    title, width, height: 280,
    scales: { x: { time: false } },
    axes: [{ label: 'seconds' }, { label: yLabel }],
    series: [{ label: 't (s)' }, ...names.map((label, i) => ({ label, stroke: colors[i], width: 2, spanGaps: true }))],
  }, rows, document.getElementById(id));
}
chart('chart-users', 'Virtual users over time', 'users', ['protocol users connected', 'browser users active', 'arrivals per period'], ['#1f77b4', '#d62728', '#999'], data.users);
chart('chart-latency', 'Latency over time (p95 per period)', 'ms', ['connect p95', 'first event p95', 'run time p95'], ['#2ca02c', '#ff7f0e', '#9467bd'], data.latency);
chart('chart-cpu', 'CPU of the load generator and of the embedded target (% of one core; from the start of Artillery)', '%', ['generator (Artillery + Chromium)', 'embedded target'], ['#8c564b', '#17becf'], data.cpu);
`;

export function htmlReport(input: ReportInput): string {
  const { summary } = input;
  const uplotJs = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const uplotCss = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  const data = JSON.stringify(chartData(input)).replace(/</g, '\\u003c');
  const passed = summary.passed && input.artilleryExit === 0;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Load report</title>
<style>${uplotCss}
body{font:14px system-ui,sans-serif;margin:20px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.verdict{font-size:20px;font-weight:bold;color:${passed ? '#2a7a2a' : '#b00020'}}</style>
</head><body>
<h1>Load report</h1>
<ul>${headline(input).map((l, i) => `<li${i === 0 ? ' class="verdict"' : ''}>${escape(l)}</li>`).join('')}</ul>
<div id="chart-users"></div><div id="chart-latency"></div><div id="chart-cpu"></div>
<h2>Thresholds</h2>${table(['', 'what', 'rule', 'measured'], thresholdRows(summary))}
<h2>Latency (ms)</h2>${table(['what', 'count', 'p50', 'p95', 'p99'], latencyRows(summary))}
<h2>Runs</h2>${table(['outcome', 'runs'], runRows(summary))}
<h2>Frames</h2>${table(['check', 'frames'], frameRows(summary))}
${input.problems.length ? `<h2>First ${input.problems.length} problems</h2><ul>${input.problems.map((p) => `<li>${escape(p)}</li>`).join('')}</ul>` : ''}
<script type="application/json" id="load-data">${data}</script>
<script>${uplotJs}</script>
<script>${CHARTS}</script>
</body></html>
`;
}
