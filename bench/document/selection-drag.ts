import { loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { benchSpreadBoard, type BenchItem } from './board.js';
import { BOARD_SELECTOR, type FrameTimes } from './board-page.js';
import { framesOn, ratios, round2, steps } from './frame-session.js';

const DRAG_STEPS = 90;

export interface SelectionDragFigures {
  items: number;
  points: number;
  /** Every item selected (Ctrl+A) and dragged by the mouse for about a second and a half. */
  ours: FrameTimes;
  /** The same drag of one item on an otherwise empty board: what this machine and headless Chromium allow. */
  floor: FrameTimes;
  /**
   * A pen stroke drawn over the same 1,000-item board, with the same mouse moves: what drawing there costs. No
   * earlier draw-room had a select tool, so there is no earlier drag to compare with; this is the nearest thing.
   */
  penOverTheSameBoard: FrameTimes;
  oursOverFloor: { p95: number; p99: number };
  oursOverPen: { p95: number; p99: number };
  goal: 'met' | 'missed';
  loadAverage: [number, number];
}

/** About 1,000 items spread over the home area and around it: 960 strokes of 20 points, 40 shapes and 20 texts. */
const thousandItems = (): BenchItem[] => benchSpreadBoard(960, 20);

/** The floor's one item: a rectangle around the home area's middle, where the drag starts. */
const ONE_RECTANGLE: BenchItem = {
  meta: { id: 'only', author: 'bench', kind: 'rect', color: '#1760cf', width: 4, x: 500, y: 250, w: 600, h: 500 },
  points: [],
};

/** A mouse drag from the board's middle, wandering for 90 moves at 60 Hz. */
async function mouseDrag(page: Page): Promise<void> {
  const box = (await page.locator('draw-room canvas.live').boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await steps(DRAG_STEPS, (i) => page.mouse.move(x + Math.sin((i + 1) / 15) * 150, y + Math.cos((i + 1) / 20) * 80 - 80));
  await page.mouse.up();
}

/** Picks the select tool and selects everything with the keyboard, then drags from the board's middle. */
async function dragEverything(page: Page): Promise<void> {
  await page.locator(BOARD_SELECTOR).focus();
  await page.keyboard.press('v');
  await page.keyboard.press('Control+a');
  await mouseDrag(page);
}

/** Frame times while dragging a selection of about 1,000 items, beside a one-item floor and a pen stroke on the same board. */
export async function selectionDrag(browser: Browser, bundle: string): Promise<SelectionDragFigures> {
  const loadBefore = loadavg()[0]!;
  const board = thousandItems();
  const { frames: ours } = await framesOn(browser, bundle, board, dragEverything);
  const { frames: floor } = await framesOn(browser, bundle, [ONE_RECTANGLE], dragEverything);
  const { frames: penOverTheSameBoard } = await framesOn(browser, bundle, board, mouseDrag);
  return {
    items: board.length,
    points: board.reduce((sum, item) => sum + item.points.length / 3, 0),
    ours,
    floor,
    penOverTheSameBoard,
    oursOverFloor: ratios(ours, floor),
    oursOverPen: ratios(ours, penOverTheSameBoard),
    goal: ours.p95Ms <= 16 ? 'met' : 'missed',
    loadAverage: [round2(loadBefore), round2(loadavg()[0]!)],
  };
}
