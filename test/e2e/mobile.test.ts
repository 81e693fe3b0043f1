import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { randomId } from '../../protocol/random-id.js';
import { roomLink } from '../support/room-link.js';
import { seriousViolations } from '../support/axe.js';

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

describe('the room page on a phone, and drawing beyond the home area', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());


  it('keeps a touch stroke drawn above the home area, where the board goes on', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', PHONE);
    const { canvas, board } = await boardLayout(page);
    const bandAbove = board.y - canvas.y;
    assert.ok(bandAbove >= 40, `a phone shows board above the home area (${bandAbove} px)`);

    await touchDrag(page, [canvas.x + canvas.width * 0.2, canvas.y + bandAbove / 2], [canvas.x + canvas.width * 0.8, canvas.y + bandAbove / 2]);

    await eventually('the stroke is stored', async () => (await storedItems(page)).length === 1);
    const ys = (await storedItems(page))[0]!.points.filter((_, index) => index % 3 === 1);
    assert.ok(ys.every((y) => y < 0), `the stroke lies above the home area, where it was drawn: ${ys.join(', ')}`);
    await page.context().close();
  });

  it('keeps a touch stroke dragged from the home area out below it where it was drawn', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', PHONE);
    const { canvas, board } = await boardLayout(page);
    const belowBoard = canvas.y + canvas.height - 5;
    assert.ok(belowBoard > board.y + board.height + 20, 'the drag ends well below the home area');

    await touchDrag(page, [board.x + board.width * 0.3, board.y + board.height / 2], [board.x + board.width * 0.6, belowBoard]);

    await eventually('the stroke is stored', async () => (await storedItems(page)).length === 1);
    const [stroke] = await storedItems(page);
    const ys = stroke!.points.filter((_, index) => index % 3 === 1);
    assert.ok(ys.length >= 5, `the stroke has its points (${ys.length})`);
    assert.ok(Math.max(...ys) > BOARD_HEIGHT + 20, `the part dragged below the home area is kept: ${ys.join(', ')}`);
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
    // The phone's compact toolbar: four tools, colour, undo and More (the rest is in More, measured below).
    assert.ok(measured.length >= 9, `the toolbar's tools, colour, undo and More and the header's name and invite are measured: ${measured.join('; ')}`);

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

  it('fills the widget with the board below one toolbar row, every control inside the screen', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', PHONE);
    const widget = await boxOf(page, 'draw-room');
    const toolbar = await boxOf(page, 'draw-room draw-toolbar');
    const board = await boxOf(page, 'draw-room [part="board"]');
    const canvas = await boxOf(page, 'draw-room canvas.live');
    const statusBar = await boxOf(page, 'draw-room .status-bar');
    assert.deepEqual(canvas, board, 'the canvas covers the whole board area: no surround');
    assert.equal(canvas.x, widget.x);
    assert.equal(canvas.width, widget.width, 'the board is as wide as the widget');
    assert.equal(canvas.y, toolbar.y + toolbar.height, 'the board starts below the toolbar');
    assert.equal(canvas.y + canvas.height, statusBar.y, 'and ends at the status bar');
    assert.equal(statusBar.y + statusBar.height, widget.y + widget.height, 'which ends the widget');

    const controls = await barControls(page);
    assert.ok(controls.length >= 7, `tools, colour, undo and More: ${controls.map(({ name }) => name).join(', ')}`);
    const tops = new Set(controls.map(({ box }) => box.y));
    assert.equal(tops.size, 1, `the toolbar is one row: ${JSON.stringify(controls)}`);
    assert.ok(toolbar.height <= TOUCH_TARGET + 2 * 6 + 1, `one row tall (${toolbar.height} px)`);
    for (const { name, box } of [...controls, ...(await participantBoxes(page))]) {
      assert.ok(inside(box, SCREEN), `"${name}" ${JSON.stringify(box)} lies inside the screen`);
      assert.ok(box.width >= TOUCH_TARGET && box.height >= TOUCH_TARGET, `"${name}" is a ${TOUCH_TARGET} px target (${JSON.stringify(box)})`);
    }
    await page.context().close();
  });

  it('opens "More" with a tap: every control in it a 44 px target inside the screen, axe clean, closed by Escape or a tap outside', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', PHONE);
    const more = page.locator('draw-room draw-toolbar [part="more"]');
    assert.equal(await more.getAttribute('aria-haspopup'), 'dialog');
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    await more.tap();
    const menu = page.locator('draw-room draw-toolbar #more-menu');
    await eventually('the menu is open', async () => (await more.getAttribute('aria-expanded')) === 'true' && (await menu.count()) === 1);

    const items = await menu.locator('button, input, select').all();
    const names: string[] = [];
    for (const item of items) {
      const name = (await item.getAttribute('aria-label')) ?? (await item.textContent()) ?? '?';
      const box = (await item.boundingBox())!;
      names.push(name);
      assert.ok(box.width >= TOUCH_TARGET && box.height >= TOUCH_TARGET, `"${name}" is a ${TOUCH_TARGET} px target (${JSON.stringify(box)})`);
      assert.ok(inside(box, SCREEN), `"${name}" ${JSON.stringify(box)} lies inside the screen`);
    }
    for (const wanted of ['Fill', 'Dash', 'Stroke width', 'Font size', 'Board background', 'Download PNG', 'Download SVG', 'Clear board']) {
      assert.ok(names.some((name) => name.trim() === wanted || name.startsWith(wanted)), `"${wanted}" is in the menu: ${names.join(', ')}`);
    }
    assert.ok(names.includes('Eraser'), `the tools the row has no room for are in the menu: ${names.join(', ')}`);
    assert.deepEqual(await seriousViolations(page), [], 'axe finds nothing serious with the menu open');

    assert.equal(await focusedName(page), names[0], 'the menu opens with focus on its first control');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedName(page), names[1], '↓ moves to the next control');
    await page.keyboard.press('Escape');
    assert.equal(await menu.count(), 0, 'Escape closes the menu');
    assert.equal(await focusedName(page), 'More tools', 'and gives focus back to More');

    await more.tap();
    await eventually('the menu is open again', async () => (await menu.count()) === 1);
    await page.locator('draw-room [part="status"]').tap();
    await eventually('a tap outside closes it', async () => (await menu.count()) === 0);
    await page.context().close();
  });

  for (const width of [360, 390]) {
    it(`never scrolls the room page sideways at ${width} px, the More menu open or not`, async () => {
      const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', { ...PHONE, viewport: { width, height: 740 } });
      const widths = () => page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      const closed = await widths();
      assert.ok(closed.scrollWidth <= closed.innerWidth, `no sideways scroll: ${JSON.stringify(closed)}`);
      await page.locator('draw-room draw-toolbar [part="more"]').tap();
      await eventually('the menu is open', async () => (await page.locator('draw-room draw-toolbar #more-menu').count()) === 1);
      const open = await widths();
      assert.ok(open.scrollWidth <= open.innerWidth && open.innerWidth === width, `no sideways scroll with the menu open: ${JSON.stringify(open)}`);
      const controls = await barControls(page);
      assert.equal(new Set(controls.map(({ box }) => box.y)).size, 1, `one toolbar row at ${width} px`);
      // The page's header is one row too: its name field and invite button side by side, the rest for the board.
      const header = await page.locator('header :is(input, button):visible').evaluateAll((elements) =>
        elements.map((element) => { const box = element.getBoundingClientRect(); return { top: box.top, bottom: box.bottom }; }));
      assert.equal(header.length, 2, 'the name field and the invite button');
      assert.ok(header[0]!.top < header[1]!.bottom && header[1]!.top < header[0]!.bottom, `one header row at ${width} px: ${JSON.stringify(header)}`);
      await page.context().close();
    });
  }

  it('never scrolls the room page sideways, even with the long invite link shown', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', PHONE);
    await page.locator('#share').tap();
    await eventually('the invite link is shown', async () => ((await page.locator('#note').textContent()) ?? '').includes(page.url()));
    const widths = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    assert.ok(widths.scrollWidth <= widths.innerWidth, `the page is no wider than the window: ${JSON.stringify(widths)}`);
    assert.ok(widths.scrollWidth <= PHONE.viewport!.width, `the page is no wider than the phone: ${JSON.stringify(widths)}`);
    await page.context().close();
  });

  it('draws a mouse drag started beside the home area on a wide page, from where it started', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', DESKTOP);
    const { canvas, board } = await boardLayout(page);
    const bandLeft = board.x - canvas.x;
    assert.ok(bandLeft >= 20, `a wide, short page shows board left of the home area (${bandLeft} px)`);

    const middle = board.y + board.height / 2;
    await mouseDrag(page, [canvas.x + bandLeft / 2, middle], [board.x + board.width / 2, middle]);

    await eventually('the stroke is stored', async () => (await storedItems(page)).length === 1);
    const xs = (await storedItems(page))[0]!.points.filter((_, index) => index % 3 === 0);
    assert.ok(Math.min(...xs) < 0, `the stroke starts left of the home area: ${xs.join(', ')}`);
    assert.ok(Math.abs(Math.max(...xs) - BOARD_WIDTH / 2) < 5, `and ends at its middle: ${xs.join(', ')}`);
    await page.context().close();
  });
});

const SCREEN: Box = { x: 0, y: 0, width: PHONE.viewport!.width, height: PHONE.viewport!.height };

async function boxOf(page: Page, selector: string): Promise<Box> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return box;
}

/** The controls in the toolbar's own row (not in its pop-ups), named and measured. */
async function barControls(page: Page): Promise<Array<{ name: string; box: Box }>> {
  const controls = await page.locator('draw-room draw-toolbar [part~="toolbar"] > :is(button, input, select), draw-room draw-toolbar [part~="toolbar"] > .group > button').all();
  return Promise.all(controls.map(async (control) => ({ name: (await control.getAttribute('aria-label')) ?? '?', box: (await control.boundingBox())! })));
}

async function participantBoxes(page: Page): Promise<Array<{ name: string; box: Box }>> {
  const people = await page.locator('draw-room [part~="participant"]').all();
  return Promise.all(people.map(async (person) => ({ name: `avatar ${await person.getAttribute('aria-label')}`, box: (await person.boundingBox())! })));
}

/** The accessible name of what has focus, inside shadow roots. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    let element: Element | null = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element?.getAttribute('aria-label') ?? element?.textContent ?? 'nothing';
  });
}

/** The live canvas and, inside it, the home area: 1600 × 1000 scaled to fit and centred at the home view. */
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
