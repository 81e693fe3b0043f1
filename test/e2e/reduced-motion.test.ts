import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { randomId } from '../../protocol/random-id.js';
import { roomLink } from '../support/room-link.js';

/** How long the element's transitions take now, as the browser computes them ("0.12s", "0s"). */
function transitionOf(page: Page, selector: string): Promise<string> {
  return page.locator(selector).first().evaluate((element) => getComputedStyle(element).transitionDuration);
}

const TOOL = 'draw-room draw-toolbar [part~="tool"]';
const BOARD = 'draw-room [part="board"]';
const CLEAR = 'draw-room draw-toolbar [part="clear"]';
/** A page that animates the widget's parts itself: under reduced motion the widget's rule still wins. */
const PAGE_MOTION = 'draw-room::part(board) { transition: opacity 2s; } draw-room::part(tool) { transition: background-color 1s !important; }';

describe('prefers-reduced-motion', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  it('eases the toolbar buttons\' hover colour, and the page\'s own transitions on parts, when motion is fine', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    assert.equal(await transitionOf(page, CLEAR), '0s', 'nothing moves before the mouse comes');
    await page.locator(CLEAR).hover();
    assert.equal(await transitionOf(page, CLEAR), '0.12s', 'the hover colour eases in');
    await page.addStyleTag({ content: PAGE_MOTION });
    assert.equal(await transitionOf(page, BOARD), '2s');
    assert.equal(await transitionOf(page, TOOL), '1s');
    await page.context().close();
  });

  it('makes every one of them instant when the person asks for reduced motion, also as the setting changes', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room');
    await page.addStyleTag({ content: PAGE_MOTION });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.locator(CLEAR).hover();
    for (const selector of [CLEAR, TOOL, BOARD]) {
      assert.equal(await transitionOf(page, selector), '0s', `${selector} moves at once`);
    }
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    assert.equal(await transitionOf(page, BOARD), '2s', 'motion comes back with the setting');
    await page.context().close();
  });
});
