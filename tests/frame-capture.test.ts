import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrameCapture } from '../harness/capture/frame-capture';
import { capturedSession, CHAT_URL, connectionEstablished, playReferenceRun } from './helpers/captured-run';
import { FakePage } from './helpers/fake-page';
import { fakeProfile } from './helpers/fake-profile';
import { referenceRun, RunBuilder } from './helpers/run-builder';

afterEach(() => {
  vi.useRealTimers();
});

describe('recording', () => {
  it('records chat sockets only, with the ticket redacted', () => {
    const { capture, page } = capturedSession();
    page.openSocket('ws://127.0.0.1:5173/@vite/hmr').receive({ type: 'update' });
    expect(capture.sockets).toHaveLength(1);
    expect(capture.sockets[0]).toMatchObject({ index: 0, url: 'ws://127.0.0.1:4310/ws?ticket=[redacted]', ownerUserId: 'u-1' });
    expect(capture.frames).toHaveLength(1);
  });

  it('records both directions with arrival time, parsed and canonical frames', () => {
    const { capture, socket } = capturedSession();
    playReferenceRun(socket, capture);
    const out = capture.frames.filter((f) => f.direction === 'out');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ socketIndex: 0, variant: 'canonical', canonical: { type: 'user_message' } });
    expect(capture.serverFrames()).toHaveLength(1 + referenceRun().length);
    expect(capture.runFrames('r-1')).toEqual(referenceRun());
    expect(capture.runIds()).toEqual(['r-1']);
    expect(capture.violations).toEqual([]);
    expect(capture.frames.every((f) => typeof f.at === 'number' && f.raw.length > 0)).toBe(true);
  });

  it('keeps recording sockets opened later (reconnects)', () => {
    const { capture, page, socket } = capturedSession();
    socket.receive(referenceRun()[0]).close();
    const second = page.openSocket(CHAT_URL.replace('123', '456'));
    second.receive(connectionEstablished()).receive(referenceRun()[1]);
    expect(capture.sockets.map((s) => s.index)).toEqual([0, 1]);
    expect(capture.sockets[0]?.closedAt).toBeTypeOf('number');
    expect(capture.runFrames('r-1').map((f) => f.seq)).toEqual([1, 2]);
    expect(capture.frames.at(-1)?.socketIndex).toBe(1);
  });

  it('normalises through the profile: variants and batches', () => {
    const { capture, socket } = capturedSession();
    const [started, thinking] = referenceRun();
    const { payload, ...envelope } = started as { payload: unknown };
    socket.receive({ ...envelope, data: payload });
    socket.receive({ type: 'event_batch', events: [thinking] });
    socket.receive({ type: 'noise' });
    expect(capture.frames.slice(1).map((f) => [f.variant, f.canonical?.type])).toEqual([
      ['data', 'agent_started'],
      ['canonical', 'agent_thinking'],
      [undefined, undefined],
    ]);
    expect(capture.violations).toEqual([]);
  });

  it('collects schema violations with their field path instead of throwing', () => {
    const { capture, socket } = capturedSession();
    const frames = new RunBuilder().started('supervisor').toolExecuting('supervisor', 'cost_model').build();
    const tool = frames[1] as { payload: Record<string, unknown> };
    delete tool.payload.execution_id;
    socket.receive(frames[0]).receive(tool).receive('not json {').receive({ type: 'mystery' });
    socket.send({ type: 'user_message', payload: { content: 'hi' } }).send({ type: 'dance' });
    expect(capture.violations).toEqual([
      { frameIndex: 2, type: 'tool_executing', path: 'payload.execution_id', message: expect.stringContaining('expected string'), clause: 'C3.18' },
      { frameIndex: 3, type: 'not JSON', path: '', message: 'the server sent a frame that is not valid JSON' },
      { frameIndex: 4, type: 'mystery', path: 'type', message: 'unknown frame type "mystery"' },
      { frameIndex: 5, type: 'user_message', path: 'payload.thread_id', message: expect.any(String) },
      { frameIndex: 6, type: 'dance', path: 'type', message: 'unknown client frame type "dance"' },
    ]);
  });

  it('keeps going when the profile throws', () => {
    const profile = { ...fakeProfile(), normalizeServerFrame: () => { throw new Error('boom'); } };
    const page = new FakePage();
    const capture = new FrameCapture(profile);
    capture.attach(page.asPage());
    expect(() => page.openSocket(CHAT_URL).receive({ type: 'heartbeat' })).not.toThrow();
    expect(capture.violations[0]?.message).toContain('could not normalise this frame: boom');
  });

  it('learns close codes from the page hook', async () => {
    const { capture, page, socket } = capturedSession();
    await Promise.resolve(); // the hook's bindings are registered asynchronously
    socket.close();
    page.reportClose(CHAT_URL, 1008, 'AUTH_FAILED');
    expect(capture.sockets[0]).toMatchObject({ closeCode: 1008, closeReason: 'AUTH_FAILED' });
    expect(page.initScripts).toHaveLength(1);
  });
});

describe('send paths', () => {
  it('tells a WebSocket send from a REST send and from none', () => {
    const { capture, page, socket } = capturedSession();
    const ws = capture.mark('ws send');
    socket.send({ type: 'chat_message', payload: { content: 'hi', thread_id: 't-1' } });
    const rest = capture.mark('rest send');
    page.request('GET', 'http://127.0.0.1:4310/api/threads');
    page.request('POST', 'http://127.0.0.1:4310/api/agent/v2/execute?token=abc', 200);
    const none = capture.mark('nothing');
    expect([capture.sendSince(ws)?.path, capture.sendSince(rest)?.path, capture.sendSince(none)]).toEqual(['websocket', 'rest', undefined]);
    expect(capture.sendPaths[1]).toMatchObject({ path: 'rest', method: 'POST', status: 200, url: expect.stringContaining('token=[redacted]') });
    expect(capture.frames.at(-1)?.variant).toBe('alias chat_message');
    expect(() => capture.sendSince(9)).toThrow(RangeError);
  });
});

describe('waiting', () => {
  it('resolves with a frame already seen, and with one arriving later', async () => {
    const { capture, socket } = capturedSession();
    const [started, thinking] = referenceRun();
    socket.receive(started);
    await expect(capture.waitForFrame((f) => f.type === 'agent_started', { description: 'start' })).resolves.toEqual(started);
    const later = capture.waitForFrame((f) => f.type === 'agent_thinking', { description: 'thinking', timeout: 1000 });
    socket.receive(thinking);
    await expect(later).resolves.toEqual(thinking);
  });

  it('finds the run start after a marker and the run end with its final_report', async () => {
    const { capture, socket } = capturedSession();
    for (const frame of referenceRun({ runId: 'r-old', threadId: 't-1', userId: 'u-1' })) socket.receive(frame);
    capture.mark('message sent');
    const start = capture.waitForRunStart();
    const frames = referenceRun();
    socket.receive(frames[0]);
    const runId = await start;
    expect(runId).toBe('r-1');
    const end = capture.waitForRunEnd(runId, 1000);
    for (const frame of frames.slice(1)) socket.receive(frame);
    await expect(end).resolves.toMatchObject({ type: 'final_report', run_id: 'r-1' });
    expect(capture.checkSequence(runId, { requireEnded: true })).toEqual([]);
  });

  it('ends a run at agent_error, and at agent_completed when the profile has no final reports', async () => {
    const failing = capturedSession();
    const failed = new RunBuilder().started('supervisor').error('supervisor').build();
    for (const f of failed) failing.socket.receive(f);
    await expect(failing.capture.waitForRunEnd('r-1', 10)).resolves.toMatchObject({ type: 'agent_error' });

    const plain = capturedSession(new FrameCapture(fakeProfile({ finalReport: false })));
    for (const f of new RunBuilder().started('supervisor').completed('supervisor', 'done').build()) plain.socket.receive(f);
    await expect(plain.capture.waitForRunEnd('r-1', 10)).resolves.toMatchObject({ type: 'agent_completed' });
  });

  it('rejects on timeout naming what was awaited and the last frames', async () => {
    vi.useFakeTimers();
    const { capture, socket } = capturedSession();
    for (const frame of referenceRun().slice(0, 4)) socket.receive(frame);
    const wait = capture.waitForFrame((f) => f.type === 'agent_completed' && f.agent_name === 'supervisor', {
      timeout: 60_000,
      description: 'agent_completed of supervisor for run r-1',
    });
    const assertion = expect(wait).rejects.toThrow(
      /^no agent_completed of supervisor for run r-1 within 60000 ms; last frames: #0 in connection_established, #1 in agent_started supervisor, .*#4 in agent_thinking triage_agent; sockets: #0 open$/,
    );
    await vi.advanceTimersByTimeAsync(60_000);
    await assertion;
  });

  it('names the first frame off the contract when a wait finds nothing: a misnamed field hides the frame it waits for', async () => {
    vi.useFakeTimers();
    const { capture, socket } = capturedSession();
    const started = new RunBuilder().started('supervisor').build()[0] as unknown as Record<string, unknown>;
    const { agent_name, ...renamed } = started;
    socket.receive({ ...renamed, agent: agent_name });
    const assertion = expect(capture.waitForRunStart(undefined, 5000)).rejects.toThrow(
      /^no agent_started of supervisor .*within 5000 ms; frames off the contract: C3\.17: frame 1 agent_started: agent_name .*; last frames:/,
    );
    await vi.advanceTimersByTimeAsync(5000);
    await assertion;
  });

  it('says how the message went out when no run starts', async () => {
    vi.useFakeTimers();
    const { capture, page } = capturedSession();
    capture.mark('message sent');
    page.request('POST', 'http://127.0.0.1:4310/api/agent/v2/execute', 200);
    const assertion = expect(capture.waitForRunStart(undefined, 5000)).rejects.toThrow(
      'no agent_started of supervisor after capture frame 1 within 5000 ms; the message went out over REST (POST http://127.0.0.1:4310/api/agent/v2/execute → 200)',
    );
    await vi.advanceTimersByTimeAsync(5000);
    await assertion;
  });

  it('reports a missed final_report', async () => {
    vi.useFakeTimers();
    const { capture, socket } = capturedSession();
    for (const f of new RunBuilder().started('supervisor').completed('supervisor', 'done').build()) socket.receive(f);
    const assertion = expect(capture.waitForRunEnd('r-1', 1000)).rejects.toThrow(/^no final_report for run r-1 after the supervisor's agent_completed/);
    await vi.advanceTimersByTimeAsync(1000);
    await assertion;
  });
});

describe('sequence check', () => {
  it("uses the profile's capabilities and the socket owner", () => {
    const { capture, socket } = capturedSession();
    socket.receive(connectionEstablished('u-9'));
    for (const f of referenceRun()) socket.receive(f);
    expect(capture.checkSequence('r-1').map((v) => v.rule)).toEqual(['R5-envelope']);
    expect(capture.runs()).toEqual([{ runId: 'r-1', frames: referenceRun() }]);
  });
});

describe('report snapshot', () => {
  it('serialises redacted', () => {
    const { capture, socket } = capturedSession();
    socket.send({ type: 'user_message', payload: { content: 'my token=abcdef', thread_id: 't-1' } });
    const json = JSON.stringify(capture);
    expect(json).not.toContain('tk_secret_ticket_123');
    expect(json).not.toContain('abcdef');
  });
});
