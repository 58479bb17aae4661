/** Plays a reference run through a fake page into a FrameCapture, as a browser would see it. */
import { FrameCapture } from '../../harness/capture/frame-capture';
import { FakePage, type FakeSocket } from './fake-page';
import { fakeProfile } from './fake-profile';
import { referenceRun } from './run-builder';

export const CHAT_URL = 'ws://127.0.0.1:4310/ws?ticket=tk_secret_ticket_123';

export function connectionEstablished(userId = 'u-1') {
  return {
    type: 'connection_established',
    payload: { connection_id: 'c-1', user_id: userId, server_time: '2025-09-01T09:59:59.000Z', golden_path_events: [] },
    timestamp: '2025-09-01T09:59:59.000Z',
  };
}

export function capturedSession(capture = new FrameCapture(fakeProfile())): { capture: FrameCapture; page: FakePage; socket: FakeSocket } {
  const page = new FakePage();
  capture.attach(page.asPage());
  const socket = page.openSocket(CHAT_URL);
  socket.receive(connectionEstablished());
  return { capture, page, socket };
}

/** A whole run over the socket: mark, user_message, every frame of the reference run. */
export function playReferenceRun(socket: FakeSocket, capture: FrameCapture): void {
  capture.mark('message sent');
  socket.send({ type: 'user_message', payload: { content: 'What did I spend last week?', thread_id: 't-1' } });
  for (const frame of referenceRun()) socket.receive(frame);
}
