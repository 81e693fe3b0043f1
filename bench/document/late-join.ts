import type { Page } from 'playwright-core';
import { newVisitorPage } from '../../test/support/browser.js';
import { eventually } from '../../test/support/eventually.js';
import { statusOf, type E2eStack } from '../../test/support/e2e-stack.js';
import { benchBoardStrokes, type BenchStroke } from './board.js';

/** Like stack.visit, with a hook to prepare the page before it loads. */
export async function visit(stack: E2eStack, room: string, username: string, before?: (page: Page) => Promise<void>): Promise<Page> {
  if (!before) return stack.visit(room, username);
  const page = await newVisitorPage(stack.browser);
  await before(page);
  await page.goto(stack.site.roomPage(room, username));
  await eventually(`${username} connects`, async () => (await statusOf(page)) === 'connected', 30_000);
  return page;
}

export interface LateJoinSync {
  points: number;
  channelOpenToPaintedMs: number;
  applyAndPaintMs: number;
  pageFreeAgainMs: number;
  /** From the joiner's navigation start to its board painted: what a cold open from the server is compared with. */
  navigationToPaintedMs: number;
}

/**
 * Page A holds 100k points (`benchBoardStrokes`); page B joins and times channel open → everything applied and
 * painted, and the part of that after the last chunk of the sync arrived (apply and paint alone).
 */
export async function lateJoin(stack: E2eStack): Promise<LateJoinSync> {
  const room = 'bench-late-join-room';
  const strokes = benchBoardStrokes();
  const holder = await visit(stack, room, 'holder');
  await holder.evaluate((strokes: BenchStroke[]) => {
    const room = document.querySelector('draw-room') as unknown as { drawingDocument: { addItem(meta: object, points: number[]): void } };
    for (const { meta, points } of strokes) room.drawingDocument.addItem(meta, points);
  }, strokes);
  const joiner = await visit(stack, room, 'joiner', async (page) => void await
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
    }, strokes.length), 60_000);
  const [total, applyAndPaint, free, sinceNavigation] = await joiner.evaluate(() => {
    const clock = window as unknown as { joinedAt: number; paintedAt: number; lastChangeAt: number; lastFrameAt: number };
    return [clock.paintedAt - clock.joinedAt, clock.paintedAt - clock.lastFrameAt, clock.lastChangeAt - clock.lastFrameAt, clock.paintedAt];
  });
  await holder.context().close();
  await joiner.context().close();
  return {
    points: strokes.reduce((sum, stroke) => sum + stroke.points.length / 3, 0),
    channelOpenToPaintedMs: Math.round(total!),
    applyAndPaintMs: Math.round(applyAndPaint!),
    pageFreeAgainMs: Math.round(free!),
    navigationToPaintedMs: Math.round(sinceNavigation!),
  };
}
