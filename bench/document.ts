import type { Page } from 'playwright-core';
import { eventually } from '../test/support/eventually.js';
import { startE2eStack } from '../test/support/e2e-stack.js';
import { lateJoin, visit } from './document/late-join.js';
import { panAndZoom } from './document/pan-and-zoom.js';
import { selectionDrag } from './document/selection-drag.js';
import { strokeWireBytes } from './wire-bytes.js';

// `npm run bench:document`: wire bytes per point, late-join sync time, paint latency and frame times while
// panning and zooming a 100k-point board and while dragging a selection of 1,000 items. One JSON line.
const LATENCY_FRAMES = 240;

const stack = await startE2eStack();

/** Records, in every page, when the live layer is painted and how many live points it held. */
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

/** Page A draws one point per animation frame; latency is A's local paint of point k → B's paint of it. */
async function paintLatency(): Promise<{ p50: number; p95: number; samples: number }> {
  const room = 'bench-latency-room';
  const [drawer, viewer] = [await visit(stack, room, 'drawer'), await visit(stack, room, 'viewer')];
  await eventually('the two pages connect', () =>
    viewer.evaluate(() => (document.querySelector('draw-room') as unknown as { peers: unknown[] }).peers.length === 1), 30_000);
  await recordLivePaints(drawer);
  await recordLivePaints(viewer);
  await drawer.evaluate((frames) => new Promise<void>((done) => {
    const canvas = document.querySelector('draw-room')!.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.live')!;
    const box = canvas.getBoundingClientRect();
    const init = { bubbles: true, composed: true, pointerId: 3, pointerType: 'mouse', button: 0, isPrimary: true };
    const at = (i: number) => ({ clientX: box.left + 40 + i * ((box.width - 80) / frames), clientY: box.top + box.height / 2 + Math.sin(i / 12) * 60 });
    canvas.dispatchEvent(new PointerEvent('pointerdown', { ...init, ...at(0) }));
    let frame = 1;
    const step = () => {
      canvas.dispatchEvent(new PointerEvent('pointermove', { ...init, ...at(frame) }));
      if (++frame <= frames) requestAnimationFrame(step);
      else setTimeout(() => { canvas.dispatchEvent(new PointerEvent('pointerup', { ...init, ...at(frames) })); done(); }, 100);
    };
    requestAnimationFrame(step);
  }), LATENCY_FRAMES);
  const [local, remote] = await Promise.all([drawer, viewer].map((page) =>
    page.evaluate(() => (window as unknown as { livePaints: Array<[number, number]> }).livePaints)));
  const firstPaintOf = (log: Array<[number, number]>, point: number) => log.find(([, count]) => count >= point)?.[0];
  const latencies: number[] = [];
  for (let point = 2; point <= LATENCY_FRAMES; point++) {
    const [sent, seen] = [firstPaintOf(local!, point), firstPaintOf(remote!, point)];
    if (sent !== undefined && seen !== undefined) latencies.push(seen - sent);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 100) / 100;
  await drawer.context().close();
  await viewer.context().close();
  return { p50: at(0.5), p95: at(0.95), samples: latencies.length };
}

try {
  const bytesPerPoint = {
    input60HzAt60fps: strokeWireBytes(1).perPoint,
    input120HzAt60fps: strokeWireBytes(2).perPoint,
    input240HzAt60fps: strokeWireBytes(4).perPoint,
  };
  const lateJoinSync = await lateJoin(stack);
  const latencyMs = await paintLatency();
  const panAndZoomFrames = await panAndZoom(stack.browser, 'dist/draw-room.js');
  const selectionDragFrames = await selectionDrag(stack.browser, 'dist/draw-room.js');
  console.log(JSON.stringify({
    bench: 'document',
    bytesPerPoint,
    lateJoinSync,
    localToRemotePaintMs: latencyMs,
    panAndZoomFrames,
    selectionDragFrames,
    goals: { bytesPerPoint: 8, lateJoinMs: 500, p95Ms: 16, panAndZoomFrameP95Ms: 16, selectionDragFrameP95Ms: 16 },
  }));
} finally {
  await stack.close();
}
