import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { randomId } from '../../protocol/random-id.js';
import { roomLink } from '../support/room-link.js';

const BOARD_WIDTH = 1600;
const BOARD_HEIGHT = 1000;
/** The smallest touch target the platform guidelines allow, in CSS pixels. */
const TOUCH_TARGET = 44;
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

type Point = [number, number];
interface Box { x: number; y: number; width: number; height: number }
interface StoredItem { id: string; kind: string; points: number[] }

/** A new room id as the server makes them: 22 characters of [A-Za-z0-9_-]. */

describe('the room page on a phone and in the board surround', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());


  it('stores nothing for a touch stroke started in the grey surround above or below the board', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', PHONE);
    const { canvas, board } = await boardLayout(page);
    const bandAbove = board.y - canvas.y;
    const bandBelow = canvas.y + canvas.height - (board.y + board.height);
    assert.ok(bandAbove >= 40 && bandBelow >= 40, `a phone shows surround above (${bandAbove} px) and below (${bandBelow} px) the board`);

    await touchDrag(page, [canvas.x + canvas.width * 0.2, canvas.y + bandAbove / 2], [canvas.x + canvas.width * 0.8, canvas.y + bandAbove / 2]);
    const belowY = board.y + board.height + bandBelow / 2;
    await touchDrag(page, [canvas.x + canvas.width * 0.8, belowY], [canvas.x + canvas.width * 0.2, belowY]);
    // From the surround up onto the board: the stroke never started, so crossing onto the board draws nothing.
    await touchDrag(page, [canvas.x + canvas.width / 2, belowY], [canvas.x + canvas.width / 2, board.y + board.height / 2]);
    // The same gesture on the board does store a stroke: the ones above had their chance to be stored first.
    const middle = board.y + board.height / 2;
    await touchDrag(page, [board.x + board.width * 0.2, middle], [board.x + board.width * 0.8, middle]);

    await eventually('the stroke drawn on the board is stored', async () => (await storedItems(page)).length > 0);
    const items = await storedItems(page);
    assert.equal(items.length, 1, 'only the stroke started on the board is stored');
    assert.ok(items[0]!.points.every((value, index) => index % 3 !== 1 || Math.abs(value - BOARD_HEIGHT / 2) < 5),
      'the stored stroke is the one drawn across the middle of the board');
    await page.context().close();
  });

  it('keeps a touch stroke dragged from the board out into the surround inside the board', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', PHONE);
    const { canvas, board } = await boardLayout(page);
    const belowBoard = canvas.y + canvas.height - 5;
    assert.ok(belowBoard > board.y + board.height + 20, 'the drag ends well inside the surround below the board');

    await touchDrag(page, [board.x + board.width * 0.3, board.y + board.height / 2], [board.x + board.width * 0.6, belowBoard]);

    await eventually('the stroke is stored', async () => (await storedItems(page)).length === 1);
    const [stroke] = await storedItems(page);
    const xs = stroke!.points.filter((_, index) => index % 3 === 0);
    const ys = stroke!.points.filter((_, index) => index % 3 === 1);
    assert.ok(xs.length >= 5, `the stroke has its points (${xs.length})`);
    assert.ok(xs.every((x) => x >= 0 && x <= BOARD_WIDTH), `every x is on the board: ${xs.join(', ')}`);
    assert.ok(ys.every((y) => y >= 0 && y <= BOARD_HEIGHT), `every y is on the board: ${ys.join(', ')}`);
    assert.equal(Math.max(...ys), BOARD_HEIGHT, 'the part dragged into the surround follows the board\'s bottom edge');
    await page.context().close();
  });

  it('gives every toolbar and header control, and every palette swatch, a 44 px touch target', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', PHONE);
    const controls = [
      ...(await page.locator('draw-room draw-toolbar').locator('button, select, input').all()),
      ...(await page.locator('header').locator('button, input').all()),
    ];
    const measured: string[] = [];
    for (const control of controls) {
      const box = await control.boundingBox();
      if (!box) continue;
      const name = (await control.getAttribute('aria-label')) ?? (await control.getAttribute('id')) ?? (await control.textContent());
      measured.push(`${name}: ${box.height}`);
      assert.ok(box.height >= TOUCH_TARGET, `"${name}" is at least ${TOUCH_TARGET} px tall on a touch screen (${box.height} px)`);
    }
    assert.ok(measured.length >= 15, `the toolbar's tools, colour, width, font, background, undo, export and clear and the header's name and invite are measured: ${measured.join('; ')}`);

    await page.locator('draw-room draw-toolbar button[part~="palette-button"]').tap();
    const swatches = page.locator('draw-room draw-toolbar [part~="swatch"]');
    await eventually('the palette is open', async () => (await swatches.count()) > 0);
    const widget = (await page.locator('draw-room').boundingBox())!;
    const popup = (await page.locator('draw-room draw-toolbar #palette').boundingBox())!;
    assert.ok(inside(popup, widget), `the palette ${JSON.stringify(popup)} lies inside the widget ${JSON.stringify(widget)}`);
    const boxes = await Promise.all((await swatches.all()).map((swatch) => swatch.boundingBox()));
    assert.equal(boxes.length, 80, 'the palette shows all 80 swatches');
    for (const box of boxes) {
      assert.ok(box && box.width >= TOUCH_TARGET && box.height >= TOUCH_TARGET, `a swatch is at least ${TOUCH_TARGET} × ${TOUCH_TARGET} px (${JSON.stringify(box)})`);
      assert.ok(inside(box, popup) && inside(box, widget), `a swatch ${JSON.stringify(box)} lies inside the palette and the widget ${JSON.stringify(widget)}`);
    }
    await page.context().close();
  });

  it('never scrolls the room page sideways, even with the long invite link shown', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', PHONE);
    await page.locator('#share').tap();
    await eventually('the invite link is shown', async () => ((await page.locator('#note').textContent()) ?? '').includes(page.url()));
    const widths = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    assert.ok(widths.scrollWidth <= widths.innerWidth, `the page is no wider than the window: ${JSON.stringify(widths)}`);
    assert.ok(widths.scrollWidth <= PHONE.viewport!.width, `the page is no wider than the phone: ${JSON.stringify(widths)}`);
    await page.context().close();
  });

  it('draws nothing for a mouse drag started in the surround beside the board on a wide page', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', DESKTOP);
    const { canvas, board } = await boardLayout(page);
    const bandLeft = board.x - canvas.x;
    assert.ok(bandLeft >= 20 && canvas.x + canvas.width - (board.x + board.width) >= 20, `a wide, short page shows surround left (${bandLeft} px) and right of the board`);

    const middle = board.y + board.height / 2;
    // Starts in the left band and sweeps across the board: nothing started, so nothing is drawn.
    await mouseDrag(page, [canvas.x + bandLeft / 2, middle], [board.x + board.width / 2, middle]);
    // The same drag started on the board draws: the one above had its chance to be stored first.
    await mouseDrag(page, [board.x + board.width * 0.2, board.y + board.height * 0.3], [board.x + board.width * 0.8, board.y + board.height * 0.3]);

    await eventually('the stroke drawn on the board is stored', async () => (await storedItems(page)).length > 0);
    const items = await storedItems(page);
    assert.equal(items.length, 1, 'only the drag started on the board is stored');
    assert.ok(items[0]!.points.every((value, index) => index % 3 !== 1 || Math.abs(value - BOARD_HEIGHT * 0.3) < 5),
      'the stored stroke is the one drawn on the board');
    await page.context().close();
  });
});

/** The live canvas and, inside it, the board: 1600 × 1000 scaled to fit and centred (the rest is surround). */
async function boardLayout(page: Page): Promise<{ canvas: Box; board: Box }> {
  const canvas = await page.locator('draw-room canvas.live').boundingBox();
  if (!canvas) throw new Error('the board canvas is not visible');
  const scale = Math.min(canvas.width / BOARD_WIDTH, canvas.height / BOARD_HEIGHT);
  const width = BOARD_WIDTH * scale;
  const height = BOARD_HEIGHT * scale;
  return { canvas, board: { x: canvas.x + (canvas.width - width) / 2, y: canvas.y + (canvas.height - height) / 2, width, height } };
}

/** A one-finger drag through the browser's own touch input (Playwright's touchscreen only taps). */
async function touchDrag(page: Page, [fromX, fromY]: Point, [toX, toY]: Point, steps = 15): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: fromX, y: fromY }] });
  for (let step = 1; step <= steps; step++) {
    const x = fromX + ((toX - fromX) * step) / steps;
    const y = fromY + ((toY - fromY) * step) / steps;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

async function mouseDrag(page: Page, from: Point, to: Point): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps: 20 });
  await page.mouse.up();
}

/** The items the page's document holds, points as a flat [x, y, pressure, …] array of board units. */
function storedItems(page: Page): Promise<StoredItem[]> {
  return page.evaluate(() => {
    const room = document.querySelector<DrawRoom>('draw-room')!;
    return room.drawing.items.map((item) => ({ id: item.id, kind: item.kind, points: item.kind === 'stroke' ? Array.from(item.points) : [] }));
  });
}

function inside(inner: Box, outer: Box): boolean {
  const slack = 0.5;
  return inner.x >= outer.x - slack && inner.y >= outer.y - slack &&
    inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;
}
