/** reports/load.md: the load run in plain tables. */
import { frameRows, headline, latencyRows, runRows, thresholdRows, type ReportInput } from './report-input';

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function markdownReport(input: ReportInput): string {
  const { summary } = input;
  const errors = Object.entries(summary.errors).map(([code, n]) => [code, String(n)]);
  return [
    '# Load report',
    '',
    ...headline(input).map((line) => `- ${line}`),
    '',
    '## Thresholds',
    table(['', 'what', 'rule', 'measured'], thresholdRows(summary)),
    '',
    '## Latency (ms)',
    table(['what', 'count', 'p50', 'p95', 'p99'], latencyRows(summary)),
    '',
    '## Runs',
    table(['outcome', 'runs'], runRows(summary)),
    '',
    '## Frames (every frame every protocol user received)',
    table(['check', 'frames'], frameRows(summary)),
    '',
    ...(errors.length ? ['## Failed virtual users by cause (Artillery)', table(['cause', 'users'], errors), ''] : []),
    ...(input.problems.length ? [`## First ${input.problems.length} problems`, ...input.problems.map((p) => `- ${p.replace(/\n/g, ' ')}`), ''] : []),
    '## Over time',
    table(
      ['t (s)', 'protocol users', 'browser users', 'arrivals', 'connect p95', 'first event p95', 'run p95'],
      summary.timeline.map((p) => [p.t, p.protocolUsers, p.browserUsers, p.arrivals, p.connectP95, p.firstEventP95, p.runP95].map((v) => (v === undefined ? '–' : String(Math.round(v))))),
    ),
    '',
    'Charts: reports/load.html. Artillery\'s own report: reports/load.json.',
    '',
  ].join('\n');
}
