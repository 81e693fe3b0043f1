import type { DrawRoom } from '../../components/elements/draw-room.js';
import type { Page } from 'playwright-core';
import { eventually } from './eventually.js';
import { countCanvasPixels } from './pixel-count.js';

/** Picks a swatch colour in the page's toolbar (the default one inside <draw-room>). */
export async function pickColor(page: Page, color: string, roomSelector = 'draw-room'): Promise<void> {
  await page.locator(`${roomSelector} draw-toolbar button[part~="palette-button"]`).click();
  await page.locator(`${roomSelector} draw-toolbar button[data-color="${color}"]`).click();
}

/**
 * Picks a stroke width (board pixels, one of the toolbar's) in the page's toolbar; in a compact toolbar (a widget
 * under 480 px) the field is in the "More" menu, which is opened for it and closed again with Escape.
 */
export async function pickWidth(page: Page, width: number, roomSelector = 'draw-room'): Promise<void> {
  const field = page.locator(`${roomSelector} draw-toolbar select[aria-label="Stroke width"]`);
  const inMenu = !(await field.isVisible());
  if (inMenu) await page.locator(`${roomSelector} draw-toolbar [part="more"]`).click();
  await field.selectOption(String(width));
  if (inMenu) await page.keyboard.press('Escape');
}

/** Picks a tool (pen, rect, ellipse, text, eraser) in the page's toolbar. */
export async function pickTool(page: Page, tool: string, roomSelector = 'draw-room'): Promise<void> {
  await page.locator(`${roomSelector} draw-toolbar [data-tool="${tool}"]`).click();
}

/** Drags the mouse across the board from (fx, fy) to (tx, ty), fractions of the canvas box. */
export async function drawLine(
  page: Page,
  from: [number, number],
  to: [number, number],
  roomSelector = 'draw-room',
): Promise<void> {
  const box = await page.locator(`${roomSelector} canvas.live`).boundingBox();
  if (!box) throw new Error('the board canvas is not visible');
  const at = ([fx, fy]: [number, number]) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at(to), { steps: 20 });
  await page.mouse.up();
}

/** The live layer's pixels of a colour: items being dragged right now. */
export function countLivePixels(page: Page, color: string, roomSelector = 'draw-room'): Promise<number> {
  return countPixelsOf(page, color, roomSelector, 'canvas.live');
}

/** How many canvas pixels are (nearly) the given #rrggbb colour. */
export function countPixels(page: Page, color: string, roomSelector = 'draw-room'): Promise<number> {
  return countPixelsOf(page, color, roomSelector, 'canvas.committed');
}

function countPixelsOf(page: Page, color: string, roomSelector: string, layer: string): Promise<number> {
  const canvas = `document.querySelector(${JSON.stringify(roomSelector)}).shadowRoot.querySelector(${JSON.stringify(layer)})`;
  return page.evaluate(`(${countCanvasPixels.toString()})(${canvas}, ${JSON.stringify(color)})`) as Promise<number>;
}

export function peerNames(page: Page, roomSelector = 'draw-room'): Promise<string[]> {
  return page.evaluate(
    (selector) => (document.querySelector<DrawRoom>(selector)!).peers.map((p) => p.username).sort(),
    roomSelector,
  );
}

/** A digest of the committed board layer's pixels: equal digests mean pixel-identical boards. */
export function boardDigest(page: Page, roomSelector = 'draw-room'): Promise<string> {
  return page.evaluate(async (selector) => {
    const canvas = document.querySelector(selector)!.shadowRoot!.querySelector<HTMLCanvasElement>('canvas.committed')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const digest = await crypto.subtle.digest('SHA-256', data);
    return `${canvas.width}x${canvas.height}:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  }, roomSelector);
}

/** What the page's document holds: item kinds in paint order and the background. */
export function documentSummary(page: Page, roomSelector = 'draw-room'): Promise<string> {
  return page.evaluate((selector) => {
    const room = document.querySelector<DrawRoom>(selector)!;
    return JSON.stringify({ items: room.drawing.items.map((item) => `${item.kind}:${item.id}`), background: room.drawing.background });
  }, roomSelector);
}

/** How many items the page's board shows. */
export function itemCount(page: Page, roomSelector = 'draw-room'): Promise<number> {
  return page.evaluate((selector) => document.querySelector<DrawRoom>(selector)!.drawing.items.length, roomSelector);
}

/** The page's `unsyncedChanges`: changes made there that no peer (nor the server) has shown it holds. */
export function unsyncedOf(page: Page, roomSelector = 'draw-room'): Promise<number> {
  return page.evaluate((selector) => document.querySelector<DrawRoom>(selector)!.unsyncedChanges, roomSelector);
}

/** Alice draws two strokes in `aliceColor` and Bob one in `bobColor`, and both boards then hold all three. */
export async function drawThreeStrokesTogether(alice: Page, bob: Page, aliceColor: string, bobColor: string): Promise<void> {
  await pickColor(alice, aliceColor);
  await drawLine(alice, [0.1, 0.2], [0.8, 0.25]);
  await drawLine(alice, [0.1, 0.4], [0.7, 0.3]);
  await pickColor(bob, bobColor);
  await drawLine(bob, [0.2, 0.7], [0.9, 0.6]);
  await eventually('both hold the 3 strokes', async () => (await itemCount(alice)) === 3 && (await itemCount(bob)) === 3);
}
