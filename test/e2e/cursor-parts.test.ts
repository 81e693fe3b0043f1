import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../support/axe.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';

interface Box { x: number; y: number; width: number; height: number }
interface Point { x: number; y: number }

/** One remote cursor as the page shows it: where its arrow's tip is, its label's box and text, and its styles. */
interface ShownCursor {
  tip: Point;
  label: Box & { text: string; fontSize: string; color: string; background: string };
  color: string;
  ariaHidden: boolean;
}

/** How far one press of + zooms (draw-room.ts's ZOOM_STEP), around the board's centre. */
const ZOOM_STEP = 1.25;

async function canvasBox(page: Page): Promise<Box> {
  const box = await page.locator('draw-room canvas.live').boundingBox();
  if (!box) throw new Error('the board canvas is not visible');
  return box;
}

/** The other people's cursors on the page's board: elements with the `cursor` part, read from the page's layout. */
function cursorsOn(page: Page): Promise<ShownCursor[]> {
  return page.evaluate(() => {
    const room = document.querySelector('draw-room')!.shadowRoot!;
    return [...room.querySelectorAll<HTMLElement>('[part~="cursor"]')].map((cursor) => {
      const tip = cursor.getBoundingClientRect();
      const label = cursor.querySelector<HTMLElement>('[part~="cursor-label"]')!;
      const labelBox = label.getBoundingClientRect();
      const labelStyle = getComputedStyle(label);
      return {
        tip: { x: tip.x, y: tip.y },
        label: { x: labelBox.x, y: labelBox.y, width: labelBox.width, height: labelBox.height, text: label.textContent ?? '',
          fontSize: labelStyle.fontSize, color: labelStyle.color, background: labelStyle.backgroundColor },
        color: getComputedStyle(cursor).getPropertyValue('--cursor-color').trim(),
        ariaHidden: cursor.closest('[aria-hidden="true"]') !== null,
      };
    });
  });
}

/** The one cursor on the page, once there is exactly one and `fits` holds for it. */
async function theCursor(page: Page, what: string, fits: (cursor: ShownCursor) => boolean): Promise<ShownCursor> {
  let found: ShownCursor | undefined;
  await eventually(what, async () => {
    const cursors = await cursorsOn(page);
    found = cursors[0];
    return cursors.length === 1 && fits(found!);
  });
  return found!;
}

const near = (a: Point, b: Point, within = 2) => Math.abs(a.x - b.x) <= within && Math.abs(a.y - b.y) <= within;
const at = (box: Box, fx: number, fy: number): Point => ({ x: box.x + box.width * fx, y: box.y + box.height * fy });
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('other people\'s cursors as elements a page can style, in real Chromium pages', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  it('shows alice\'s cursor on bob\'s board at her pointer, labelled, flipped near the edge, moved by his zoom, styled by the page', async () => {
    const [alice, bob] = await stack.visitPair('cursor-parts-room');
    const [aliceCanvas, bobCanvas] = [await canvasBox(alice), await canvasBox(bob)];
    assert.deepEqual([aliceCanvas.width, aliceCanvas.height], [bobCanvas.width, bobCanvas.height], 'the two boards are the same size');
    const aliceColor = await alice.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.participants.find((p) => p.local)!.color);

    // Both pages show the home view: the same fraction of either board is the same board point.
    const middle = at(aliceCanvas, 0.4, 0.5);
    await alice.mouse.move(middle.x, middle.y, { steps: 5 });
    const expected = at(bobCanvas, 0.4, 0.5);
    const shown = await theCursor(bob, 'bob shows alice\'s cursor where her pointer is', (cursor) => near(cursor.tip, expected));
    assert.equal(shown.label.text, 'alice');
    assert.equal(shown.color, aliceColor, 'the cursor carries alice\'s presence colour for styles to use');
    assert.equal(shown.label.background, rgb(aliceColor), 'her name is on a pill of her colour');
    assert.ok(shown.label.x > shown.tip.x && shown.label.y > shown.tip.y, `the label is right of the tip and below it: ${JSON.stringify(shown)}`);
    assert.ok(shown.ariaHidden, 'screen readers are told who is here by the participant list, not by cursors');
    assert.deepEqual(await seriousViolations(bob), [], 'axe finds nothing serious with a cursor shown');

    const edge = at(aliceCanvas, 0.98, 0.5);
    await alice.mouse.move(edge.x, edge.y, { steps: 5 });
    const flipped = await theCursor(bob, 'alice\'s cursor reaches the right edge of bob\'s board', (cursor) => near(cursor.tip, at(bobCanvas, 0.98, 0.5)));
    assert.ok(flipped.label.x + flipped.label.width <= flipped.tip.x, `near the right edge the label is left of the tip: ${JSON.stringify(flipped)}`);
    assert.ok(flipped.label.x >= bobCanvas.x, 'and inside the board');

    await alice.mouse.move(middle.x, middle.y, { steps: 5 });
    await theCursor(bob, 'alice\'s cursor is back in the middle', (cursor) => near(cursor.tip, expected));
    // Bob zooms in from the keyboard: the board point under alice's pointer moves away from his board's centre.
    await bob.locator('draw-room [part="board"]').press('+');
    const centre = at(bobCanvas, 0.5, 0.5);
    const zoomed = { x: centre.x + (expected.x - centre.x) * ZOOM_STEP, y: centre.y + (expected.y - centre.y) * ZOOM_STEP };
    const moved = await theCursor(bob, 'alice\'s cursor follows the board point under bob\'s zoom', (cursor) => near(cursor.tip, zoomed));
    assert.equal(moved.label.height, shown.label.height, 'the same size at any zoom');

    await bob.addStyleTag({ content: 'draw-room::part(cursor-label) { font-size: 20px }' });
    const restyled = await theCursor(bob, 'the page\'s ::part(cursor-label) rule reaches the label', (cursor) => cursor.label.fontSize === '20px');
    assert.ok(restyled.label.height > shown.label.height, `the label grows with its font: ${restyled.label.height} px`);
    await bob.addStyleTag({ content: 'draw-room::part(cursor) { transform: scale(2) }' });
    await eventually('a page\'s transform on ::part(cursor) scales the arrow', async () => (await cursorsOn(bob))[0]!.label.fontSize === '20px' &&
      (await bob.locator('draw-room [part~="cursor"]').boundingBox())!.width > 20);
    assert.ok(near((await cursorsOn(bob))[0]!.tip, zoomed), 'from its tip, which stays on alice\'s pointer');

    await alice.mouse.move(aliceCanvas.x + aliceCanvas.width / 2, aliceCanvas.y - 40);
    await eventually('alice\'s cursor goes from bob\'s board when her pointer leaves hers', async () => (await cursorsOn(bob)).length === 0);
    await alice.mouse.move(middle.x, middle.y, { steps: 5 });
    await theCursor(bob, 'and comes back with it', (cursor) => near(cursor.tip, zoomed));
    await alice.context().close();
    await eventually('alice\'s cursor goes when she leaves the room', async () => (await cursorsOn(bob)).length === 0);
    await bob.context().close();
  });
});
