import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { preflight, TargetUnreachableError } from '../config/preflight';

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
