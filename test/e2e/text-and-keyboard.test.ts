import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { pickTool } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { randomId } from '../../protocol/random-id.js';
import { roomKeyFor, roomLink } from '../support/room-link.js';

const BOARD_WIDTH = 1600;
const BOARD_HEIGHT = 1000;
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const TEXT_INPUT = 'draw-room [part="text-input"]';

interface Point { x: number; y: number }
interface TextItem { kind: string; text?: string; x?: number; y?: number }

/** A new room id as the server makes them: 22 characters of [A-Za-z0-9_-]. */

/** The text items of the page's document, in paint order. */
function textItems(page: Page): Promise<TextItem[]> {
  return page.evaluate(() => {
    const room = document.querySelector<DrawRoom>('draw-room')!;
    return room.drawing.items.filter((item) => item.kind === 'text').map(({ kind, text, x, y }) => ({ kind, text, x, y }));
  });
}

/** Where a board point (1600 × 1000 space) is on the page: the board is scaled to fit the canvas and centred in it. */
async function pagePointOf(page: Page, board: Point): Promise<Point> {
  const canvas = await page.locator('draw-room canvas.live').boundingBox();
  if (!canvas) throw new Error('the board canvas is not visible');
  const scale = Math.min(canvas.width / BOARD_WIDTH, canvas.height / BOARD_HEIGHT);
  return {
    x: canvas.x + (canvas.width - BOARD_WIDTH * scale) / 2 + board.x * scale,
    y: canvas.y + (canvas.height - BOARD_HEIGHT * scale) / 2 + board.y * scale,
  };
}

/** Board pixels per CSS pixel on this page: how far a point can land from where it was aimed. */
async function boardPixelsPerCssPixel(page: Page): Promise<number> {
  const canvas = await page.locator('draw-room canvas.live').boundingBox();
  if (!canvas) throw new Error('the board canvas is not visible');
  return 1 / Math.min(canvas.width / BOARD_WIDTH, canvas.height / BOARD_HEIGHT);
}

/** What has focus inside the widget: the `part` of the element focused in its shadow root, if the widget has focus. */
function focusedPartInRoom(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const room = document.querySelector('draw-room');
    if (!room || document.activeElement !== room) return null;
    return room.shadowRoot?.activeElement?.getAttribute('part') ?? null;
  });
}

function assertNear(actual: TextItem, expected: Point, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual.x! - expected.x) <= tolerance && Math.abs(actual.y! - expected.y) <= tolerance,
    `${what}: expected about (${expected.x}, ${expected.y}), got (${actual.x}, ${actual.y})`,
  );
}

async function assertFieldAt(page: Page, at: Point, what: string): Promise<void> {
  const field = await page.locator(TEXT_INPUT).boundingBox();
  assert.ok(field, `${what}: the text field is shown`);
  assert.ok(Math.abs(field.x - at.x) <= 2 && Math.abs(field.y - at.y) <= 2,
    `${what}: the field's corner is where the board was pressed: expected (${at.x}, ${at.y}), got (${field.x}, ${field.y})`);
}

describe('text on the board, by mouse, touch and keyboard', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  const roomPage = (room: string, device: BrowserContextOptions) => stack.visitUrl(roomLink(stack.server.url, room), 'draw-room', device);
  // With the room's key, as the room page's link has it: a page without it could not read the room.
  const hostPage = (room: string, username: string, device: BrowserContextOptions) =>
    stack.visitUrl(stack.site.roomPage(room, username, { roomKey: roomKeyFor(room) }), 'draw-room', device);

  it('places text typed after a click where the board was clicked, and another page in the room gets it', async () => {
    const room = randomId();
    const writer = await roomPage(room, DESKTOP);
    const reader = await hostPage(room, 'reader', DESKTOP);

    await pickTool(writer, 'text');
    const spot = { x: 400, y: 300 };
    const click = await pagePointOf(writer, spot);
    await writer.mouse.click(click.x, click.y);
    await writer.keyboard.type('Hello');
    assert.ok(await writer.locator(TEXT_INPUT).isVisible(), 'the text field stays visible while typing');
    assert.equal(await writer.locator(TEXT_INPUT).inputValue(), 'Hello', 'what is typed goes into the field');
    await assertFieldAt(writer, click, 'the field');
    await writer.keyboard.press('Enter');

    await eventually('the text is in the document', async () => (await textItems(writer)).length > 0);
    const items = await textItems(writer);
    assert.deepEqual(items.map((item) => item.text), ['Hello']);
    assertNear(items[0]!, spot, 2 * (await boardPixelsPerCssPixel(writer)), 'the text is placed at the clicked board point');
    assert.equal(await writer.locator(TEXT_INPUT).count(), 0, 'Enter closes the field');

    await eventually('the other page in the room gets the text', async () => (await textItems(reader)).length > 0);
    assert.deepEqual(await textItems(reader), items, 'the other page has the same text at the same point');
    for (const page of [writer, reader]) await page.context().close();
  });

  it('places text typed after a tap on a phone where the board was tapped, and another page in the room gets it', async () => {
    const room = randomId();
    const phone = await roomPage(room, PHONE);
    const reader = await hostPage(room, 'reader', DESKTOP);

    // The phone's compact toolbar has no room for Text in its row: it is in the "More" menu.
    await phone.locator('draw-room draw-toolbar [part="more"]').tap();
    await phone.locator('draw-room draw-toolbar [data-tool="text"]').tap();
    const spot = { x: 600, y: 450 };
    const tap = await pagePointOf(phone, spot);
    await phone.touchscreen.tap(tap.x, tap.y);
    await eventually('the tap opens the text field', () => phone.locator(TEXT_INPUT).isVisible());
    await phone.keyboard.type('Hello');
    assert.ok(await phone.locator(TEXT_INPUT).isVisible(), 'the text field stays visible while typing');
    assert.equal(await phone.locator(TEXT_INPUT).inputValue(), 'Hello', 'what is typed goes into the field');
    await phone.keyboard.press('Enter');

    await eventually('the text is in the document', async () => (await textItems(phone)).length > 0);
    const items = await textItems(phone);
    assert.deepEqual(items.map((item) => item.text), ['Hello']);
    assertNear(items[0]!, spot, 2 * (await boardPixelsPerCssPixel(phone)), 'the text is placed at the tapped board point');

    await eventually('the other page in the room gets the text', async () => (await textItems(reader)).length > 0);
    assert.deepEqual(await textItems(reader), items, 'the other page has the same text at the same point');
    for (const page of [phone, reader]) await page.context().close();
  });

  it('commits the open text when the board is clicked elsewhere, and opens a new field there', async () => {
    const page = await roomPage(randomId(), DESKTOP);
    await pickTool(page, 'text');
    const first = { x: 300, y: 200 };
    const second = { x: 1100, y: 700 };
    const tolerance = 2 * (await boardPixelsPerCssPixel(page));

    const firstClick = await pagePointOf(page, first);
    await page.mouse.click(firstClick.x, firstClick.y);
    await page.keyboard.type('One');
    const secondClick = await pagePointOf(page, second);
    await page.mouse.click(secondClick.x, secondClick.y);

    await eventually('the first text is committed', async () => (await textItems(page)).length > 0);
    const committed = await textItems(page);
    assert.deepEqual(committed.map((item) => item.text), ['One']);
    assertNear(committed[0]!, first, tolerance, 'the first text stays where it was typed');
    await assertFieldAt(page, secondClick, 'the new field');
    assert.equal(await page.locator(TEXT_INPUT).inputValue(), '', 'the new field starts empty');

    await page.keyboard.type('Two');
    await page.keyboard.press('Enter');
    await eventually('the second text is committed', async () => (await textItems(page)).length > 1);
    const items = await textItems(page);
    assert.deepEqual(items.map((item) => item.text), ['One', 'Two']);
    assertNear(items[1]!, second, tolerance, 'the second text is where the board was clicked the second time');
    await page.context().close();
  });

  it('drops the text when Escape is pressed', async () => {
    const page = await roomPage(randomId(), DESKTOP);
    await pickTool(page, 'text');
    const dropped = await pagePointOf(page, { x: 500, y: 500 });
    await page.mouse.click(dropped.x, dropped.y);
    await page.keyboard.type('Gone');
    await page.keyboard.press('Escape');
    await eventually('Escape closes the field', async () => (await page.locator(TEXT_INPUT).count()) === 0);

    // Text typed afterwards is committed: by then anything left of the dropped text would be in the document too.
    const kept = await pagePointOf(page, { x: 900, y: 300 });
    await page.mouse.click(kept.x, kept.y);
    await page.keyboard.type('Kept');
    await page.keyboard.press('Enter');
    await eventually('the text typed afterwards is committed', async () => (await textItems(page)).length > 0);
    assert.deepEqual((await textItems(page)).map((item) => item.text), ['Kept'], 'the text Escape dropped never reaches the document');
    await page.context().close();
  });

  it('lets a keyboard user reach the board with Tab, see its focus ring, and type text at its centre', async () => {
    // No mouse in this test: everything is done with the keyboard.
    const page = await hostPage(randomId(), 'keys', DESKTOP);
    const board = page.getByRole('group', { name: 'Drawing board' });
    assert.equal(await board.count(), 1, 'the board has the accessible name "Drawing board"');
    assert.equal(await board.getAttribute('part'), 'board');

    for (let presses = 0; (await focusedPartInRoom(page)) !== 'board'; presses++) {
      assert.ok(presses < 50, 'Tab reaches the board');
      await page.keyboard.press('Tab');
    }
    const ring = await board.evaluate((element) => {
      const style = getComputedStyle(element);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    assert.ok(ring.style !== 'none' && ring.width > 0, `the focused board shows a focus ring (${JSON.stringify(ring)})`);

    await page.keyboard.press('Enter');
    await eventually('Enter opens the text field', () => page.locator(TEXT_INPUT).isVisible());
    await assertFieldAt(page, await pagePointOf(page, { x: BOARD_WIDTH / 2, y: BOARD_HEIGHT / 2 }), 'the field opened by Enter');
    await page.keyboard.type('Hi');
    await page.keyboard.press('Enter');

    await eventually('the text is in the document', async () => (await textItems(page)).length > 0);
    const items = await textItems(page);
    assert.deepEqual(items.map((item) => item.text), ['Hi']);
    assertNear(items[0]!, { x: BOARD_WIDTH / 2, y: BOARD_HEIGHT / 2 }, 1, 'the text is at the board\'s centre');
    await eventually('focus goes back to the board', async () => (await focusedPartInRoom(page)) === 'board');
    await page.context().close();
  });
});
