/**
 * Opens a run's reports the way a reviewer does: from disk (file://) in a plain Chromium, with no
 * server. Checks that each one shows its content, not only that it exists:
 *   - signoff.html shows the verdict of signoff.json;
 *   - every link of signoff.html and signoff.md is relative, stays inside the reports folder
 *     (so an uploaded reports/ artifact keeps working) and points at a file that is there;
 *   - the Playwright HTML report shows a test of the run;
 *   - the Allure report shows the run's test count and, grouped by checklist, an item's name;
 *   - each frame timeline the sign-off links to shows its frames.
 *
 *   tsx scripts/reports-from-disk.ts [reports-folder]   (default: reports; `npm run test:suite` runs it)
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { resolveChromium, SYSTEM_CHROMIUM_ARGS } from '../config/browser';

interface SignoffJson {
  verdict: { decision: string };
  totals: { tests: number };
  items: { item: { id: string; title: string; area: string }; tests: { title: string }[] }[];
  unlinkedTests: { title: string }[];
}

/** The files the README names, whatever the sign-off links to. */
const ALLURE = 'allure-report/index.html';
const ALWAYS = ['signoff.html', 'html/index.html', ALLURE];
const TIMEOUT_MS = 60_000;
/**
 * The Allure report is opened on a CPU slowed down this many times, as on a reviewer's busy laptop:
 * its one-file build used to lose a start-up race there and spin forever (see scripts/allure-report.ts).
 */
const CPU_SLOWDOWN = 6;

/** Relative links of the sign-off (html and md), without fragments; problems for the others. */
function linksOf(html: string, md: string, problems: string[]): string[] {
  const hrefs = [...html.matchAll(/href="([^"]*)"/g), ...md.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  const files = new Set<string>();
  for (const href of hrefs) {
    if (href.startsWith('#')) continue;
    const file = decodeURI(href.replace(/[#?].*$/, ''));
    if (/^[a-z][\w+.-]*:|^\//i.test(href)) problems.push(`sign-off link ${href} is not relative: it breaks when reports/ is moved or uploaded`);
    else if (path.posix.normalize(file).startsWith('..')) problems.push(`sign-off link ${href} leaves the reports folder: it breaks when only reports/ is uploaded`);
    else files.add(path.posix.normalize(file));
  }
  return [...files];
}

async function open(page: Page, file: string, check: (page: Page) => Promise<void>): Promise<string | undefined> {
  try {
    await page.goto(pathToFileURL(file).href);
    await check(page);
    return undefined;
  } catch (e) {
    return `${file} opened from disk does not show its content: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
  }
}

async function slowedPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  return page;
}

export async function checkReportsFromDisk(reportsDir: string): Promise<{ problems: string[]; opened: number }> {
  const problems: string[] = [];
  const at = (rel: string): string => path.join(reportsDir, rel);
  if (!fs.existsSync(at('signoff.json'))) return { problems: [`${at('signoff.json')} is missing: no sign-off to check`], opened: 0 };
  const signoff = JSON.parse(fs.readFileSync(at('signoff.json'), 'utf8')) as SignoffJson;
  const links = linksOf(fs.readFileSync(at('signoff.html'), 'utf8'), fs.readFileSync(at('signoff.md'), 'utf8'), problems);
  const files = [...new Set([...ALWAYS, ...links])];
  for (const file of files.filter((f) => !fs.existsSync(at(f)))) problems.push(`${at(file)} is linked but missing`);

  const testTitle = [...signoff.items.flatMap((i) => i.tests), ...signoff.unlinkedTests][0]?.title.replace(/\s*@\S+/g, '').trim();
  const provenItem = signoff.items.find((i) => i.tests.length > 0)?.item;
  const checks: Record<string, (page: Page) => Promise<void>> = {
    'signoff.html': async (page) => {
      await expect(page.locator('.decision')).toHaveText(signoff.verdict.decision, { timeout: TIMEOUT_MS });
    },
    'html/index.html': async (page) => {
      await expect(page.getByText(testTitle ?? 'no test in the sign-off').first()).toBeVisible({ timeout: TIMEOUT_MS });
    },
    [ALLURE]: async (page) => {
      await expect(page.getByText(new RegExp(`^Results\\s*${signoff.totals.tests}$`)).first()).toBeVisible({ timeout: TIMEOUT_MS });
      if (!provenItem) return;
      await page.getByText(provenItem.area, { exact: true }).first().click({ timeout: TIMEOUT_MS });
      await expect(page.getByText(`${provenItem.id} ${provenItem.title}`).first()).toBeVisible({ timeout: TIMEOUT_MS });
    },
  };
  const timeline = async (page: Page): Promise<void> => {
    await expect(page.getByRole('heading', { name: 'Frames', exact: true })).toBeVisible({ timeout: TIMEOUT_MS });
    await expect(page.locator('table tbody tr').first()).toBeVisible({ timeout: TIMEOUT_MS });
  };

  const toOpen = files.filter((f) => fs.existsSync(at(f)) && (checks[f] || /^evidence\/.*\.html$/.test(f)));
  const { executablePath } = resolveChromium(process.env.E2E_CHROMIUM_PATH);
  const browser = await chromium.launch({ ...(executablePath ? { executablePath, args: SYSTEM_CHROMIUM_ARGS } : {}) });
  try {
    const [page, slowed] = [await browser.newPage(), await slowedPage(browser)];
    for (const file of toOpen) {
      const problem = await open(file === ALLURE ? slowed : page, at(file), checks[file] ?? timeline);
      if (problem) problems.push(problem);
    }
  } finally {
    await browser.close();
  }
  return { problems, opened: toOpen.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = path.resolve(process.argv[2] ?? 'reports');
  const { problems, opened } = await checkReportsFromDisk(dir);
  for (const p of problems) console.error(`  - ${p}`);
  console.log(problems.length ? `Reports from disk: ${problems.length} problem(s)` : `Reports from disk: ${opened} files opened from file:// and each shows its content.`);
  process.exit(problems.length ? 1 : 0);
}
