import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { boardDigest, countLivePixels, itemCount, peerNames, pickColor } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { randomId } from '../../protocol/random-id.js';
import { roomLink } from '../support/room-link.js';
import { TouchInput, type Point } from '../support/touch-input.js';

const BOARD_WIDTH = 1600;
const BOARD_HEIGHT = 1000;
const BLUE = '#1760cf';
const TABLET: BrowserContextOptions = { viewport: { width: 800, height: 700 }, hasTouch: true, isMobile: true };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1000, height: 700 } };

interface Box { x: number; y: number; width: number; height: number }
interface Stroke { xs: number[]; ys: number[]; pressures: number[] }

async function canvasBox(page: Page): Promise<Box> {
  const box = await page.locator('draw-room canvas.live').boundingBox();
  if (!box) throw new Error('the board canvas is not visible');
  return box;
}

const homeScale = (canvas: Box) => Math.min(canvas.width / BOARD_WIDTH, canvas.height / BOARD_HEIGHT);
/** Page point → board point at the home view (the 1600 × 1000 area fitted and centred). */
function homeBoardPoint(canvas: Box, [x, y]: Point): Point {
  const scale = homeScale(canvas);
  return [(x - canvas.x - (canvas.width - BOARD_WIDTH * scale) / 2) / scale, (y - canvas.y - (canvas.height - BOARD_HEIGHT * scale) / 2) / scale];
}
const centreOf = (canvas: Box): Point => [canvas.x + canvas.width / 2, canvas.y + canvas.height / 2];

function strokes(page: Page): Promise<Stroke[]> {
  return page.evaluate(() =>
    document.querySelector<DrawRoom>('draw-room')!.drawing.items.flatMap((item) => {
      if (item.kind !== 'stroke') return [];
      const points = Array.from(item.points);
      return [{ xs: points.filter((_, i) => i % 3 === 0), ys: points.filter((_, i) => i % 3 === 1), pressures: points.filter((_, i) => i % 3 === 2) }];
    }));
}

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

describe('pen and touch on the board: fingers pinch and pan, a pen keeps fingers from drawing', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  /** Alice on a touch screen, Bob at a desk, in one room, each with a stroke of Alice's to see the view by. */
  async function tabletAndDesk(): Promise<{ alice: Page; bob: Page; fingers: TouchInput; canvas: Box }> {
    const link = roomLink(stack.server.url, randomId());
    const alice = await stack.visitUrl(link, 'draw-room', TABLET);
    const bob = await stack.visitUrl(link, 'draw-room', DESKTOP);
    await eventually('they see each other', async () => (await peerNames(alice)).length === 1 && (await peerNames(bob)).length === 1);
    const canvas = await canvasBox(alice);
    const fingers = await TouchInput.on(alice);
    await fingers.drag([canvas.x + canvas.width * 0.2, canvas.y + canvas.height * 0.3], [canvas.x + canvas.width * 0.45, canvas.y + canvas.height * 0.35]);
    await eventually('bob has alice\'s first stroke', async () => (await itemCount(bob)) === 1);
    return { alice, bob, fingers, canvas };
  }

  async function leave(...pages: Page[]): Promise<void> {
    for (const page of pages) await page.context().close();
  }

  it('zooms with a pinch around the fingers, drawing nothing; a finger\'s stroke then lands at the zoomed place', async () => {
    const { alice, bob, fingers, canvas } = await tabletAndDesk();
    const [aliceBefore, bobBefore] = [await boardDigest(alice), await boardDigest(bob)];
    const [cx, cy] = centreOf(canvas);

    await fingers.pinch([cx, cy], 80, 240);

    await eventually('alice\'s board shows another zoom', async () => (await boardDigest(alice)) !== aliceBefore);
    assert.equal(await itemCount(alice), 1, 'the pinch drew nothing on alice\'s board');
    assert.equal(await itemCount(bob), 1, 'nor on bob\'s');
    assert.equal(await boardDigest(bob), bobBefore, 'bob\'s view did not move');

    // The fingers' midpoint stayed put, so the board point under it did too, three times larger.
    await fingers.drag([cx, cy], [cx + 90, cy]);
    await eventually('bob has the stroke drawn after the pinch', async () => (await itemCount(bob)) === 2);
    const stroke = (await strokes(bob))[1]!;
    const [anchorX, anchorY] = homeBoardPoint(canvas, [cx, cy]);
    assert.ok(Math.abs(stroke.xs[0]! - anchorX) < 1.5 && Math.abs(stroke.ys[0]! - anchorY) < 1.5, `the stroke starts under the finger: ${stroke.xs[0]}, ${stroke.ys[0]} (expected ${anchorX}, ${anchorY})`);
    const zoom = 90 / homeScale(canvas) / spread(stroke.xs);
    assert.ok(zoom > 2.7 && zoom < 3.3, `fingers spread from 80 to 240 px zoom by 3: 90 px spans ${spread(stroke.xs)} board units, a zoom of ${zoom}`);
    await fingers.close();
    await leave(alice, bob);
  });

  it('pans with two fingers; the stroke the first finger began is dropped for everyone and nothing is kept', async () => {
    const { alice, bob, fingers, canvas } = await tabletAndDesk();
    await pickColor(alice, BLUE);
    const aliceBefore = await boardDigest(alice);
    const [cx, cy] = centreOf(canvas);

    // The first finger starts a stroke that reaches bob live before the second one lands.
    await fingers.land(1, [cx - 50, cy]);
    await fingers.slide(new Map<number, Point>([[1, [cx - 40, cy + 6]]]), 4);
    await eventually('bob sees the first finger\'s stroke live', async () => (await countLivePixels(bob, BLUE)) > 0);
    await fingers.land(2, [cx + 50, cy]);
    await fingers.slide(new Map<number, Point>([[1, [cx + 60, cy + 106]], [2, [cx + 150, cy + 100]]]));
    await fingers.liftAll();

    await eventually('alice\'s view moved', async () => (await boardDigest(alice)) !== aliceBefore);
    await eventually('the live stroke is gone from bob\'s board', async () => (await countLivePixels(bob, BLUE)) === 0);
    assert.equal(await countLivePixels(alice, BLUE), 0, 'and from alice\'s');
    assert.equal(await itemCount(alice), 1, 'nothing was kept on alice\'s board');
    assert.equal(await itemCount(bob), 1, 'nor on bob\'s');
    await fingers.close();
    await leave(alice, bob);
  });

  it('pans with one finger instead of drawing once a pen has drawn, and a pinch still zooms', async () => {
    const { alice, bob, fingers, canvas } = await tabletAndDesk();
    await fingers.penStroke([canvas.x + canvas.width * 0.3, canvas.y + canvas.height * 0.6], [canvas.x + canvas.width * 0.7, canvas.y + canvas.height * 0.6], 0.8);
    await eventually('bob has the pen stroke', async () => (await itemCount(bob)) === 2);
    const penStroke = (await strokes(bob))[1]!;
    assert.ok(penStroke.pressures.every((pressure) => Math.abs(pressure - 0.8) < 0.02), `the stroke was a pen's, with its pressure: ${penStroke.pressures.join(', ')}`);
    const afterPen = await boardDigest(alice);
    const [cx, cy] = centreOf(canvas);

    await fingers.drag([cx, cy], [cx + 120, cy + 60]);
    await eventually('one finger moved alice\'s view', async () => (await boardDigest(alice)) !== afterPen);
    const afterPan = await boardDigest(alice);
    await fingers.pinch([cx, cy], 60, 120);
    await eventually('the pinch zoomed alice\'s view', async () => (await boardDigest(alice)) !== afterPan);

    assert.equal(await itemCount(alice), 2, 'fingers drew nothing after the pen');
    assert.equal(await itemCount(bob), 2, 'bob got nothing new either');
    await fingers.close();
    await leave(alice, bob);
  });

  it('keeps every sample of a fast stroke that the browser coalesced into fewer pointer events', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', DESKTOP);
    const canvas = await canvasBox(page);
    const cdp = await page.context().newCDPSession(page);
    const [x0, y] = [canvas.x + 100, canvas.y + canvas.height / 2];
    const samples = 60;
    await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x: x0, y, button: 'left', buttons: 1, clickCount: 1 });
    // Counted to show the browser did coalesce: otherwise this test would prove nothing.
    await page.evaluate(() => {
      const canvasElement = document.querySelector('draw-room')!.shadowRoot!.querySelector('canvas.live')!;
      window.pointerMoves = 0;
      canvasElement.addEventListener('pointermove', () => (window.pointerMoves = (window.pointerMoves ?? 0) + 1));
    });
    // Sent without waiting for each, while the page is busy (as a slow phone is): they queue up, and Chromium hands
    // them over coalesced, a pointermove a frame carrying the rest.
    const busy = page.evaluate(() => {
      const until = performance.now() + 300;
      while (performance.now() < until);
    });
    await Promise.all(Array.from({ length: samples }, (_, i) => cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: x0 + (i + 1) * 5, y, button: 'left', buttons: 1 })));
    await busy;
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: x0 + samples * 5, y, button: 'left', buttons: 0, clickCount: 1 });
    await cdp.detach();

    await eventually('the stroke is kept', async () => (await itemCount(page)) === 1);
    const pointerMoves = await page.evaluate(() => window.pointerMoves ?? 0);
    const [stroke] = await strokes(page);
    assert.ok(pointerMoves < samples, `the browser coalesced ${samples} moves into ${pointerMoves} pointer events`);
    assert.ok(stroke!.xs.length >= samples, `the stroke has every sample (${stroke!.xs.length} points from ${samples} moves in ${pointerMoves} events)`);
    await page.context().close();
  });

  it('takes touches for itself on the board only: the toolbar and the page scroll and zoom as usual', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', TABLET);
    const touchAction = (selector: string) => page.locator(selector).evaluate((element) => getComputedStyle(element).touchAction);
    assert.equal(await touchAction('draw-room canvas.live'), 'none', 'the board takes every touch');
    for (const selector of ['html', 'body', 'draw-room', 'draw-room draw-toolbar', 'draw-room draw-toolbar button[part~="palette-button"]']) {
      assert.equal(await touchAction(selector), 'auto', `${selector} leaves touches to the browser`);
    }
    await page.context().close();
  });
});
