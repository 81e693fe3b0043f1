import type { BoardItem } from '../drawing/board-items.js';
import { paintItem } from './item-painter.js';
import { itemPaintCost } from './visible-items.js';

/** A first guess of how many points a millisecond paints, corrected after every step. */
const FIRST_POINTS_PER_MS = 500;

/**
 * The board layer painted sharp on a canvas of its own, a few milliseconds at a time, while the page keeps showing
 * what it shows; the renderer puts it on screen in one copy when it is done. A 2D canvas only records drawing
 * calls and rasterises them when its pixels are needed, so each step reads one pixel back: the raster then
 * happens inside the step's budget, not in one long frame at the end (bench/README.md#pan-and-zoom).
 */
export class BackgroundRepaint {
  private readonly context: CanvasRenderingContext2D | null;
  private next = 0;
  private pointsPerMs = FIRST_POINTS_PER_MS;

  /** `canvas`, sized as the board layer, is painted over: the background first, then the items under `matrix`. */
  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly items: readonly BoardItem[],
    background: string,
    /** The canvas transform that paints board units where the view shows them, device pixels included. */
    matrix: [number, number, number, number, number, number],
  ) {
    this.context = canvas.getContext('2d');
    if (!this.context) return;
    this.context.setTransform(1, 0, 0, 1, 0, 0);
    this.context.fillStyle = background;
    this.context.fillRect(0, 0, canvas.width, canvas.height);
    this.context.setTransform(...matrix);
  }

  get done(): boolean {
    return this.next >= this.items.length || !this.context;
  }

  /** Paints items for about `budgetMs`, at least one; returns whether everything is painted. */
  step(budgetMs: number): boolean {
    const context = this.context;
    if (!context) return true;
    const started = performance.now();
    const budgetPoints = this.pointsPerMs * budgetMs;
    let points = 0;
    while (this.next < this.items.length && (points === 0 || points < budgetPoints)) {
      const item = this.items[this.next++]!;
      paintItem(context, item);
      points += itemPaintCost(item);
    }
    context.getImageData(0, 0, 1, 1);
    const took = Math.max(0.1, performance.now() - started);
    // Smoothed, so one slow step (the machine was busy) does not shrink the next ones to nothing.
    this.pointsPerMs = Math.max(50, (this.pointsPerMs + points / took) / 2);
    return this.done;
  }
}
