/**
 * Waits for a captured server frame without polling: a wait is settled by the frame that matches,
 * already seen or arriving later, or rejected after its timeout with what the capture saw.
 */
import { describeWait, waitTimer, type WaitTimeout } from '../runner-load/runner-load';
import type { CapturedFrame, FramePredicate, WaitOptions } from './capture-types';

export const DEFAULT_TIMEOUT_MS = 30_000;

interface Waiter {
  predicate: FramePredicate;
  from: number;
  resolve: (frame: CapturedFrame) => void;
  reject: (error: Error) => void;
  timer: { cancel(): void };
}

/** A frame wait that ran out: its budget, plus the runner's own stall, or the test's time. */
export class FrameWaitTimeout extends Error {
  constructor(
    message: string,
    readonly timeout: WaitTimeout,
  ) {
    super(message);
  }
}

export class FrameWaiters {
  private waiters: Waiter[] = [];

  /** `frames`: the capture's frames so far; `activity`: what the capture saw, for timeout messages. */
  constructor(
    private readonly frames: readonly CapturedFrame[],
    private readonly activity: () => string,
  ) {}

  waitFor(predicate: FramePredicate, options: WaitOptions & { context?: () => string }): Promise<CapturedFrame> {
    const from = options.fromFrameIndex ?? 0;
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    return new Promise<CapturedFrame>((resolve, reject) => {
      try {
        const seen = this.frames.slice(from).find((f) => matches(predicate, f));
        if (seen) return resolve(seen);
      } catch (error) {
        return reject(error instanceof Error ? error : new Error(String(error)));
      }
      const waiter: Waiter = {
        predicate,
        from,
        resolve,
        reject,
        timer: waitTimer(timeout, (ranOut) => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          const context = options.context?.() ?? '';
          reject(new FrameWaitTimeout(`no ${options.description} ${describeWait(timeout, ranOut)}${context}; ${this.activity()}`, ranOut));
        }),
      };
      this.waiters.push(waiter);
    });
  }

  /** Offers a newly captured frame to every pending wait. */
  notify(frame: CapturedFrame): void {
    for (const waiter of [...this.waiters]) {
      if (frame.index < waiter.from) continue;
      let hit: boolean;
      try {
        hit = matches(waiter.predicate, frame);
      } catch (error) {
        this.settle(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (hit) {
        this.settle(waiter);
        waiter.resolve(frame);
      }
    }
  }

  private settle(waiter: Waiter): void {
    waiter.timer.cancel();
    this.waiters = this.waiters.filter((w) => w !== waiter);
  }
}

function matches(predicate: FramePredicate, frame: CapturedFrame): boolean {
  return frame.direction === 'in' && frame.canonical !== undefined && predicate(frame.canonical, frame);
}
