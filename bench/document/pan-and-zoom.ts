import { loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { benchSpreadBoard } from './board.js';
import { BOARD_SELECTOR, type FrameTimes } from './board-page.js';
import { framesOn, ratios, round2, steps } from './frame-session.js';
import { revisionBundle } from './revision-bundle.js';

/**
 * The baseline, bundled from git in the same run: the revision before the renderer culled and previewed (c663cab),
 * whose renderer repainted the whole board, synchronously, at every view change (every wheel event).
 */
export const PAN_AND_ZOOM_BASELINE_REVISION = 'a73f3705b5a9a43d0588f68a077711bac393e605';
/** A trackpad-sized wheel step, in CSS pixels (a mouse notch is 100). */
const WHEEL_STEP = 40;

export interface PanAndZoomFigures {
  points: number;
  items: number;
  ours: FrameTimes;
  /** The same session on the renderer of PAN_AND_ZOOM_BASELINE_REVISION. */
  baseline: FrameTimes;
  /** The same session on an empty board: what this machine and headless Chromium allow. */
  floor: FrameTimes;
  oursOverBaseline: { p95: number; p99: number };
  oursOverFloor: { p95: number; p99: number };
  goal: 'met' | 'missed';
  /** Headless Chromium here has no GPU: WebGL's renderer names what paints, SwiftShader on the CPU. */
  graphics: string;
  /** The machine's 1-minute load average before and after: the floor's figures move with it. */
  loadAverage: [number, number];
}

async function drag(page: Page, from: [number, number], by: [number, number], button: 'left' | 'middle'): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down({ button });
  await steps(40, (i) => page.mouse.move(from[0] + (by[0] * (i + 1)) / 40, from[1] + (by[1] * (i + 1)) / 40));
  await page.mouse.up({ button });
}

/**
 * About four seconds of looking around, with real input: Ctrl+wheel zooms in around a point, then out until the
 * whole board shows, the wheel pans, a Space+drag and a middle-button drag pan, and Ctrl+wheel zooms back in.
 */
export async function panAndZoomSession(page: Page): Promise<void> {
  const box = (await page.locator('draw-room canvas.live').boundingBox())!;
  const centre: [number, number] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(centre[0] - 120, centre[1] - 60);
  await page.keyboard.down('Control');
  await steps(12, () => page.mouse.wheel(0, -WHEEL_STEP));
  await steps(30, () => page.mouse.wheel(0, WHEEL_STEP));
  await page.keyboard.up('Control');
  await page.mouse.move(...centre);
  await steps(30, (i) => page.mouse.wheel(i < 15 ? WHEEL_STEP : -WHEEL_STEP, WHEEL_STEP / 2));
  // Space is the board's while it has focus; focusing it draws nothing, as a click would.
  await page.locator(BOARD_SELECTOR).focus();
  await page.keyboard.down('Space');
  await drag(page, [centre[0] - 200, centre[1]], [400, 120], 'left');
  await page.keyboard.up('Space');
  await drag(page, [centre[0] + 200, centre[1] + 100], [-300, -200], 'middle');
  await page.keyboard.down('Control');
  await steps(15, () => page.mouse.wheel(0, -WHEEL_STEP));
  await page.keyboard.up('Control');
}


/** Frame times of one pan-and-zoom session on a 100k-point board: today's bundle, the baseline's and the floor. */
export async function panAndZoom(browser: Browser, bundle: string): Promise<PanAndZoomFigures> {
  const loadBefore = loadavg()[0]!;
  const board = benchSpreadBoard();
  const { frames: ours, graphics } = await framesOn(browser, bundle, board, panAndZoomSession);
  const { frames: baseline } = await framesOn(browser, await revisionBundle(PAN_AND_ZOOM_BASELINE_REVISION), board, panAndZoomSession);
  const { frames: floor } = await framesOn(browser, bundle, [], panAndZoomSession);
  return {
    points: board.reduce((sum, item) => sum + item.points.length / 3, 0),
    items: board.length,
    ours,
    baseline,
    floor,
    oursOverBaseline: ratios(ours, baseline),
    oursOverFloor: ratios(ours, floor),
    goal: ours.p95Ms <= 16 ? 'met' : 'missed',
    graphics: `${graphics} (headless Chromium, no GPU: the 2D canvas is painted on the CPU)`,
    loadAverage: [round2(loadBefore), round2(loadavg()[0]!)],
  };
}
