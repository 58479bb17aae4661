/** The sign-off as one self-contained HTML page: verdict banner, facts, items, SLA, rule, signatures. */
import { formatMs } from './sla';
import { attemptsNote, blockedItems, formatDuration, runFacts, SIGNERS, SLA_STATUS_LABEL, STATUS_META } from './format';
import { SIGNOFF_CSS } from './html-style';
import type { ItemResult, ItemStatus, SignoffModel, SlaFigure, TestRecord } from './types';

const esc = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const a = (label: string, href: string): string => `<a href="${esc(href)}">${esc(label)}</a>`;
/** "1 test passed", "2 tests: 1 failed, 1 passed". */
function testCounts(tests: readonly TestRecord[]): string {
  const order = ['failed', 'flaky', 'skipped', 'passed'] as const;
  const parts = order.map((s) => [s, tests.filter((t) => t.status === s).length] as const).filter(([, n]) => n > 0);
  const noun = `${tests.length} test${tests.length > 1 ? 's' : ''}`;
  return parts.length === 1 ? `${noun} ${parts[0]![0]}` : `${noun}: ${parts.map(([s, n]) => `${n} ${s}`).join(', ')}`;
}

const chip = (status: ItemStatus): string => `<span class="chip s-${status}">${esc(STATUS_META[status].label)}</span>`;

/** How many blockers the banner lists before pointing to the full list. */
const BANNER_BLOCKERS = 4;

function banner(m: SignoffModel): string {
  const { verdict } = m;
  const go = verdict.decision === 'GO';
  const runnersOnly = verdict.decision === 'INCONCLUSIVE';
  const [first, ...rest] = runnersOnly ? verdict.inconclusive : verdict.blockers;
  const lead = go || runnersOnly ? verdict.headline.replace(/^[A-Z-]+ — /, '') : `Blocked by ${first ?? ''}`;
  const shown = rest.slice(0, BANNER_BLOCKERS);
  const more = rest.length - shown.length;
  const list = shown.length ? `<ul>${shown.map((b) => `<li>${esc(b)}</li>`).join('')}</ul>` : '';
  const moreLink = more > 0 ? `<a class="more" href="#blockers">+ ${more} more blocker${more > 1 ? 's' : ''} — see the full list</a>` : '';
  return `<section class="banner ${go ? 'go' : runnersOnly ? 'inconclusive' : 'nogo'}">
  <div class="kicker">${esc(['Release sign-off', m.run.profile, m.run.environment, m.run.version].filter((v) => v !== 'unknown').join(' · '))}</div>
  <div class="decision">${verdict.decision}</div>
  <div class="headline">${esc(lead)}</div>${list}${moreLink}
</section>`;
}

const itemList = (lines: readonly string[]): string => (lines.length ? `<ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` : '');

function blockerList(m: SignoffModel): string {
  const { blockers, inconclusive } = m.verdict;
  const blocking = blockers.length === 0 ? '' : `<h2 id="blockers">What blocks the release (${blockers.length})</h2>
<ol class="card blockers">${blockers.map((b, i) => `<li>${esc(b)}${itemList(blockedItems(m, i))}</li>`).join('')}</ol>`;
  const runners = inconclusive.length === 0 ? '' : `<h2 id="inconclusive">Inconclusive — runner overloaded (${inconclusive.length})</h2>
<p>An infrastructure finding, not a product defect: run again on a runner that keeps up.</p>
<ol class="card blockers">${inconclusive.map((b) => `<li>${esc(b)}</li>`).join('')}</ol>`;
  return blocking + runners;
}

function facts(m: SignoffModel): string {
  const cells = runFacts(m).map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('');
  const links = [
    a('Playwright HTML report', m.links.htmlReport),
    a('Allure report', m.links.allureReport),
    a('signoff.json', m.links.json),
  ].join('');
  return `<dl class="card facts">${cells}</dl><div class="links">Reports: ${links}</div>`;
}

function counts(m: SignoffModel): string {
  const order: ItemStatus[] = ['passed', 'failed', 'flaky', 'inconclusive', 'skipped', 'no-test', 'not-applicable'];
  return `<div class="counts"><span class="count-label">Checklist items</span>${order
    .map((s) => ({ s, n: m.items.filter((r) => r.status === s).length }))
    .filter(({ n }) => n > 0)
    .map(({ s, n }) => `<span class="count s-${s}"><b>${n}</b>${esc(STATUS_META[s].label)}</span>`)
    .join('')}</div>`;
}

function testItem(t: TestRecord): string {
  const retries = attemptsNote(t, ' · ');
  const links = [...(t.reportHref ? [a('report', t.reportHref)] : []), ...t.evidence.map((e) => a(e.name, e.href))];
  return `<li><span class="dot s-${t.status}"></span><b>${esc(t.title)}</b>
  <div class="meta"><span class="mono">${esc(`${t.file}:${t.line}`)}</span> · ${esc(t.project || 'default')} · ${t.status} · ${formatDuration(t.durationMs)}${retries}</div>
  ${t.error ? `<div class="err mono">${esc(t.error)}</div>` : ''}${t.skipReason ? `<div class="skip">Skipped: ${esc(t.skipReason)}</div>` : ''}
  ${links.length ? `<div class="ev">${links.join('')}</div>` : ''}${t.inReport?.length ? `<div class="meta">in the report: ${esc(t.inReport.join(', '))}</div>` : ''}</li>`;
}

function itemRow(r: ItemResult): string {
  const open = r.status !== 'passed' ? ' open' : '';
  const tests = r.tests.length
    ? `<details${open}><summary>${esc(testCounts(r.tests))}</summary><ul class="tests">${r.tests.map(testItem).join('')}</ul></details>`
    : '<span class="why">no test ran</span>';
  // Failed, flaky and skipped tests show their error or reason in the tests column already.
  const note = r.note && (r.status === 'no-test' || r.status === 'passed' || r.status === 'not-applicable') ? `<div class="note s-${r.status}-text">${esc(r.note)}</div>` : '';
  const findings = (r.findings ?? []).map((f) => `<div class="finding">Found by <b>${esc(f.test)}</b> <span class="mono">${esc(f.where)}</span>: broke the rule "${esc(f.ruleTitle)}" [${esc(f.rule)}]</div>`).join('');
  const policy = r.item.policy ? `<div class="why">Policy: ${esc(r.item.policy)}</div>` : '';
  return `<tr class="row-${r.status}">
  <td class="mono c-id">${esc(r.item.id)}</td>
  <td><div class="item-title">${esc(r.item.title)}</div><div class="why">${esc(r.item.why)}</div>${policy}${note}${findings}</td>
  <td>${esc(r.item.area)}</td>
  <td>${r.item.blocking ? `<span class="badge blocking">BLOCKING${r.item.needs ? ' where applicable' : ''}</span>` : '<span class="badge optional">optional</span>'}</td>
  <td>${chip(r.status)}</td>
  <td>${tests}</td>
</tr>`;
}

function slaRow(f: SlaFigure): string {
  const num = (v: number | undefined): string =>
    `<td class="num${v !== undefined && v > f.budgetMs ? ' over' : ''}">${formatMs(v)}</td>`;
  return `<tr><td><b>${esc(f.label)}</b>${f.worstTest && f.status !== 'ok' ? `<div class="why">slowest: ${esc(f.worstTest)}</div>` : ''}</td>
  <td class="num">≤ ${formatMs(f.budgetMs)}</td><td class="num">${f.samples}</td>${num(f.p50)}${num(f.p95)}${num(f.max)}
  <td><span class="chip s-${f.status}">${esc(SLA_STATUS_LABEL[f.status])}</span></td></tr>`;
}

function signers(): string {
  const line = (label: string): string => `<div class="sigline"><span>${label}</span><i></i></div>`;
  return `<div class="signers">${SIGNERS.map(
    (role) => `<div class="card signer"><h3>${esc(role)}</h3>${line('Name')}${line('Date')}${line('Signature')}</div>`,
  ).join('')}</div>`;
}

export function renderHtml(m: SignoffModel): string {
  const { verdict } = m;
  const section = (title: string, body: string): string => `<h2>${esc(title)}</h2>${body}`;
  const warnings = verdict.warnings.length
    ? section(`Warnings (${verdict.warnings.length})`, `<ul class="warnings">${verdict.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`)
    : '';
  const notApplicable = verdict.notApplicable.length
    ? section(
        `Not applicable here (${verdict.notApplicable.length})`,
        `<p class="why">The target cannot exercise these items: neither passed nor blocking.</p><ul class="warnings">${verdict.notApplicable.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`,
      )
    : '';
  const unlinked = m.unlinkedTests.length
    ? section('Tests that prove no checklist item', `<div class="card" style="padding:4px 16px"><ul class="tests">${m.unlinkedTests.map(testItem).join('')}</ul></div>`)
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${verdict.decision} · release sign-off · ${m.run.targetUrl}`)}</title>
<style>${SIGNOFF_CSS}</style></head>
<body><main>
${banner(m)}
${facts(m)}
${counts(m)}
${blockerList(m)}
${section('Checklist', `<div class="card"><table><thead><tr><th class="c-id">Item</th><th class="c-what">What is certified</th><th>Area</th><th>Blocking</th><th>Status</th><th class="c-tests">Tests and evidence</th></tr></thead><tbody>${m.items.map(itemRow).join('')}</tbody></table></div>`)}
${section('SLA', `<div class="card"><table><thead><tr><th>Figure</th><th class="num">Budget</th><th class="num">Samples</th><th class="num">p50</th><th class="num">p95</th><th class="num">Max</th><th>Status</th></tr></thead><tbody>${m.sla.map(slaRow).join('')}</tbody></table></div><p class="why">Nearest-rank percentiles over every <code>sla-metrics</code> attachment of the run (all attempts).</p>`)}
${notApplicable}
${warnings}
${unlinked}
${section('Verdict rule', `<ol class="rule">${m.rule.map((r) => `<li>${esc(r)}</li>`).join('')}</ol>`)}
${section('Sign-off', signers())}
<footer>Written by reporters/signoff-reporter.ts · suite ${esc(m.run.suiteCommit)} · run started ${esc(m.run.date)}</footer>
</main></body></html>
`;
}
