/**
 * Just enough of Playwright's Page / WebSocket / Request to drive FrameCapture in unit tests:
 * tests emit the events Playwright would, synchronously, so no waiting is needed.
 */
import { EventEmitter } from 'node:events';
import type { Page } from '@playwright/test';

export class FakeSocket extends EventEmitter {
  constructor(private readonly address: string) {
    super();
  }
  url(): string {
    return this.address;
  }
  /** A frame from the server; objects are sent as JSON. */
  receive(frame: unknown): this {
    this.emit('framereceived', { payload: typeof frame === 'string' ? frame : JSON.stringify(frame) });
    return this;
  }
  /** A frame from the page. */
  send(frame: unknown): this {
    this.emit('framesent', { payload: typeof frame === 'string' ? frame : JSON.stringify(frame) });
    return this;
  }
  fail(message: string): this {
    this.emit('socketerror', message);
    return this;
  }
  close(): this {
    this.emit('close', this);
    return this;
  }
}

export class FakeRequest {
  constructor(
    private readonly verb: string,
    private readonly address: string,
  ) {}
  method(): string {
    return this.verb;
  }
  url(): string {
    return this.address;
  }
}

type Binding = (source: unknown, ...args: unknown[]) => unknown;

export class FakePage extends EventEmitter {
  readonly bindings = new Map<string, Binding>();
  readonly initScripts: unknown[] = [];

  asPage(): Page {
    return this as unknown as Page;
  }
  openSocket(url: string): FakeSocket {
    const socket = new FakeSocket(url);
    this.emit('websocket', socket);
    return socket;
  }
  request(method: string, url: string, status?: number): FakeRequest {
    const request = new FakeRequest(method, url);
    this.emit('request', request);
    if (status !== undefined) this.emit('response', { request: () => request, status: () => status });
    return request;
  }
  async exposeBinding(name: string, binding: Binding): Promise<void> {
    this.bindings.set(name, binding);
  }
  async addInitScript(script: unknown): Promise<void> {
    this.initScripts.push(script);
  }
  /** What the in-page close hook reports when a socket closes. */
  reportClose(url: string, code: number, reason = ''): void {
    for (const binding of this.bindings.values()) binding({}, url, code, reason);
  }
}
