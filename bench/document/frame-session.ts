import type { Browser, Page } from 'playwright-core';
import type { BenchItem } from './board.js';
import { graphicsRenderer, loadItems, openBoardPage, recordFrameTimes, type FrameTimes } from './board-page.js';

// What the frame-time benches (pan-and-zoom, selection-drag) share: input at 60 Hz, a session on a page of its own,
// and their figures' ratios.

/** A 60 Hz input device: one wheel step or pointer move a frame. */
const INPUT_INTERVAL_MS = 16;

/** Runs `step` `count` times, one every 16 ms, as a 60 Hz mouse or trackpad sends its events. */
export async function steps(count: number, step: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < count; i++) {
    await step(i);
    await new Promise((resolve) => setTimeout(resolve, INPUT_INTERVAL_MS));
  }
}

/** Frame times of `session` (real input) on a page of its own with the widget from `bundle` and `items` on its board. */
export async function framesOn(
  browser: Browser,
  bundle: string,
  items: readonly BenchItem[],
  session: (page: Page) => Promise<void>,
): Promise<{ frames: FrameTimes; graphics: string }> {
  const page = await openBoardPage(browser, bundle);
  try {
    await loadItems(page, items);
    const frames = await recordFrameTimes(page, () => session(page));
    return { frames, graphics: await graphicsRenderer(page) };
  } finally {
    await page.context().close();
  }
}

export const round2 = (value: number) => Math.round(value * 100) / 100;

/** Ours over another run's p95 and p99 (a floor of 0.1 ms keeps an idle run from dividing by zero). */
export function ratios(ours: FrameTimes, other: FrameTimes): { p95: number; p99: number } {
  const ratio = (a: number, b: number) => round2(a / Math.max(b, 0.1));
  return { p95: ratio(ours.p95Ms, other.p95Ms), p99: ratio(ours.p99Ms, other.p99Ms) };
}
