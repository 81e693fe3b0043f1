import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { countPixels, pickColor } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';

const BLUE = '#1760cf';
const BOARD = 'draw-room [part="board"]';

interface Drawn { kind: string; x?: number; y?: number; w?: number; h?: number }

/** The page's items, as its document holds them. */
function drawnItems(page: Page): Promise<Drawn[]> {
  return page.evaluate(() =>
    document.querySelector<DrawRoom>('draw-room')!.drawing.items.map((item) =>
      'w' in item ? { kind: item.kind, x: item.x, y: item.y, w: item.w, h: item.h } : { kind: item.kind }));
}

/** The tool the page's toolbar shows pressed. */
function pressedTool(page: Page): Promise<string | null> {
  return page.locator('draw-room draw-toolbar [part~="tool"][aria-pressed="true"]').getAttribute('data-tool');
}

/** Drags the mouse from (fx, fy) to (tx, ty), fractions of the board canvas, holding Shift throughout when asked. */
async function drag(page: Page, from: [number, number], to: [number, number], { shift = false } = {}): Promise<void> {
  const box = await page.locator('draw-room canvas.live').boundingBox();
  if (!box) throw new Error('the board canvas is not visible');
  const at = ([fx, fy]: [number, number]) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  await page.mouse.move(...at(from));
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.down();
  await page.mouse.move(...at(to), { steps: 15 });
  await page.mouse.up();
  if (shift) await page.keyboard.up('Shift');
}

describe('lines, arrows, Shift and tool keys in real Chromium pages', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  it('draws a line held to 15° steps by Shift, which the peer paints', async () => {
    const [alice, bob] = await stack.visitPair('lines-shift-line');
    await pickColor(alice, BLUE);
    await alice.locator('draw-room draw-toolbar [data-tool="line"]').click();
    // About 21° below the horizontal on a 1600 × 1000 board: Shift makes it 15°.
    await drag(alice, [0.2, 0.3], [0.7, 0.6], { shift: true });
    const [line] = await drawnItems(alice);
    assert.equal(line?.kind, 'line');
    const degrees = (Math.atan2(line.h!, line.w!) * 180) / Math.PI;
    assert.ok(Math.abs(degrees / 15 - Math.round(degrees / 15)) < 0.02, `the line's angle ${degrees}° is a multiple of 15°`);
    assert.ok(Math.abs(degrees) > 1, `the line is not flat: ${degrees}°`);
    await eventually('bob paints alice\'s line', async () => (await countPixels(bob, BLUE)) > 200);
    assert.deepEqual(await drawnItems(bob), [line]);
    for (const page of [alice, bob]) await page.context().close();
  });

  it('picks the arrow with A on the board, and the peer paints the arrow dragged next', async () => {
    const [alice, bob] = await stack.visitPair('lines-key-arrow');
    await pickColor(alice, BLUE);
    await alice.locator(BOARD).press('a');
    assert.equal(await pressedTool(alice), 'arrow', 'the toolbar shows the arrow pressed');
    await drag(alice, [0.2, 0.5], [0.8, 0.4]);
    assert.deepEqual((await drawnItems(alice)).map((item) => item.kind), ['arrow']);
    await eventually('bob paints alice\'s arrow', async () => (await countPixels(bob, BLUE)) > 200);
    assert.deepEqual(await drawnItems(bob), await drawnItems(alice));
    for (const page of [alice, bob]) await page.context().close();
  });

  it('makes a square with R and Shift, and an oblong without Shift', async () => {
    const page = await stack.visit('lines-key-square', 'alice');
    await page.locator(BOARD).press('r');
    await drag(page, [0.2, 0.2], [0.5, 0.4], { shift: true });
    await drag(page, [0.6, 0.6], [0.9, 0.7]);
    const [square, oblong] = await drawnItems(page);
    assert.equal(square?.kind, 'rect');
    assert.equal(Math.abs(square.w!), Math.abs(square.h!), `a square: ${square.w} × ${square.h}`);
    assert.ok(square.w! > 100, `as large as the drag's larger side: ${square.w}`);
    assert.ok(Math.abs(oblong!.w!) > 2 * Math.abs(oblong!.h!), `without Shift the drag's own box: ${oblong!.w} × ${oblong!.h}`);
    await page.context().close();
  });

  it('shows each tool\'s key in its tooltip, and keys pick tools only without Ctrl or Alt and never in a text field', async () => {
    const page = await stack.visit('lines-key-rules', 'alice');
    const pen = page.locator('draw-room draw-toolbar [data-tool="pen"]');
    assert.equal(await pen.getAttribute('title'), 'Pen (P)');
    assert.equal(await pen.getAttribute('aria-keyshortcuts'), 'P');
    const expected = { rect: 'R', ellipse: 'O', line: 'L', arrow: 'A', text: 'T', eraser: 'E', select: 'V' };
    for (const [tool, key] of Object.entries(expected)) {
      await page.locator(BOARD).press(key.toLowerCase());
      assert.equal(await pressedTool(page), tool, `${key} picks the ${tool}`);
    }
    await page.locator(BOARD).press('p');
    // Ctrl+A is select-all (it picks the select tool): Ctrl+L and Alt+E are keys that name a tool and must not pick it.
    await page.locator(BOARD).press('Control+l');
    await page.locator(BOARD).press('Alt+e');
    assert.equal(await pressedTool(page), 'pen', 'Ctrl+L and Alt+E leave the pen');
    await page.locator(BOARD).press('Enter');
    await page.keyboard.type('plate');
    await page.keyboard.press('Enter');
    await eventually('the text is placed', async () => (await drawnItems(page)).some((item) => item.kind === 'text'));
    assert.equal(await pressedTool(page), 'pen', 'typing p, l, a, t and e into the text field picked no tool');
    await page.context().close();
  });
});
