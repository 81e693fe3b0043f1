import type { BoardItem } from '../drawing/board-items.js';
import type { BoardTransform } from '../drawing/view.js';
import { BackgroundRepaint } from './background-repaint.js';
import { BoardSnapshot } from './board-snapshot.js';
import { paintCost } from './visible-items.js';

/** How long a moving view must stay put to be repainted sharp: longer than the gaps between a wheel's events. */
const SETTLE_MS = 120;
/** What the sharp repaint may take of each frame: with the frame's own work, well inside 16.7 ms. */
const REPAINT_STEP_MS = 4;

/** What the preview needs of the renderer: its board layer, its view, and painting there. */
export interface PreviewedBoard {
  readonly canvas: HTMLCanvasElement;
  /** The transform the board layer's pixels were last painted sharp under. */
  paintedTransform(): BoardTransform;
  transform(): BoardTransform;
  /** The canvas transform that paints board units where the view shows them, device pixels included. */
  matrix(): [number, number, number, number, number, number];
  cssWidth(): number;
  background(): string;
  /** The items, in order, that the view shows, of `items` or of the whole board. */
  itemsInView(items?: readonly BoardItem[]): BoardItem[];
  /** Paints items on the board layer under the view, over what it shows. */
  paintOver(items: readonly BoardItem[]): void;
  /** Drops what is left of a repaint in slices: it would land under the view it started with. */
  stopPainting(): void;
  /** The board layer is sharp under `transform` again. */
  painted(transform: BoardTransform): void;
  /** A repaint small enough to do at once. */
  repaintNow(): void;
  /** The board layer changed for a frame: the live layer follows. */
  paintLive(): void;
}

/** Up to this many points, the settled repaint is done at once rather than a few milliseconds a frame. */
export const INSTANT_REPAINT_POINTS = 4_000;

/**
 * The board layer while its view moves over a board too big to repaint at every wheel event: once an animation
 * frame it shows its last sharp paint moved and scaled to the view (with what was committed since on top), and
 * once the view has stayed put for SETTLE_MS it is repainted sharp, a few milliseconds a frame on a canvas of its
 * own, put on screen in one copy when done; a move meanwhile drops that repaint and waits again.
 */
export class ViewPreview {
  private readonly snapshot = new BoardSnapshot();
  private showing = false;
  /** Items committed while the preview shows, painted over it in every frame and after the repaint. */
  private added: BoardItem[] = [];
  private frame = 0;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private repaint: { job: BackgroundRepaint; transform: BoardTransform; frame: number } | null = null;
  private scratch: HTMLCanvasElement | null = null;

  constructor(private readonly board: PreviewedBoard) {}

  /** True while the board layer shows a moved bitmap, not yet the sharp board. */
  get active(): boolean {
    return this.showing || this.frame !== 0;
  }

  /** The view moved: the next frame shows the last sharp board where it now lies, and the sharp repaint waits. */
  moved(): void {
    this.stopRepaint();
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.showFrame());
  }

  /** Items were committed (and painted over the preview): they stay on top in later frames. */
  itemsAdded(items: readonly BoardItem[]): void {
    if (this.showing) this.added.push(...items);
  }

  /** The board layer is being repainted whole: nothing of the preview is needed any more. */
  end(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.stopRepaint();
    this.showing = false;
    this.added = [];
  }

  private showFrame(): void {
    this.frame = 0;
    const board = this.board;
    if (board.cssWidth() === 0) return;
    if (!this.showing) {
      this.snapshot.take(board.canvas, board.paintedTransform());
      board.stopPainting();
      this.showing = true;
    }
    this.snapshot.show(board.canvas, board.transform(), board.cssWidth(), board.background());
    board.paintOver(board.itemsInView(this.added));
    board.paintLive();
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.settle(), SETTLE_MS);
  }

  private settle(): void {
    this.settleTimer = undefined;
    const board = this.board;
    const items = board.itemsInView();
    if (paintCost(items) <= INSTANT_REPAINT_POINTS) return board.repaintNow();
    this.scratch ??= board.canvas.ownerDocument.createElement('canvas');
    [this.scratch.width, this.scratch.height] = [board.canvas.width, board.canvas.height];
    // The repaint holds everything committed so far; what comes later goes on top when it is shown.
    this.added = [];
    this.repaint = { job: new BackgroundRepaint(this.scratch, items, board.background(), board.matrix()), transform: board.transform(), frame: 0 };
    this.stepRepaint();
  }

  private stepRepaint(): void {
    const repaint = this.repaint;
    if (!repaint) return;
    if (!repaint.job.step(REPAINT_STEP_MS)) {
      repaint.frame = requestAnimationFrame(() => this.stepRepaint());
      return;
    }
    const board = this.board;
    const context = board.canvas.getContext('2d');
    if (context) {
      context.save();
      context.globalCompositeOperation = 'copy';
      context.drawImage(repaint.job.canvas, 0, 0);
      context.restore();
    }
    const added = board.itemsInView(this.added);
    this.end();
    board.paintOver(added);
    board.painted(repaint.transform);
  }

  private stopRepaint(): void {
    if (this.repaint) cancelAnimationFrame(this.repaint.frame);
    this.repaint = null;
  }
}
