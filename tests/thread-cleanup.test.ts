import { describe, expect, it } from 'vitest';
import type { Actor } from '../harness/actor/actor';
import { deleteCreatedThreads } from '../harness/actor/cleanup';
import { ProtocolClients } from '../harness/actor/protocol-clients';
import type { Session, TargetApi } from '../harness/api/target-api';
import type { TargetProfile } from '../profiles/types';
import type { APIRequestContext } from '@playwright/test';

const session = { user: { key: 'user1' }, accessToken: 't' } as unknown as Session;

function fakeApi() {
  const created: string[] = [];
  const deleted: string[] = [];
  const api = {
    createThread: async (_: Session, title: string) => {
      created.push(title);
      return { id: `thread-${created.length}`, title };
    },
    deleteThread: async (_: Session, id: string) => {
      deleted.push(id);
      return 204;
    },
  } as unknown as TargetApi;
  return { api, created, deleted };
}

describe('threads a test creates on a shared target', () => {
  it('carry the shard and worker in their title, and only they are deleted after the test', async () => {
    const { api, created, deleted } = fakeApi();
    const clients = new ProtocolClients(api, {} as TargetProfile, { connectMs: 1, firstEventMs: 1, runMs: 1 }, 's2of3-w1');
    await clients.newThread(session, 'load client 1');
    clients.deleteAfterTest(session, 'made-by-a-raw-post');
    await clients.close();
    expect(created).toEqual(['load client 1 [s2of3-w1]']);
    expect(deleted).toEqual(['thread-1', 'made-by-a-raw-post']);
  });

  it('deleted through the UI session: only the ids the test\'s own pages created', async () => {
    const deleted: string[] = [];
    const request = { delete: async (url: string) => void deleted.push(url) } as unknown as APIRequestContext;
    const profile = { capabilities: { history: true }, readAccessToken: async () => 'token' } as unknown as TargetProfile;
    const actor = (ids: string[], closed = false) => ({ createdThreads: new Set(ids), page: { isClosed: () => closed } }) as unknown as Actor;
    await deleteCreatedThreads([actor(['a', 'b']), actor([]), actor(['c'], true)], request, profile);
    expect(deleted).toEqual(['/api/threads/a', '/api/threads/b']);
  });
});
