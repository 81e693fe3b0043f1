import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { drawLine } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, statusOf, type E2eStack } from '../support/e2e-stack.js';
import { randomId } from '../../protocol/random-id.js';
import { roomLink } from '../support/room-link.js';

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PALETTE_BUTTON = 'draw-room draw-toolbar button[part~="palette-button"]';
const POPUP = 'draw-room draw-toolbar .swatches';
const SWATCHES = `${POPUP} button[part="swatch"]`;
const CUSTOM_COLOUR = 'draw-room draw-toolbar input[type="color"][aria-label^="Custom colour"]';

interface Box { x: number; y: number; width: number; height: number }

/** A new room id as the server makes them: 22 characters of [A-Za-z0-9_-]. */

/** The colours of the page's document items, in paint order. */
function itemColors(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    document.querySelector<DrawRoom>('draw-room')!.drawing.items.map((item) => item.color));
}

/** The colour the palette button shows as the current one, as #rrggbb. */
function currentSwatchColor(page: Page): Promise<string> {
  return page.locator(`${PALETTE_BUTTON} .current`).evaluate((element) => {
    const channels = getComputedStyle(element).backgroundColor.match(/\d+/g)!.slice(0, 3).map(Number);
    return `#${channels.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
  });
}

/** The part of what has focus inside the toolbar of the widget, if focus is there. */
function focusedInToolbar(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const room = document.querySelector('draw-room');
    if (!room || document.activeElement !== room) return null;
    const toolbar = room.shadowRoot?.activeElement;
    if (toolbar?.localName !== 'draw-toolbar') return null;
    return toolbar.shadowRoot?.activeElement?.getAttribute('part') ?? null;
  });
}

const isPaletteOpen = async (page: Page) => (await page.locator(POPUP).count()) > 0 && (await page.locator(POPUP).isVisible());

function assertInside(inner: Box, outer: Box, what: string): void {
  const slack = 0.5;
  assert.ok(
    inner.x >= outer.x - slack && inner.y >= outer.y - slack &&
      inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack,
    `${what}: ${JSON.stringify(inner)} lies inside ${JSON.stringify(outer)}`,
  );
}

/** Every swatch of the open palette lies inside the widget and is not scrolled out of the pop-up. */
async function assertAllSwatchesShown(page: Page, where: string): Promise<void> {
  const widget = await page.locator('draw-room').boundingBox();
  const popup = await page.locator(POPUP).boundingBox();
  assert.ok(widget && popup, 'the widget and the palette are shown');
  assertInside(popup, widget, `${where}: the palette pop-up`);
  const swatches = await page.locator(SWATCHES).evaluateAll((elements) => elements.map((element) => {
    const { x, y, width, height } = element.getBoundingClientRect();
    return { title: element.getAttribute('title'), box: { x, y, width, height } };
  }));
  assert.equal(swatches.length, 80, 'the palette offers 80 swatches');
  for (const { title, box } of swatches) {
    assertInside(box, widget, `${where}: swatch ${title} within the widget`);
    assertInside(box, popup, `${where}: swatch ${title} within the pop-up's visible box`);
  }
}

describe('the toolbar\'s colour and its palette pop-up', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  async function goToRoom(page: Page, url: string): Promise<void> {
    await page.goto(url);
    await eventually(`the widget on ${url} is connected`, async () => (await statusOf(page)) === 'connected', 30_000);
  }
  const roomPageUrl = () => roomLink(stack.server.url, randomId());

  it('shows, right after load, the colour the pen draws with, in the custom colour input and the palette button', async () => {
    const page = await stack.visitUrl(roomPageUrl(), 'draw-room', DESKTOP);
    // Each load starts with a colour picked at random: three loads make a match by chance unlikely.
    for (let load = 1; load <= 3; load++) {
      if (load > 1) await goToRoom(page, roomPageUrl());
      const shownInInput = await page.locator(CUSTOM_COLOUR).inputValue();
      const shownOnButton = await currentSwatchColor(page);
      await drawLine(page, [0.3, 0.5], [0.7, 0.5]);
      await eventually('the stroke is in the document', async () => (await itemColors(page)).length > 0);
      const [drawn] = await itemColors(page);
      assert.deepEqual({ shownInInput, shownOnButton }, { shownInInput: drawn, shownOnButton: drawn },
        `load ${load}: the toolbar shows the colour the pen draws with (${drawn})`);
    }
    await page.context().close();
  });

  it('opens on click, and picking a swatch closes it, uses that colour and gives focus back to the palette button', async () => {
    const page = await stack.visitUrl(roomPageUrl(), 'draw-room', DESKTOP);
    assert.equal(await isPaletteOpen(page), false, 'the palette starts closed');
    await page.locator(PALETTE_BUTTON).click();
    assert.equal(await isPaletteOpen(page), true, 'a click opens the palette');
    assert.equal(await page.locator(PALETTE_BUTTON).getAttribute('aria-expanded'), 'true');

    const current = await page.locator(CUSTOM_COLOUR).inputValue();
    const colors = await page.locator(SWATCHES).evaluateAll((elements) => elements.map((element) => element.getAttribute('data-color')!));
    const picked = colors.find((color) => color !== current)!;
    await page.locator(`${SWATCHES}[data-color="${picked}"]`).click();

    await eventually('picking a swatch closes the palette', async () => !(await isPaletteOpen(page)));
    assert.equal(await page.locator(PALETTE_BUTTON).getAttribute('aria-expanded'), 'false');
    assert.equal(await focusedInToolbar(page), 'palette-button', 'focus is back on the palette button');
    assert.equal(await page.locator(CUSTOM_COLOUR).inputValue(), picked, 'the custom colour input shows the picked colour');
    assert.equal(await currentSwatchColor(page), picked, 'the palette button shows the picked colour');
    await drawLine(page, [0.3, 0.6], [0.7, 0.6]);
    await eventually('the stroke is in the document', async () => (await itemColors(page)).length > 0);
    assert.deepEqual(await itemColors(page), [picked], 'the pen draws in the picked colour');
    await page.context().close();
  });

  it('closes on Escape and gives focus back to the palette button', async () => {
    const page = await stack.visitUrl(roomPageUrl(), 'draw-room', DESKTOP);
    const before = await page.locator(CUSTOM_COLOUR).inputValue();
    await page.locator(PALETTE_BUTTON).click();
    assert.equal(await isPaletteOpen(page), true, 'a click opens the palette');
    await page.keyboard.press('Escape');
    await eventually('Escape closes the palette', async () => !(await isPaletteOpen(page)));
    assert.equal(await focusedInToolbar(page), 'palette-button', 'focus is back on the palette button');
    assert.equal(await page.locator(CUSTOM_COLOUR).inputValue(), before, 'Escape leaves the colour as it was');
    await page.context().close();
  });

  it('closes when the person draws on the board instead, and the stroke is drawn', async () => {
    const page = await stack.visitUrl(roomPageUrl(), 'draw-room', DESKTOP);
    await page.locator(PALETTE_BUTTON).click();
    assert.equal(await isPaletteOpen(page), true, 'a click opens the palette');
    const popup = (await page.locator(POPUP).boundingBox())!;
    const canvas = (await page.locator('draw-room canvas.live').boundingBox())!;
    assert.ok(canvas.y + canvas.height * 0.8 > popup.y + popup.height, 'the stroke is drawn clear of the pop-up');

    await drawLine(page, [0.2, 0.8], [0.8, 0.8]);
    await eventually('drawing on the board closes the palette', async () => !(await isPaletteOpen(page)));
    await eventually('the stroke is in the document', async () => (await itemColors(page)).length === 1);
    await page.context().close();
  });

  it('closes when another tool is chosen', async () => {
    const page = await stack.visitUrl(roomPageUrl(), 'draw-room', DESKTOP);
    await page.locator(PALETTE_BUTTON).click();
    assert.equal(await isPaletteOpen(page), true, 'a click opens the palette');
    await page.locator('draw-room draw-toolbar [data-tool="rect"]').click();
    await eventually('choosing a tool closes the palette', async () => !(await isPaletteOpen(page)));
    assert.equal(await page.locator('draw-room draw-toolbar [data-tool="rect"]').getAttribute('aria-pressed'), 'true');
    await page.context().close();
  });

  it('shows every swatch inside a narrow widget, and in the compact toolbar of a 360 px one', async () => {
    const page = await stack.visitUrl(stack.site.roomPage(randomId(), 'narrow'), 'draw-room', { viewport: { width: 540, height: 800 } });
    const widget = (await page.locator('draw-room').boundingBox())!;
    assert.ok(Math.abs(widget.width - 540) <= 2, `the widget is 540 px wide (${widget.width})`);
    await page.locator(PALETTE_BUTTON).click();
    assert.equal(await isPaletteOpen(page), true, 'a click opens the palette');
    await assertAllSwatchesShown(page, '540 px wide widget');
    await page.keyboard.press('Escape');
    await eventually('Escape closes the palette', async () => !(await isPaletteOpen(page)));

    // A widget under 480 px has the compact toolbar, the palette button mid-row: the pop-up still fits inside it.
    await page.setViewportSize({ width: 360, height: 800 });
    const narrow = (await page.locator('draw-room').boundingBox())!;
    assert.ok(narrow.width <= 360, `the widget is as narrow as the page (${narrow.width})`);
    await eventually('the compact toolbar shows', async () => (await page.locator('draw-room draw-toolbar [part="more"]').count()) === 1);
    await page.locator(PALETTE_BUTTON).click();
    assert.equal(await isPaletteOpen(page), true, 'a click opens the palette');
    await assertAllSwatchesShown(page, `${narrow.width} px wide widget, compact toolbar`);
    await page.context().close();
  });
});
