import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { boardDigest, countPixels, itemCount, pickColor } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';

const BOARD_WIDTH = 1600;
const BOARD_HEIGHT = 1000;
const BLUE = '#1760cf';
const BOARD = 'draw-room [part="board"]';
/** One wheel notch as Chromium reports it. */
const NOTCH = 100;

interface Box { x: number; y: number; width: number; height: number }

/** The page's strokes' points as [x, y] pairs, bottom item first. */
function strokePoints(page: Page): Promise<Array<Array<[number, number]>>> {
  return page.evaluate(() =>
    document.querySelector<DrawRoom>('draw-room')!.drawing.items.map((item) => {
      const pairs: Array<[number, number]> = [];
      if (item.kind === 'stroke') for (let i = 0; i < item.points.length; i += 3) pairs.push([item.points[i]!, item.points[i + 1]!]);
      return pairs;
    }));
}

async function canvasBox(page: Page): Promise<Box> {
  const box = await page.locator('draw-room canvas.live').boundingBox();
  if (!box) throw new Error('the board canvas is not visible');
  return box;
}

/** Board units → CSS pixels at the home view: the 1600 × 1000 area fitted and centred, as before zooming existed. */
const homeScale = (canvas: Box) => Math.min(canvas.width / BOARD_WIDTH, canvas.height / BOARD_HEIGHT);
function homePagePoint(canvas: Box, board: { x: number; y: number }): [number, number] {
  const scale = homeScale(canvas);
  return [canvas.x + (canvas.width - BOARD_WIDTH * scale) / 2 + board.x * scale, canvas.y + (canvas.height - BOARD_HEIGHT * scale) / 2 + board.y * scale];
}

async function mouseDrag(page: Page, from: [number, number], to: [number, number], button: 'left' | 'middle' = 'left'): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down({ button });
  await page.mouse.move(...to, { steps: 12 });
  await page.mouse.up({ button });
}

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

describe('pan and zoom on an infinite board, each page its own view', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  it('zooms one page around the pointer with Ctrl+wheel; a stroke drawn zoomed in lands where that zoom puts it', async () => {
    const [alice, bob] = await stack.visitPair('pan-zoom-ctrl-wheel');
    const canvas = await canvasBox(alice);
    // Something to see zoom: an empty board looks the same at any zoom.
    await mouseDrag(alice, homePagePoint(canvas, { x: 200, y: 200 }), homePagePoint(canvas, { x: 600, y: 300 }));
    await eventually('bob has alice\'s first stroke', async () => (await itemCount(bob)) === 1);
    const [aliceBefore, bobBefore] = [await boardDigest(alice), await boardDigest(bob)];

    const anchor = { x: 800, y: 500 };
    await alice.mouse.move(...homePagePoint(canvas, anchor));
    await alice.keyboard.down('Control');
    for (let notch = 0; notch < 3; notch++) await alice.mouse.wheel(0, -NOTCH);
    await alice.keyboard.up('Control');

    await eventually('alice\'s board shows another zoom', async () => (await boardDigest(alice)) !== aliceBefore);
    assert.equal(await boardDigest(bob), bobBefore, 'bob\'s view did not move');
    assert.equal(await itemCount(alice), 1, 'zooming drew nothing');

    // From the anchor, which zooming around it kept in place, 300 CSS pixels to the right.
    const [startX, startY] = homePagePoint(canvas, anchor);
    await mouseDrag(alice, [startX, startY], [startX + 300, startY]);
    await eventually('bob has the stroke drawn zoomed in', async () => (await itemCount(bob)) === 2);
    const stroke = (await strokePoints(bob))[1]!;
    const xs = stroke.map(([x]) => x);
    const ys = stroke.map(([, y]) => y);
    assert.ok(Math.abs(xs[0]! - anchor.x) < 1 && Math.abs(ys[0]! - anchor.y) < 1, `the stroke starts at the board point under the pointer: ${stroke[0]}`);
    const zoom = 300 / homeScale(canvas) / spread(xs);
    assert.ok(zoom > 1.5 && zoom < 2, `300 px zoomed in by three notches spans ${spread(xs)} board units: a zoom of ${zoom}`);
    assert.ok(spread(ys) < 1, 'the stroke is horizontal on bob\'s board too');
    await alice.context().close();
    await bob.context().close();
  });

  it('pans with Space+drag, the middle button and the wheel without drawing; 0 goes back to the home view', async () => {
    const [alice, bob] = await stack.visitPair('pan-zoom-space-drag');
    const canvas = await canvasBox(alice);
    await mouseDrag(alice, homePagePoint(canvas, { x: 300, y: 300 }), homePagePoint(canvas, { x: 1300, y: 700 }));
    await eventually('bob has the stroke', async () => (await itemCount(bob)) === 1);
    const home = await boardDigest(alice);
    const middle: [number, number] = [canvas.x + canvas.width / 2, canvas.y + canvas.height / 2];

    // The board has had focus since the stroke: Space is the board's.
    await alice.keyboard.down('Space');
    await mouseDrag(alice, middle, [middle[0] + 150, middle[1] + 40]);
    await alice.keyboard.up('Space');
    const afterSpace = await boardDigest(alice);
    assert.notEqual(afterSpace, home, 'Space+drag moved the view');

    await mouseDrag(alice, middle, [middle[0] - 60, middle[1] - 60], 'middle');
    const afterMiddle = await boardDigest(alice);
    assert.notEqual(afterMiddle, afterSpace, 'a middle-button drag moved the view');

    await alice.mouse.wheel(0, NOTCH);
    await eventually('the wheel moved the view', async () => (await boardDigest(alice)) !== afterMiddle);
    assert.equal(await itemCount(alice), 1, 'no pan drew anything');
    assert.equal(await itemCount(bob), 1, 'bob got nothing new either');

    await alice.keyboard.press('Equal');
    await alice.keyboard.press('Digit0');
    assert.equal(await boardDigest(alice), home, '0 shows the home view, pixel for pixel as before');
    await alice.context().close();
    await bob.context().close();
  });

  it('keeps a stroke drawn far outside the home area, which a peer finds with Shift+1', async () => {
    const [alice, bob] = await stack.visitPair('pan-zoom-far-stroke');
    const canvas = await canvasBox(alice);
    await alice.locator(BOARD).focus();
    // Two drags of most of the canvas to the right: the view moves about 2.5 home widths left of the home area.
    for (let drag = 0; drag < 2; drag++) {
      await alice.keyboard.down('Space');
      await mouseDrag(alice, [canvas.x + canvas.width * 0.05, canvas.y + canvas.height / 2], [canvas.x + canvas.width * 0.95, canvas.y + canvas.height / 2]);
      await alice.keyboard.up('Space');
    }
    assert.equal(await itemCount(alice), 0, 'panning drew nothing');
    await pickColor(alice, BLUE);
    await mouseDrag(alice, [canvas.x + canvas.width * 0.3, canvas.y + canvas.height * 0.4], [canvas.x + canvas.width * 0.6, canvas.y + canvas.height * 0.6]);

    await eventually('bob has the far stroke', async () => (await itemCount(bob)) === 1);
    const xs = (await strokePoints(bob))[0]!.map(([x]) => x);
    assert.ok(Math.max(...xs) < -BOARD_WIDTH, `the stroke lies far left of the home area: x ${Math.min(...xs)}…${Math.max(...xs)}`);
    assert.equal(await countPixels(bob, BLUE), 0, 'bob, at the home view, does not see it');

    await bob.locator(BOARD).focus();
    await bob.keyboard.press('Shift+Digit1');
    await eventually('bob sees the far stroke after Shift+1', async () => (await countPixels(bob, BLUE)) > 100);
    assert.equal(await itemCount(bob), 1, 'Shift+1 drew nothing');
    await alice.context().close();
    await bob.context().close();
  });
});
