import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { newVisitorPage } from '../../test/support/browser.js';
import { eventually } from '../../test/support/eventually.js';
import type { BenchItem } from './board.js';

// Pages holding one local <draw-room> (no server, nothing kept), for benches that time the widget alone: its
// bundle is served from disk through Playwright's routing, so a bundle built from another revision loads the same way.

const ORIGIN = 'http://board.bench.invalid';
export const BOARD_SELECTOR = 'draw-room [part="board"]';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><script type="module" src="/draw-room.js"></script>
<style>body{margin:0} draw-room{--draw-room-height:600px}</style></head>
<body><draw-room persist="none"></draw-room></body></html>`;

/** What benches reach into on the widget (not public API): the document and the renderer. */
interface BenchedRoom {
  drawingDocument: { ydoc: { transact(work: () => void): void }; addItem(meta: object, points: number[]): void };
  drawing: { items: unknown[] };
  view: { renderer: { painting: boolean; settled?: boolean } };
}

/** A page of its own with the widget from `bundlePath` (an ES module), once it has painted its empty board. */
export async function openBoardPage(browser: Browser, bundlePath: string): Promise<Page> {
  const bundle = await readFile(bundlePath);
  const page = await newVisitorPage(browser);
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/draw-room.js') return route.fulfill({ body: bundle, contentType: 'text/javascript' });
    if (path === '/') return route.fulfill({ body: PAGE, contentType: 'text/html' });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/`);
  await page.locator('draw-room canvas.committed').waitFor();
  await waitUntilPainted(page);
  return page;
}

/** Puts the items on the page's board in one document change, and waits until they are all painted. */
export async function loadItems(page: Page, items: readonly BenchItem[]): Promise<void> {
  await page.evaluate((items) => {
    const room = document.querySelector('draw-room') as unknown as BenchedRoom;
    room.drawingDocument.ydoc.transact(() => {
      for (const { meta, points } of items) room.drawingDocument.addItem(meta, points);
    });
  }, items);
  await eventually('the board holds every item', () =>
    page.evaluate((count) => (document.querySelector('draw-room') as unknown as BenchedRoom).drawing.items.length === count, items.length), 60_000);
  await waitUntilPainted(page);
}

/**
 * Until the board shows everything sharp: nothing left to paint in slices and, with a renderer that previews a
 * moving view, the view settled (a renderer without `settled` is settled once painted), then two more frames.
 */
export async function waitUntilPainted(page: Page): Promise<void> {
  await eventually('the board is painted', () =>
    page.evaluate(() => {
      const renderer = (document.querySelector('draw-room') as unknown as BenchedRoom).view.renderer;
      return !renderer.painting && renderer.settled !== false;
    }), 60_000);
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

export interface FrameTimes {
  /** Animation frames recorded, from the first input to the board painted sharp again. */
  frames: number;
  /** Per frame, from its start to its main-thread work done (input, animation callbacks, paint): quantiles. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Frames whose work took longer than a 60 Hz frame. */
  over16_7Ms: number;
  /** The longest time between two frames' starts: work between frames (a repaint in a task) shows here. */
  longestGapMs: number;
  /** Chromium's own long animation frames (over 50 ms), and the longest. */
  longAnimationFrames: number;
  longestAnimationFrameMs: number;
}

interface FrameLog {
  running: boolean;
  work: number[];
  gaps: number[];
  longFrames: number[];
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Records every animation frame's work while `input` (real input through Playwright) runs, and on until the
 * board is painted sharp again. A frame's work is measured from its start (the animation frame's timestamp) to a
 * message posted in its animation callback, which runs once the frame's rendering is done.
 */
export async function recordFrameTimes(page: Page, input: () => Promise<void>): Promise<FrameTimes> {
  await page.evaluate(() => {
    const log: FrameLog = { running: true, work: [], gaps: [], longFrames: [] };
    (window as unknown as { frameLog: FrameLog }).frameLog = log;
    const afterRendering = new MessageChannel();
    afterRendering.port1.onmessage = (event: MessageEvent<number>) => log.work.push(performance.now() - event.data);
    let previous = 0;
    const onFrame = (start: number) => {
      if (!log.running) return;
      if (previous > 0) log.gaps.push(start - previous);
      previous = start;
      afterRendering.port2.postMessage(start);
      requestAnimationFrame(onFrame);
    };
    requestAnimationFrame(onFrame);
    new PerformanceObserver((list) => {
      if (log.running) for (const entry of list.getEntries()) log.longFrames.push(entry.duration);
    }).observe({ type: 'long-animation-frame' });
  });
  await input();
  await waitUntilPainted(page);
  const log = await page.evaluate(() => {
    const log = (window as unknown as { frameLog: FrameLog }).frameLog;
    log.running = false;
    return log;
  });
  const work = [...log.work].sort((a, b) => a - b);
  return {
    frames: work.length,
    p50Ms: round(quantile(work, 0.5)),
    p95Ms: round(quantile(work, 0.95)),
    p99Ms: round(quantile(work, 0.99)),
    maxMs: round(work.at(-1) ?? 0),
    over16_7Ms: work.filter((ms) => ms > 1000 / 60).length,
    longestGapMs: round(Math.max(0, ...log.gaps)),
    longAnimationFrames: log.longFrames.length,
    longestAnimationFrameMs: round(Math.max(0, ...log.longFrames)),
  };
}

/** What paints the page's graphics, as WebGL names it: "SwiftShader" is the CPU, when there is no GPU. */
export function graphicsRenderer(page: Page): Promise<string> {
  return page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'no WebGL';
  });
}
