/**
 * Before any browser starts: is the target there and ready? One clear message instead of a
 * page of timeouts when it is not.
 */
export class TargetUnreachableError extends Error {
  override name = 'TargetUnreachableError';
}

export interface PreflightResult {
  readyUrl: string;
  status: number;
  version?: string;
}

/** Both halves of a target: the backend answers `/health/ready`, the frontend serves its page. */
export async function preflightTarget(target: { baseURL: string; apiURL: string; loginPath: string }, timeoutMs: number): Promise<PreflightResult> {
  const [backend] = await Promise.all([
    preflight(target.apiURL, timeoutMs, '/health/ready', target.apiURL === target.baseURL ? 'E2E_BASE_URL' : 'E2E_API_URL'),
    frontendServes(target.baseURL, target.loginPath, timeoutMs),
  ]);
  return backend;
}

/** The backend's readiness: `GET readyPath` must answer 200. `setting` names the variable to check. */
export async function preflight(baseURL: string, timeoutMs: number, readyPath = '/health/ready', setting = 'E2E_BASE_URL'): Promise<PreflightResult> {
  const readyUrl = new URL(readyPath, baseURL).toString();
  const response = await get(readyUrl, baseURL, timeoutMs, setting);
  if (response.status !== 200) {
    throw new TargetUnreachableError(
      `Target ${baseURL} is not ready: GET ${readyPath} answered ${response.status} ${response.statusText}. ` +
        'Wait for the deployment to finish, or check the target\'s health.',
    );
  }
  const body = (await response.json().catch(() => ({}))) as { version?: unknown };
  return { readyUrl, status: response.status, version: typeof body.version === 'string' ? body.version : undefined };
}

/** The frontend's readiness: its login page loads as an HTML page (a redirect counts: it is served). */
export async function frontendServes(baseURL: string, pagePath: string, timeoutMs: number): Promise<void> {
  const response = await get(new URL(pagePath, baseURL).toString(), baseURL, timeoutMs, 'E2E_BASE_URL');
  const type = response.headers.get('content-type') ?? '';
  const redirected = response.status >= 300 && response.status < 400;
  await response.body?.cancel();
  if (redirected || (response.status === 200 && type.includes('text/html'))) return;
  throw new TargetUnreachableError(
    `Frontend ${baseURL} does not serve its pages: GET ${pagePath} answered ${response.status} ${response.statusText}` +
      `${type ? ` (${type.split(';')[0]})` : ''}. Check that E2E_BASE_URL is the web frontend, not the API.`,
  );
}

async function get(url: string, origin: string, timeoutMs: number, setting: string): Promise<Response> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (error) {
    throw new TargetUnreachableError(
      `Target ${origin} is unreachable: ${describeFetchError(error, timeoutMs)}. ` +
        `Check ${setting}, that the target is running, and that this machine can reach it.`,
    );
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: string } | undefined)?.code;
  return code ? `${code} (${(cause as Error).message})` : String((cause as Error)?.message ?? cause);
}
