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

export async function preflight(baseURL: string, timeoutMs: number, readyPath = '/health/ready'): Promise<PreflightResult> {
  const readyUrl = new URL(readyPath, baseURL).toString();
  let response: Response;
  try {
    response = await fetch(readyUrl, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (error) {
    throw new TargetUnreachableError(
      `Target ${baseURL} is unreachable: ${describeFetchError(error, timeoutMs)}. ` +
        'Check E2E_BASE_URL, that the target is running, and that this machine can reach it.',
    );
  }
  if (response.status !== 200) {
    throw new TargetUnreachableError(
      `Target ${baseURL} is not ready: GET ${readyPath} answered ${response.status} ${response.statusText}. ` +
        'Wait for the deployment to finish, or check the target\'s health.',
    );
  }
  const body = (await response.json().catch(() => ({}))) as { version?: unknown };
  return { readyUrl, status: response.status, version: typeof body.version === 'string' ? body.version : undefined };
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: string } | undefined)?.code;
  return code ? `${code} (${(cause as Error).message})` : String((cause as Error)?.message ?? cause);
}
