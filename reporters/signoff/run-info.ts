/** Facts about the run that are not in the test results: target, its version, suite commit, browsers. */
import type { FullConfig, Suite } from '@playwright/test/reporter';
import { execFileSync } from 'node:child_process';
import { redact } from './text';

export function targetUrlOf(config: FullConfig, env: NodeJS.ProcessEnv = process.env): string {
  const url = env.E2E_RESOLVED_BASE_URL ?? config.projects[0]?.use.baseURL ?? config.projects.map((p) => p.use.baseURL).find(Boolean);
  return url ? redact(url) : 'unknown';
}

/** `version` of `<url>/health/ready`, or 'unknown' with the reason. */
export async function fetchTargetVersion(url: string, timeoutMs = 2000): Promise<{ version: string; problem?: string }> {
  if (!/^https?:\/\//.test(url)) return { version: 'unknown', problem: 'no target URL to ask for its version' };
  const healthUrl = `${url.replace(/\/+$/, '')}/health/ready`;
  try {
    const response = await fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    const body: unknown = await response.json().catch(() => undefined);
    const version = body && typeof body === 'object' && 'version' in body ? (body as { version: unknown }).version : undefined;
    if (typeof version === 'string' && version) return { version };
    return { version: 'unknown', problem: `${healthUrl} answered ${response.status} without a version` };
  } catch (e) {
    const reason = e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    return { version: 'unknown', problem: `target version unknown: ${healthUrl} — ${reason}` };
  }
}

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
}

/** Short commit of the suite, with `-dirty` when tracked files have local changes; 'unknown' outside git. */
export function suiteCommit(cwd: string): string {
  try {
    const commit = git(['rev-parse', '--short', 'HEAD'], cwd);
    const dirty = git(['status', '--porcelain', '--untracked-files=no'], cwd) !== '';
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}

/**
 * "project (browserName[/channel] [version])" for each project that had tests in this run,
 * leaving out set-up projects (those other projects depend on).
 */
export function browsersOf(suite: Suite, versions: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  const projects = suite.suites.map((s) => s.project());
  const setupNames = new Set(projects.flatMap((p) => [...(p?.dependencies ?? []), ...(p?.teardown ? [p.teardown] : [])]));
  for (const projectSuite of suite.suites) {
    const project = projectSuite.project();
    if (!project || projectSuite.allTests().length === 0 || setupNames.has(project.name)) continue;
    const use = project.use as { browserName?: string; channel?: string; defaultBrowserType?: string };
    const engine = use.browserName ?? use.defaultBrowserType ?? 'chromium';
    const channel = use.channel ? `/${use.channel}` : '';
    const version = versions.get(project.name);
    out.push(`${project.name} (${engine}${channel}${version ? ` ${version}` : ''})`);
  }
  // A merged run holds each project once per shard.
  return [...new Set(out)];
}
