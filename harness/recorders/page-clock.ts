/**
 * The recorders stamp what the page showed with the page's own clock, and the tests judge those
 * stamps against moments taken on the runner ("shown before the run ended", "since the message
 * was sent"). With the browser on another host the two clocks can be seconds apart, so every
 * stamp read from the page is moved onto the runner's clock: one clock for every judgement.
 */
import type { Page } from '@playwright/test';

/** How far the page's clock is ahead of the runner's (ms), to within half a round trip. */
export async function pageClockOffsetMs(page: Page): Promise<number> {
  const before = Date.now();
  const pageNow = await page.evaluate(() => Date.now());
  const after = Date.now();
  return pageNow - (before + after) / 2;
}

/** Entries stamped with the page's clock, restamped with the runner's. */
export function onRunnerClock<T extends { at: number }>(entries: readonly T[], offsetMs: number): T[] {
  return entries.map((entry) => ({ ...entry, at: entry.at - offsetMs }));
}
