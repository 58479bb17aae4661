import type { Page } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import { progressShownBeforeEnd, type UiSnapshot } from '../harness/recorders/ui-recorder';
import { onRunnerClock, pageClockOffsetMs } from '../harness/recorders/page-clock';

/** A page whose clock runs `skewMs` ahead of the runner's. */
const skewedPage = (skewMs: number) => ({ evaluate: async () => Date.now() + skewMs }) as unknown as Page;

const snapshot = (at: number, over: Partial<UiSnapshot> = {}): UiSnapshot => ({
  at,
  thinking: false,
  thinkingText: null,
  toolsExecuting: 0,
  runsEnded: 0,
  events: 0,
  ...over,
});

describe('one clock for what the page showed', () => {
  it('measures how far the page clock is ahead or behind', async () => {
    expect(Math.abs((await pageClockOffsetMs(skewedPage(7_000))) - 7_000)).toBeLessThan(50);
    expect(Math.abs((await pageClockOffsetMs(skewedPage(-7_000))) + 7_000)).toBeLessThan(50);
  });

  it('a browser host 7 s behind still shows the progress it rendered before the run ended', () => {
    const sentAt = 1_000_000; // runner clock
    const skew = -7_000; // the page's clock is 7 s behind
    const page = [snapshot(sentAt + skew - 50), snapshot(sentAt + skew + 200, { thinking: true, events: 2 }), snapshot(sentAt + skew + 900, { runsEnded: 1, events: 6 })];
    expect(progressShownBeforeEnd(page, sentAt).thinking).toBe(false); // judged on two clocks
    expect(progressShownBeforeEnd(onRunnerClock(page, skew), sentAt)).toMatchObject({ thinking: true, eventsBeforeEnd: 2 });
  });
});
