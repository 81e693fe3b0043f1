import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { randomId } from '../../protocol/random-id.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { roomLink } from '../support/room-link.js';

const TOOLBAR = 'draw-room draw-toolbar';

/** The accessible name of what has focus in the page: inside the toolbar or the room, else the element's tag. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let element: Element | null = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? element?.localName ?? 'nothing';
  });
}

/** How many of the toolbar's controls Tab can reach (tabindex 0), the palette's swatches aside. */
function tabStops(page: Page): Promise<number> {
  return page.locator(`${TOOLBAR} [part~="toolbar"]`).evaluate((toolbar) =>
    [...toolbar.querySelectorAll<HTMLElement>('button, input, select')].filter((control) => !control.closest('#palette') && control.tabIndex >= 0).length);
}

describe('the toolbar from the keyboard: one tab stop, arrow keys between its controls', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  it('is entered with Tab on one control, walked with ← → Home End, and left with one Tab to the board', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room');
    assert.equal(await tabStops(page), 1, 'the toolbar is one tab stop');
    await page.locator('body').focus();
    for (let presses = 0; (await focused(page)) !== 'Select'; presses++) {
      assert.ok(presses < 10, `Tab reaches the toolbar, on its first tool (at ${await focused(page)})`);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(page), 'Pen');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(page), 'Rectangle');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator(`${TOOLBAR} [part~="tool"][data-tool="rect"]`).getAttribute('aria-pressed'), 'true', 'Enter picks the tool');
    await page.keyboard.press('End');
    assert.equal(await focused(page), 'Clear board');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(page), 'Select', '→ wraps from the last control to the first');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focused(page), 'Clear board', '← wraps back');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const lastUsed = await focused(page);

    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'Drawing board', 'one Tab leaves the toolbar for the board');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(page), lastUsed, 'Shift+Tab comes back to the control last used');
    assert.equal(await tabStops(page), 1);
    await page.context().close();
  });

  it('leaves the arrow keys to a number field, whose caret they move', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room');
    const fontSize = page.locator(`${TOOLBAR} input[aria-label="Font size"]`);
    await fontSize.click();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focused(page), 'Font size', 'focus stays in the field');
    await page.context().close();
  });
});
