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

  it('reaches every control of a narrow widget\'s "More" menu: Enter opens it, arrows walk it, Escape closes it', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', { viewport: { width: 400, height: 700 } });
    await page.locator('body').focus();
    for (let presses = 0; (await focused(page)) !== 'Select'; presses++) {
      assert.ok(presses < 10, `Tab reaches the toolbar (at ${await focused(page)})`);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('End');
    assert.equal(await focused(page), 'More tools', 'More ends the compact row');
    await page.keyboard.press('Enter');
    const menu = page.locator(`${TOOLBAR} #more-menu`);
    assert.equal(await menu.count(), 1, 'Enter opens the menu');
    assert.equal(await menu.locator('[tabindex="0"]').count(), 1, 'the menu is one tab stop');

    const first = await focused(page);
    const walked = [first];
    for (let presses = 0; presses < 40; presses++) {
      await page.keyboard.press('ArrowDown');
      const name = await focused(page);
      if (name === first) break;
      walked.push(name);
    }
    for (const wanted of ['Fill', 'Dash', 'Stroke width', 'Font size', 'Board background', 'Download PNG', 'Download SVG', 'Clear board']) {
      assert.ok(walked.includes(wanted), `↓ reaches "${wanted}", and wraps: ${walked.join(', ')}`);
    }
    assert.ok(walked.some((name) => name.startsWith('Custom colour')), `and the custom colour: ${walked.join(', ')}`);
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(page), walked.at(-1), '↑ goes back, wrapping');

    await page.keyboard.press('Escape');
    assert.equal(await menu.count(), 0, 'Escape closes the menu');
    assert.equal(await focused(page), 'More tools', 'and focus is back on More');
    await page.keyboard.press('Enter');
    while ((await focused(page)) !== 'Dash') await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    assert.equal(await menu.locator('[part="dash"]').getAttribute('aria-pressed'), 'true', 'Space toggles Dash in the menu');
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
