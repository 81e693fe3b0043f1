/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../components/index.js';
import type { DrawRoom } from '../../components/elements/draw-room.js';
import { DrawingDocument } from '../../components/drawing/document.js';
import type { ItemMeta } from '../../components/drawing/board-items.js';
import { HOME_VIEW, panBy, transformOf, visibleBounds, zoomAround, type BoardView, type CanvasSize } from '../../components/drawing/view.js';
import { paintItem } from '../../components/render/item-painter.js';
import { canvasOf, inputCanvasOf, mountRoom, nextFrame, unmountAll } from './helpers.js';

/** What the '-' key zooms by (draw-room's ZOOM_STEP). */
const ZOOM_STEP = 1.25;

/**
 * 120 strokes of 100 points over the home area and beyond it on every side, thick enough that outlines cross the
 * canvas's edges wherever it is panned: more than a view change repaints at once, so the view is previewed. And
 * for each view the test shows, a stroke just left of it whose points (and their half width) lie outside it but
 * whose full-pressure outline reaches in: culling by the points alone would leave out pixels that show.
 */
function bigBoard(views: readonly BoardView[], size: CanvasSize): Uint8Array {
  const document = new DrawingDocument();
  document.ydoc.transact(() => {
    for (let s = 0; s < 120; s++) {
      const [startX, startY] = [-800 + (s % 12) * 280, -400 + Math.floor(s / 12) * 190];
      const points: number[] = [];
      for (let i = 0; i < 100; i++) points.push(startX + i * 3, startY + Math.sin(i / 8 + s) * 60, 0.5 + (i % 6) / 10);
      const meta: ItemMeta = { id: `s${s}`, author: 'a', kind: 'stroke', color: ['#1760cf', '#cf1717', '#17cf60'][s % 3]!, width: 6 + (s % 5) * 4 };
      document.addItem(meta, points);
    }
    views.forEach((view, v) => {
      const edge = visibleBounds(view, size).minX;
      const width = 30;
      document.addItem({ id: `edge-${v}`, author: 'a', kind: 'stroke', color: '#7a17cf', width }, [edge - 0.7 * width, 0, 1, edge - 0.7 * width, 900, 1]);
    });
    document.addItem({ id: 'note', author: 'a', kind: 'text', color: '#222222', width: 1, x: -300, y: 150, text: 'Wide WWW note', fontSize: 48 });
  });
  const snapshot = document.snapshot();
  document.destroy();
  return snapshot;
}

/** Every item painted under the view, none left out: what the board layer must show once the view settles. */
function freshPaint(room: DrawRoom, view: BoardView): Uint8ClampedArray {
  const board = canvasOf(room);
  const canvas = Object.assign(globalThis.document.createElement('canvas'), { width: board.width, height: board.height });
  const context = canvas.getContext('2d')!;
  context.fillStyle = room.drawing.background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  const pixelScale = board.width / board.clientWidth;
  const { scale, offsetX, offsetY } = transformOf(view, { width: board.clientWidth, height: board.clientHeight });
  context.setTransform(pixelScale * scale, 0, 0, pixelScale * scale, pixelScale * offsetX, pixelScale * offsetY);
  for (const item of room.drawing.items) paintItem(context, item);
  return context.getImageData(0, 0, canvas.width, canvas.height).data;
}

const boardPixels = (room: DrawRoom) => {
  const canvas = canvasOf(room);
  return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
};

const differingPixels = (a: Uint8ClampedArray, b: Uint8ClampedArray) => {
  let differing = 0;
  for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3]) differing++;
  return differing;
};

/** Waits (up to 3 s) for the board layer to show `expected`, and says how many pixels still differ. */
async function settlesTo(room: DrawRoom, expected: Uint8ClampedArray): Promise<number> {
  let differing = differingPixels(boardPixels(room), expected);
  for (let frame = 0; frame < 180 && differing > 0; frame++) {
    await nextFrame();
    differing = differingPixels(boardPixels(room), expected);
  }
  return differing;
}

/** A drag with the real mouse (Playwright's, through web-test-runner) between CSS points of the canvas. */
async function mouseDrag(room: DrawRoom, from: [number, number], to: [number, number], button: 'left' | 'middle'): Promise<void> {
  const box = inputCanvasOf(room).getBoundingClientRect();
  const at = ([x, y]: [number, number]): [number, number] => [Math.round(box.left + x), Math.round(box.top + y)];
  await sendMouse({ type: 'move', position: at(from) });
  await sendMouse({ type: 'down', button });
  for (let step = 1; step <= 8; step++) {
    await sendMouse({ type: 'move', position: at([from[0] + ((to[0] - from[0]) * step) / 8, from[1] + ((to[1] - from[1]) * step) / 8]) });
  }
  await sendMouse({ type: 'up', button });
}

describe('<draw-room> moving around a board too big to repaint at every step', () => {
  afterEach(async () => {
    await sendMouse({ type: 'move', position: [0, 0] });
    unmountAll();
  });

  it('shows, once the view stays put, exactly what painting every item at that view shows, after pans and a zoom', async () => {
    const room = await mountRoom();
    const canvas = canvasOf(room);
    const size = { width: canvas.clientWidth, height: canvas.clientHeight };
    // Space+drag, then a middle-button drag: the board follows the pointer by whole CSS pixels; − zooms out.
    const afterSpace = panBy(HOME_VIEW, size, -240, -80);
    const afterMiddle = panBy(afterSpace, size, 200, 180);
    const zoomedOut = zoomAround(afterMiddle, size, size.width / 2, size.height / 2, 1 / ZOOM_STEP);
    room.load(bigBoard([afterSpace, afterMiddle, zoomedOut], size));
    expect(await settlesTo(room, freshPaint(room, HOME_VIEW))).to.equal(0, 'the home view is painted whole');

    room.shadowRoot!.querySelector<HTMLElement>('[part="board"]')!.focus();
    await sendKeys({ down: 'Space' });
    await mouseDrag(room, [400, 300], [160, 220], 'left');
    await sendKeys({ up: 'Space' });
    expect(await settlesTo(room, freshPaint(room, afterSpace))).to.equal(0, 'after a Space+drag');

    await mouseDrag(room, [300, 200], [500, 380], 'middle');
    expect(await settlesTo(room, freshPaint(room, afterMiddle))).to.equal(0, 'after a middle-button drag');

    await sendKeys({ press: 'Minus' });
    expect(await settlesTo(room, freshPaint(room, zoomedOut))).to.equal(0, 'after zooming out with −');
    expect(room.drawing.items).to.have.length(124, 'moving around drew nothing');
  });
});
