import type { DrawRoom } from '../../components/elements/draw-room.js';
import type { Browser, Page } from 'playwright-core';
import { newVisitorPage } from '../../test/support/browser.js';
import { eventually } from '../../test/support/eventually.js';
import { percentile } from './latency-histogram.js';

// Paint-to-paint latency between two Chromium pages, as bench/document.ts measures it (one point per animation
// frame on page A; A's local paint of point k → B's paint of it), over the way the pages are made to connect.

/** Page allows only relayed ICE candidates (as behind a network that blocks every direct path). */
export const RELAY_ONLY_ICE = `
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config = {}) {
      super({ ...config, iceTransportPolicy: 'relay' });
    }
    setConfiguration(config = {}) {
      super.setConfiguration({ ...config, iceTransportPolicy: 'relay' });
    }
  };
`;

/** A visitor on `url` (the server's own room page, which asks the server for its ICE servers), connected. */
export async function roomVisitor(browser: Browser, url: string, initScript?: string): Promise<Page> {
  const page = await newVisitorPage(browser);
  if (initScript) await page.addInitScript({ content: initScript });
  await page.goto(url);
  await eventually(`the page on ${url} is connected`, () => page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.status === 'connected'), 30_000);
  return page;
}

/** How each page reaches the other one (participants' state): 'direct', 'turn', 'relay'… */
export function statesOf(page: Page): Promise<string[]> {
  return page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.participants.filter((p) => !p.local).map((p) => p.state));
}

/** Waits until each of the two pages reaches the other the way `state` says. */
export async function reachEachOther(a: Page, b: Page, state: string): Promise<void> {
  await eventually(`the two pages reach each other (${state})`, async () =>
    (await statesOf(a)).join() === state && (await statesOf(b)).join() === state, 30_000);
}

/** Records, in the page, when the live layer is painted and how many live points it held. */
function recordLivePaints(page: Page): Promise<void> {
  return page.evaluate(() => {
    const room = document.querySelector('draw-room') as unknown as { view: { renderer: { paintLive(): void } }; live: { all(): { points: number[] }[] } };
    const renderer = room.view.renderer;
    const paint = renderer.paintLive.bind(renderer);
    const log: Array<[number, number]> = [];
    (window as unknown as { livePaints: typeof log }).livePaints = log;
    renderer.paintLive = () => {
      paint();
      const points = room.live.all().reduce((sum, item) => sum + item.points.length / 3, 0);
      log.push([performance.timeOrigin + performance.now(), points]);
    };
  });
}

/** Draws a pen stroke of `frames` points on `page`, one per animation frame, and lifts the pen 100 ms later. */
export function drawOnePointPerFrame(page: Page, frames: number): Promise<void> {
  return page.evaluate((frames) => new Promise<void>((done) => {
    const canvas = document.querySelector('draw-room')!.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.live')!;
    const box = canvas.getBoundingClientRect();
    const init = { bubbles: true, composed: true, pointerId: 3, pointerType: 'mouse', button: 0, isPrimary: true };
    const at = (i: number) => ({ clientX: box.left + 40 + i * ((box.width - 80) / frames), clientY: box.top + box.height / 2 + Math.sin(i / 12) * 60 });
    canvas.dispatchEvent(new PointerEvent('pointerdown', { ...init, ...at(0) }));
    let frame = 1;
    const step = () => {
      canvas.dispatchEvent(new PointerEvent('pointermove', { ...init, ...at(frame) }));
      if (++frame < frames) requestAnimationFrame(step);
      else setTimeout(() => { canvas.dispatchEvent(new PointerEvent('pointerup', { ...init, ...at(frames - 1) })); done(); }, 100);
    };
    requestAnimationFrame(step);
  }), frames);
}

/** `drawer` draws `frames` points; each point's latency is the drawer's local paint of it → the viewer's. */
export async function paintLatency(drawer: Page, viewer: Page, frames: number): Promise<{ p50: number | null; p95: number | null; samples: number }> {
  await recordLivePaints(drawer);
  await recordLivePaints(viewer);
  await drawOnePointPerFrame(drawer, frames);
  // Let the last points cross before reading the viewer's log.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const [local, remote] = await Promise.all([drawer, viewer].map((page) =>
    page.evaluate(() => (window as unknown as { livePaints: Array<[number, number]> }).livePaints)));
  const firstPaintOf = (log: Array<[number, number]>, point: number) => log.find(([, count]) => count >= point)?.[0];
  const latencies: number[] = [];
  for (let point = 2; point <= frames; point++) {
    const [sent, seen] = [firstPaintOf(local!, point), firstPaintOf(remote!, point)];
    if (sent !== undefined && seen !== undefined) latencies.push(seen - sent);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), samples: latencies.length };
}
