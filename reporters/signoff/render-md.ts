/** The sign-off as Markdown: verdict and blockers first, then facts, items, SLA, rule, signatures. */
import { formatMs } from './sla';
import { describeLoad } from './load-result';
import { attemptsNote, blockedItems, formatDuration, runFacts, SIGNERS, SLA_STATUS_LABEL, STATUS_META } from './format';
import type { ItemResult, RuleFinding, SignoffModel, TestRecord } from './types';

/** "2 passed, 1 skipped". */
function testCounts(tests: readonly TestRecord[]): string {
  const order = ['failed', 'flaky', 'skipped', 'passed'] as const;
  return order
    .map((s) => [s, tests.filter((t) => t.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const link = (label: string, href: string): string => `[${label.replace(/[[\]]/g, '')}](${href})`;

function testLine(t: TestRecord): string {
  const links = [
    ...(t.reportHref ? [link('report', t.reportHref)] : []),
    ...t.evidence.map((e) => link(e.name, e.href)),
  ].join(' · ');
  const retries = attemptsNote(t, ', ');
  const lines = [
    `- ${STATUS_META[t.status].icon} **${t.status}** — ${t.title} — \`${t.file}:${t.line}\` — ${t.project || 'default'}, ${formatDuration(t.durationMs)}${retries}`,
  ];
  if (t.error) lines.push(`  - error: \`${t.error.replace(/`/g, "'")}\``);
  if (t.skipReason) lines.push(`  - skipped: ${t.skipReason}`);
  if (links) lines.push(`  - evidence: ${links}`);
  if (t.inReport?.length) lines.push(`  - in the HTML report: ${t.inReport.join(', ')}`);
  return lines.join('\n');
}

const blockingLabel = (r: ItemResult): string => (r.item.blocking ? (r.item.needs ? 'blocking where applicable' : 'blocking') : 'non-blocking');

function findingLine(f: RuleFinding): string {
  return `- ❗ found by **${f.test}** — \`${f.where}\` (${f.status}) — broke the rule "${f.ruleTitle}" [${f.rule}]${f.error ? `: \`${f.error.replace(/`/g, "'")}\`` : ''}`;
}

function itemSection(r: ItemResult): string {
  const meta = STATUS_META[r.status];
  return [
    `### ${r.item.id} — ${r.item.title}`,
    '',
    `${meta.icon} **${meta.label}** · ${r.item.blocking ? `**${blockingLabel(r)}**` : blockingLabel(r)} · ${r.item.area}${r.note && r.status !== 'failed' ? ` · ${r.note}` : ''}`,
    '',
    `_Why it matters:_ ${r.item.why}`,
    ...(r.item.policy ? ['', `_Policy:_ ${r.item.policy}`] : []),
    '',
    ...(r.findings ?? []).map(findingLine),
    r.tests.length ? r.tests.map(testLine).join('\n') : '- no test ran for this item',
  ].join('\n');
}

export function renderMarkdown(m: SignoffModel): string {
  const { verdict } = m;
  const out: string[] = [];
  out.push(`# Release sign-off: ${verdict.decision}`, '', `**${verdict.headline}**`, '');
  if (verdict.blockers.length) {
    const lines = verdict.blockers.flatMap((b, i) => [`${i + 1}. ${b}`, ...blockedItems(m, i).map((item) => `   - ${item}`)]);
    out.push('What blocks the release:', '', ...lines, '');
  }
  if (verdict.inconclusive.length) {
    out.push('Inconclusive — runner overloaded (an infrastructure finding, not a product defect):', '', ...verdict.inconclusive.map((b, i) => `${i + 1}. ${b}`), '');
  }
  out.push('| | |', '|---|---|', ...runFacts(m).map(([k, v]) => `| ${k} | ${cell(v)} |`));
  out.push(
    `| Reports | ${[link('Playwright HTML report', m.links.htmlReport), link('Allure report', m.links.allureReport), link('signoff.json', m.links.json)].join(' · ')} |`,
    '',
  );

  out.push('## Checklist', '', '| Item | Title | Blocking | Status | Tests |', '|---|---|---|---|---|');
  for (const r of m.items) {
    const meta = STATUS_META[r.status];
    const tests = testCounts(r.tests) || '—';
    out.push(`| ${r.item.id} | ${cell(r.item.title)} | ${r.item.blocking ? (r.item.needs ? 'where applicable' : 'yes') : 'no'} | ${meta.icon} ${meta.label} | ${tests} |`);
  }
  out.push('');

  out.push('## SLA', '', '| Figure | Budget | Samples | p50 | p95 | Max | Status |', '|---|---|---|---|---|---|---|');
  for (const f of m.sla) {
    const flag = { breach: '❌ ', warn: '⚠️ ', ok: '✅ ', inconclusive: '⏳ ', 'no-data': '' }[f.status];
    out.push(`| ${f.label} | ${formatMs(f.budgetMs)} | ${f.samples} | ${formatMs(f.p50)} | ${formatMs(f.p95)} | ${formatMs(f.max)} | ${flag}${SLA_STATUS_LABEL[f.status]} |`);
  }
  out.push('', 'Percentiles are nearest-rank over every `sla-metrics` attachment of the run (all attempts).', '');
  out.push('## Load', '', describeLoad(m.load, (file) => link(file, file)), '');

  if (verdict.notApplicable.length) {
    out.push('## Not applicable here', '', 'The target cannot exercise these items: neither passed nor blocking.', '', ...verdict.notApplicable.map((w) => `- ${w}`), '');
  }
  if (verdict.warnings.length) out.push('## Warnings', '', ...verdict.warnings.map((w) => `- ${w}`), '');
  if (m.guardErrors.length) out.push('## Checklist guard', '', ...m.guardErrors.map((e) => `- ${e.message}`), '');

  out.push('## Verdict rule', '', ...m.rule.map((r, i) => `${i + 1}. ${r}`), '');

  out.push('## Items and their tests', '');
  for (const r of m.items) out.push(itemSection(r), '');
  if (m.unlinkedTests.length) {
    out.push('## Tests that prove no checklist item', '', ...m.unlinkedTests.map(testLine), '');
  }

  out.push('## Sign-off', '');
  for (const role of SIGNERS) {
    out.push(`**${role}**`, '', 'Name: ________________________  Date: ______________  Signature: ________________________', '');
  }
  return out.join('\n');
}
