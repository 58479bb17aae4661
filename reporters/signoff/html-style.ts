/** The stylesheet of signoff.html (inlined: the file must open on its own, offline). */
export const SIGNOFF_CSS = `
:root {
  --bg: #f5f6f8; --card: #fff; --ink: #1d2433; --muted: #5d6778; --line: #e3e6eb;
  --ok: #137a43; --ok-bg: #e6f4ec; --bad: #b42318; --bad-bg: #fdecea;
  --warn: #9a5b00; --warn-bg: #fff3dc; --skip: #475467; --skip-bg: #eef1f5;
  --none: #6941c6; --none-bg: #f2edfc;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 24px 48px; }
h2 { font-size: 17px; margin: 32px 0 12px; }
a { color: #1f5fbf; text-decoration: none; } a:hover { text-decoration: underline; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; }

.banner { border-radius: 12px; padding: 22px 26px; color: #fff; margin-bottom: 20px;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.banner.go { background: linear-gradient(135deg, #137a43, #1f9d5a); }
.banner.nogo { background: linear-gradient(135deg, #a0151b, #d03b2f); }
.banner.inconclusive { background: linear-gradient(135deg, #8a5a00, #c98a10); }
.banner .kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; opacity: .85; }
.banner .decision { font-size: 44px; font-weight: 800; line-height: 1.1; margin: 2px 0 6px; }
.banner .headline { font-size: 15px; max-width: 980px; }
.banner .headline { font-weight: 600; }
.banner ul { margin: 10px 0 0; padding-left: 20px; font-size: 13.5px; opacity: .95; }
.banner ul li { margin: 3px 0; }
.banner .more { display: inline-block; margin-top: 10px; color: #fff; font-weight: 600; border-bottom: 1px solid rgba(255,255,255,.6); }
.blockers { margin: 0; padding: 12px 16px 12px 40px; border-left: 4px solid var(--bad); }
.blockers li { margin: 4px 0; }

.facts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 0; overflow: hidden; }
.facts div { padding: 10px 16px; border-bottom: 1px solid var(--line); border-right: 1px solid var(--line); min-width: 0; }
.facts dt { color: var(--muted); font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; }
.facts dd { margin: 2px 0 0; overflow-wrap: anywhere; font-weight: 500; }
.links { margin-top: 10px; color: var(--muted); }
.links a { margin-right: 14px; }

.counts { display: flex; gap: 10px; flex-wrap: wrap; margin: 16px 0 0; }
.count { padding: 8px 14px; border-radius: 8px; font-weight: 600; }
.count b { font-size: 18px; margin-right: 6px; }

.chip { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.s-passed, .s-ok { color: var(--ok); background: var(--ok-bg); }
.s-failed, .s-breach { color: var(--bad); background: var(--bad-bg); }
.s-flaky, .s-warn, .s-inconclusive { color: var(--warn); background: var(--warn-bg); }
.s-skipped, .s-no-data { color: var(--skip); background: var(--skip-bg); }
.s-no-test { color: var(--none); background: var(--none-bg); }
.s-not-applicable { color: var(--skip); background: var(--skip-bg); font-style: italic; }
.s-not-applicable-text { color: var(--skip); }
.finding { color: var(--bad); margin-top: 4px; }
.badge { display: inline-block; font-size: 11px; font-weight: 700; padding: 1px 7px; border-radius: 4px; letter-spacing: .03em; }
.badge.blocking { background: #1d2433; color: #fff; }
.badge.optional { background: var(--skip-bg); color: var(--skip); }

table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  font-weight: 600; padding: 10px 12px; border-bottom: 1px solid var(--line); background: #fafbfc; }
td { padding: 10px 12px; border-bottom: 1px solid var(--line); vertical-align: top; }
tr:last-child td { border-bottom: 0; }
tr.row-failed td:first-child, tr.row-no-test td:first-child { box-shadow: inset 3px 0 0 var(--bad); }
tr.row-flaky td:first-child, tr.row-skipped td:first-child { box-shadow: inset 3px 0 0 #e0a030; }
.item-title { font-weight: 600; }
.c-id { white-space: nowrap; width: 64px; }
.c-what { width: 40%; }
.c-tests { width: 30%; }
.s-no-test-text { color: var(--none); font-weight: 600; }
.s-passed-text { color: var(--warn); }
.count-label { align-self: center; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; margin-right: 4px; }
.why { color: var(--muted); font-size: 12.5px; margin-top: 2px; }
.note { margin-top: 6px; font-size: 12.5px; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.over { color: var(--bad); font-weight: 700; }

details > summary { cursor: pointer; color: var(--muted); font-size: 12.5px; }
.tests { list-style: none; margin: 6px 0 0; padding: 0; }
.tests li { padding: 6px 0; border-top: 1px dashed var(--line); font-size: 12.5px; }
.tests li:first-child { border-top: 0; }
.tests .meta { color: var(--muted); }
.tests .err { margin-top: 4px; padding: 6px 8px; border-radius: 6px; background: var(--bad-bg); color: var(--bad); overflow-wrap: anywhere; }
.tests .skip { margin-top: 4px; color: var(--skip); }
.tests .ev a { margin-right: 10px; white-space: nowrap; display: inline-block; }
.dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; vertical-align: 1px; }
.dot.s-passed { background: var(--ok); } .dot.s-failed { background: var(--bad); }
.dot.s-flaky { background: #e0a030; } .dot.s-skipped { background: #98a2b3; }

.warnings { border-left: 4px solid #e0a030; background: var(--warn-bg); padding: 12px 16px 12px 36px; border-radius: 8px; }
.warnings li { margin: 3px 0; }
.rule { color: var(--muted); padding-left: 20px; }
.rule li { margin: 3px 0; }
.signers { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.signer { padding: 16px 20px 8px; }
.signer h3 { margin: 0 0 6px; font-size: 14px; }
.sigline { display: flex; align-items: flex-end; gap: 10px; margin: 18px 0 12px; }
.sigline span { color: var(--muted); font-size: 12px; width: 70px; }
.sigline i { flex: 1; border-bottom: 1px solid #98a2b3; height: 18px; }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }

@media (max-width: 800px) { .facts { grid-template-columns: 1fr; } .signers { grid-template-columns: 1fr; } }
@media print {
  body { background: #fff; } main { padding: 0; } .card { border-color: #ccc; }
  details { display: block; } details > summary { display: none; }
  tr { break-inside: avoid; } .signers { break-inside: avoid; }
}
`;
