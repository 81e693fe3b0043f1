import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { randomId } from '../../protocol/random-id.js';
import { seriousViolations } from '../support/axe.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { eventually } from '../support/eventually.js';
import { roomLink } from '../support/room-link.js';

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const BAR = 'draw-room draw-toolbar [part~="toolbar"]';
const SLOTTED_BAR = 'draw-room > draw-toolbar [part~="toolbar"]';
const PEN = 'draw-room draw-toolbar [part~="tool"][data-tool="pen"]';
const ERASER = 'draw-room draw-toolbar [part~="tool"][data-tool="eraser"]';
const STATUS_BAR = 'draw-room .status-bar';

// The documented defaults (README, "Themes and styling"), written out: the test holds the widget to them.
const LIGHT = { toolbar: '#f8f9fa', status: '#f8f9fa', button: '#ffffff', buttonText: '#212529', pressed: '#212529' };
const DARK = { toolbar: '#25262b', status: '#1a1b1e', button: '#2c2e33', buttonText: '#e9ecef', pressed: '#e9ecef' };

/** A computed colour of the element `selector` finds (shadow roots pierced), as #rrggbb. */
function colorOf(page: Page, selector: string, property: 'backgroundColor' | 'color'): Promise<string> {
  return page.locator(selector).evaluate((element, name) => {
    const channels = getComputedStyle(element)[name].match(/\d+/g)!.slice(0, 3).map(Number);
    return `#${channels.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
  }, property);
}

/** What a person sees of the chrome: the toolbar, the status bar, an idle tool button and the pressed one. */
async function look(page: Page): Promise<typeof LIGHT> {
  return {
    toolbar: await colorOf(page, BAR, 'backgroundColor'),
    status: await colorOf(page, STATUS_BAR, 'backgroundColor'),
    button: await colorOf(page, ERASER, 'backgroundColor'),
    buttonText: await colorOf(page, ERASER, 'color'),
    pressed: await colorOf(page, PEN, 'backgroundColor'),
  };
}

const setTheme = (page: Page, theme: string) =>
  page.evaluate((value) => document.querySelector('draw-room')!.setAttribute('theme', value), theme);

describe('themes: light, dark, and the page\'s colour scheme', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());
  const visit = () => stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room', DESKTOP);

  it('follows the page\'s colour scheme with theme auto, the default, as the scheme changes', async () => {
    const page = await visit();
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await page.locator('draw-room').getAttribute('theme'), 'auto', 'the default is reflected, for pages to style');
    assert.deepEqual(await look(page), LIGHT);

    await page.emulateMedia({ colorScheme: 'dark' });
    assert.deepEqual(await look(page), DARK, 'a dark scheme turns the chrome dark, with no reload');
    await page.context().close();
  });

  it('keeps theme="light" light on a dark scheme, and theme="dark" dark on a light one', async () => {
    const page = await visit();
    await page.emulateMedia({ colorScheme: 'dark' });
    await setTheme(page, 'light');
    assert.deepEqual(await look(page), LIGHT);

    await page.emulateMedia({ colorScheme: 'light' });
    await setTheme(page, 'dark');
    assert.deepEqual(await look(page), DARK);
    await page.context().close();
  });

  it('themes a toolbar the page slots in as it themes its own', async () => {
    const page = await visit();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => document.querySelector('draw-room')!.append(document.createElement('draw-toolbar')));
    await eventually('the slotted toolbar is shown', () => page.locator(SLOTTED_BAR).isVisible());
    assert.equal(await colorOf(page, SLOTTED_BAR, 'backgroundColor'), DARK.toolbar);
    await setTheme(page, 'light');
    assert.equal(await colorOf(page, SLOTTED_BAR, 'backgroundColor'), LIGHT.toolbar);
    await page.context().close();
  });

  it('lets the page\'s --draw-room-toolbar-background, set on :root, win in both looks', async () => {
    const page = await visit();
    await page.addStyleTag({ content: ':root { --draw-room-toolbar-background: #0b3d2e; --draw-room-button-text: #0b3d2e; }' });
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await colorOf(page, BAR, 'backgroundColor'), '#0b3d2e');
    assert.equal(await colorOf(page, ERASER, 'color'), '#0b3d2e');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await colorOf(page, BAR, 'backgroundColor'), '#0b3d2e', 'the page\'s colour, not the dark default');
    assert.equal(await colorOf(page, STATUS_BAR, 'backgroundColor'), DARK.status, 'what the page left alone stays dark');
    await page.context().close();
  });

  it('exports the default toolbar\'s parts, so a page styles its buttons as draw-room::part(…)', async () => {
    const page = await visit();
    await page.addStyleTag({ content: 'draw-room::part(export-png) { background: #0b3d2e } draw-room::part(history-button) { color: #7a1f1f }' });
    assert.equal(await colorOf(page, 'draw-room draw-toolbar [part~="export-png"]', 'backgroundColor'), '#0b3d2e');
    assert.equal(await colorOf(page, 'draw-room draw-toolbar [part~="history"]', 'color'), '#7a1f1f');
    await page.context().close();
  });

  it('finds no serious or critical accessibility problem in the dark theme: toolbar, open palette, History dialog', async () => {
    const page = await visit();
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.deepEqual(await seriousViolations(page), [], 'the widget');

    await page.locator('draw-room draw-toolbar [part~="palette-button"]').click();
    await eventually('the palette is open', async () => (await page.locator('draw-room draw-toolbar [part~="palette"]').count()) > 0);
    assert.deepEqual(await seriousViolations(page), [], 'with the palette open');
    await page.keyboard.press('Escape');

    await page.locator('draw-room draw-toolbar [part~="history"]').click();
    await eventually('the History dialog is open', () => page.locator('draw-room dialog[part="history"]').isVisible());
    assert.deepEqual(await seriousViolations(page), [], 'with the History dialog open');
    await page.context().close();
  });
});
