import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { preflight, preflightTarget, TargetUnreachableError } from '../config/preflight';

let server: Server | undefined;

async function serve(status: number, body: object): Promise<string> {
  server = createServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

async function closedPort(): Promise<string> {
  const url = await serve(200, {});
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
  return url;
}

afterEach(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

describe('preflight', () => {
  it('passes a ready target and reads its version', async () => {
    const url = await serve(200, { status: 'ready', version: '1.2.3', started_at: 'x' });
    await expect(preflight(url, 2000)).resolves.toMatchObject({ status: 200, version: '1.2.3' });
  });

  it('says in one sentence that a target is unreachable', async () => {
    const url = await closedPort();
    const error = await preflight(url, 2000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetUnreachableError);
    expect((error as Error).message).toMatch(new RegExp(`^Target ${url} is unreachable: ECONNREFUSED`));
  });

  it('says a target that answers 503 is not ready', async () => {
    const url = await serve(503, { status: 'starting' });
    await expect(preflight(url, 2000)).rejects.toThrow(/is not ready: GET \/health\/ready answered 503/);
  });
});

describe('preflight of a frontend apart from its backend', () => {
  const servers: Server[] = [];
  async function serveOn(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const s = createServer(handler!);
    servers.push(s);
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  const backend = () => serveOn((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}'));

  it('asks the backend for /health/ready and the frontend for its login page', async () => {
    const seen: string[] = [];
    const frontend = await serveOn((req, res) => (seen.push(req.url ?? ''), res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>')));
    await expect(preflightTarget({ baseURL: frontend, apiURL: await backend(), loginPath: '/login' }, 2000)).resolves.toMatchObject({ status: 200 });
    expect(seen).toEqual(['/login']);
  });

  it('says so when the frontend origin serves no pages (an API given as E2E_BASE_URL)', async () => {
    const notAFrontend = await serveOn((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{}'));
    const error = await preflightTarget({ baseURL: notAFrontend, apiURL: await backend(), loginPath: '/login' }, 2000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetUnreachableError);
    expect((error as Error).message).toMatch(/^Frontend .* does not serve its pages: GET \/login answered 404.*E2E_BASE_URL/);
  });

  it('names E2E_API_URL when the backend is the part that is down', async () => {
    const frontend = await serveOn((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(''));
    const error = await preflightTarget({ baseURL: frontend, apiURL: await closedPort(), loginPath: '/login' }, 2000).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/is unreachable: ECONNREFUSED.*Check E2E_API_URL/);
  });
});
