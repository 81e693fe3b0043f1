import { loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { benchSpreadBoard, type BenchItem } from './board.js';
import { BOARD_SELECTOR, loadItems, openBoardPage, recordFrameTimes, type FrameTimes } from './board-page.js';

/** A 60 Hz mouse: one move a frame. */
const INPUT_INTERVAL_MS = 16;
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

async function mouseDrag(page: Page): Promise<void> {
  const box = (await page.locator('draw-room canvas.live').boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= DRAG_STEPS; i++) {
    await page.mouse.move(x + Math.sin(i / 15) * 150, y + Math.cos(i / 20) * 80 - 80);
    await new Promise((resolve) => setTimeout(resolve, INPUT_INTERVAL_MS));
  }
  await page.mouse.up();
}

/** Picks the select tool and selects everything with the keyboard, then drags from the board's middle. */
async function dragEverything(page: Page): Promise<FrameTimes> {
  await page.locator(BOARD_SELECTOR).focus();
  await page.keyboard.press('v');
  await page.keyboard.press('Control+a');
  return recordFrameTimes(page, () => mouseDrag(page));
}

async function onBoard(browser: Browser, bundle: string, items: BenchItem[], session: (page: Page) => Promise<FrameTimes>): Promise<FrameTimes> {
  const page = await openBoardPage(browser, bundle);
  try {
    await loadItems(page, items);
    return await session(page);
  } finally {
    await page.context().close();
  }
}

const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 0.1)) * 100) / 100;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** Frame times while dragging a selection of about 1,000 items, beside a one-item floor and a pen stroke on the same board. */
export async function selectionDrag(browser: Browser, bundle: string): Promise<SelectionDragFigures> {
  const loadBefore = loadavg()[0]!;
  const board = thousandItems();
  const ours = await onBoard(browser, bundle, board, dragEverything);
  const floor = await onBoard(browser, bundle, [ONE_RECTANGLE], dragEverything);
  const penOverTheSameBoard = await onBoard(browser, bundle, board, (page) => recordFrameTimes(page, () => mouseDrag(page)));
  return {
    items: board.length,
    points: board.reduce((sum, item) => sum + item.points.length / 3, 0),
    ours,
    floor,
    penOverTheSameBoard,
    oursOverFloor: { p95: ratio(ours.p95Ms, floor.p95Ms), p99: ratio(ours.p99Ms, floor.p99Ms) },
    oursOverPen: { p95: ratio(ours.p95Ms, penOverTheSameBoard.p95Ms), p99: ratio(ours.p99Ms, penOverTheSameBoard.p99Ms) },
    goal: ours.p95Ms <= 16 ? 'met' : 'missed',
    loadAverage: [round2(loadBefore), round2(loadavg()[0]!)],
  };
}
