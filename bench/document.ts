import type { Page } from 'playwright-core';
import { newVisitorPage } from '../test/support/browser.js';
import { eventually } from '../test/support/eventually.js';
import { startE2eStack, statusOf } from '../test/support/e2e-stack.js';
import { strokeWireBytes } from './wire-bytes.js';

// `npm run bench:document`: wire bytes per point, late-join sync time and paint latency. One JSON line.
const STROKES = 500;
const POINTS_PER_STROKE = 200;
const LATENCY_FRAMES = 240;

const stack = await startE2eStack();

/** Like stack.visit, with a hook to prepare the page before it loads. */
async function visit(room: string, username: string, before?: (page: Page) => Promise<void>): Promise<Page> {
  if (!before) return stack.visit(room, username);
  const page = await newVisitorPage(stack.browser);
  await before(page);
  await page.goto(stack.site.roomPage(room, username));
  await eventually(`${username} connects`, async () => (await statusOf(page)) === 'connected', 30_000);
  return page;
}

/**
 * Page A holds 100k points; page B joins and times channel open → everything applied and painted, and the
 * part of that after the last chunk of the sync arrived (apply and paint alone).
 */
async function lateJoin(): Promise<{ points: number; channelOpenToPaintedMs: number; applyAndPaintMs: number; pageFreeAgainMs: number }> {
  const room = 'bench-late-join-room';
  const holder = await visit(room, 'holder');
  await holder.evaluate(([strokes, perStroke]) => {
    const room = document.querySelector('draw-room') as unknown as { drawingDocument: { addItem(meta: object, points: number[]): void } };
    for (let s = 0; s < strokes; s++) {
      const points: number[] = [];
      for (let i = 0; i < perStroke; i++) points.push(50 + ((s * 7 + i * 3) % 1500), 50 + ((s * 13 + Math.round(Math.sin(i / 10) * 40)) % 900), 0.5);
      room.drawingDocument.addItem({ id: `bench-${s}`, author: 'bench', kind: 'stroke', color: '#1760cf', width: 3 }, points);
    }
  }, [STROKES, POINTS_PER_STROKE] as const);
  const joiner = await visit(room, 'joiner', async (page) => void await
    page.addInitScript(() => {
      const clock = window as unknown as { joinedAt?: number; paintedAt?: number; lastChangeAt?: number; lastFrameAt?: number };
      addEventListener('draw-room-peer-joined', () => (clock.joinedAt ??= performance.now()));
      void customElements.whenDefined('draw-room').then(() => {
        const room = document.querySelector('draw-room') as unknown as {
          drawingDocument: { onChange(listener: () => void): void };
          view: { renderer: { painting: boolean; paintSlice(budgetMs: number): void } };
          session: { sync: { receive(peerId: string, data: unknown): void } };
        };
        // Painted: the slice that leaves nothing queued has returned, so the canvas holds every stroke.
        let watchingSlices = false;
        const watchSlices = () => {
          if (watchingSlices) return;
          watchingSlices = true;
          const renderer = room.view.renderer;
          const paintSlice = renderer.paintSlice.bind(renderer);
          renderer.paintSlice = (budgetMs) => {
            paintSlice(budgetMs);
            if (!renderer.painting) clock.paintedAt = performance.now();
          };
        };
        // The sync arrives in 60 KB chunks; applying starts when the last one is received.
        const sync = room.session.sync;
        const receive = sync.receive.bind(sync);
        sync.receive = (peerId, data) => {
          watchSlices();
          if (data instanceof ArrayBuffer && data.byteLength > 1024) clock.lastFrameAt = performance.now();
          receive(peerId, data);
        };
        // The page is free again when a task after the last slice runs: on this headless machine that task
        // waits for the software compositor to take the repainted canvas.
        const whenPainted = () => {
          if (room.view.renderer.painting) setTimeout(whenPainted, 0);
          else clock.lastChangeAt = performance.now();
        };
        room.drawingDocument.onChange(() => queueMicrotask(whenPainted));
      });
    }),
  );
  await eventually('the joiner holds and has painted every stroke', () =>
    joiner.evaluate((count) => {
      const room = document.querySelector('draw-room') as unknown as { drawing: { items: unknown[] }; view: { renderer: { painting: boolean } } };
      const painted = (window as unknown as { lastChangeAt?: number }).lastChangeAt !== undefined && !room.view.renderer.painting;
      return room.drawing.items.length === count && painted;
    }, STROKES), 60_000);
  const [total, applyAndPaint, free] = await joiner.evaluate(() => {
    const clock = window as unknown as { joinedAt: number; paintedAt: number; lastChangeAt: number; lastFrameAt: number };
    return [clock.paintedAt - clock.joinedAt, clock.paintedAt - clock.lastFrameAt, clock.lastChangeAt - clock.lastFrameAt];
  });
  await holder.context().close();
  await joiner.context().close();
  return {
    points: STROKES * POINTS_PER_STROKE,
    channelOpenToPaintedMs: Math.round(total!),
    applyAndPaintMs: Math.round(applyAndPaint!),
    pageFreeAgainMs: Math.round(free!),
  };
}

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
  const [drawer, viewer] = [await visit(room, 'drawer'), await visit(room, 'viewer')];
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
  const lateJoinSync = await lateJoin();
  const latencyMs = await paintLatency();
  console.log(JSON.stringify({
    bench: 'document',
    bytesPerPoint,
    lateJoinSync,
    localToRemotePaintMs: latencyMs,
    goals: { bytesPerPoint: 8, lateJoinMs: 500, p95Ms: 16 },
  }));
} finally {
  await stack.close();
}
