import type { BoardItem } from '../drawing/board-items.js';
import type { BoardChange, DrawingDocument } from '../drawing/document.js';
import { paintItem, prepareItem } from './item-painter.js';
import { MovingLayer, type MovingItems } from './moving-layer.js';
import { INSTANT_REPAINT_POINTS, ViewPreview, type PreviewedBoard } from './view-preview.js';
import { paintCost, visibleItems } from './visible-items.js';
import { HOME_VIEW, cssToBoard, sameView, transformOf, visibleBounds, type BoardTransform, type BoardView } from '../drawing/view.js';

export type { BoardTransform } from '../drawing/view.js';
export type { MovingItems } from './moving-layer.js';

/** Up to this many points are painted in one go; more are painted in slices. */
const SYNCHRONOUS_PAINT_POINTS = 20_000;
// Under the 50 ms of a "long task": input stays responsive, and fewer slices mean fewer extra frames to draw.
const SLICE_BUDGET_MS = 40;
// Filling touches the canvas, and every slice that does costs a frame: fill in as few slices as stays responsive.
const FILL_BUDGET_MS = 100;

export interface LiveSources {
  /** Items being drawn right now, by anyone: painted on the live layer above the board. */
  liveItems(): BoardItem[];
  /** Items being dragged: left out of the board layer, painted where they are dragged on the live layer. */
  moving?(): MovingItems;
  /** Paints what a tool shows over the board (the selection's boxes and grips), `unit` being one CSS pixel. */
  paintOverlay?(context: CanvasRenderingContext2D, unit: number): void;
}

/**
 * Paints the document on two canvases, as the page's view shows it (zoomed and panned on top of the fit) and sharp
 * at any devicePixelRatio: the board layer
 * holds committed items and is painted incrementally (a new item on top paints only itself); the live layer
 * holds items in progress (other people's cursors are elements over the canvases: controllers/cursor-layer.ts),
 * and is repainted whenever they change.
 */
export class BoardRenderer {
  private transform: BoardTransform = { scale: 1, offsetX: 0, offsetY: 0 };
  private view: BoardView = HOME_VIEW;
  private cssWidth = 0;
  private cssHeight = 0;
  /** Items waiting to be painted on the board layer, bottom first. */
  private queue: BoardItem[] = [];
  /** How many items at the head of the queue have their outlines computed. */
  private prepared = 0;
  private sliceScheduled = false;
  /** Ids of the items being dragged, which the board layer leaves out, as of the drag version last painted. */
  private hidden: ReadonlySet<string> = new Set();
  private movingVersion = 0;
  private readonly movingLayer = new MovingLayer();
  /** The board layer's next repaint starts by filling the background: left until the first fill, so what shows stays meanwhile. */
  private clearPending = false;
  /** The transform the board layer was last painted sharp under. */
  private paintedTransform: BoardTransform = this.transform;
  /** What the board layer shows while its view moves over a big board. */
  private readonly preview = new ViewPreview(this.previewedBoard());
  // A message to ourselves yields to input and rendering without setTimeout's 4 ms clamp between slices.
  private readonly sliceChannel = new MessageChannel();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly boardCanvas: HTMLCanvasElement,
    private readonly liveCanvas: HTMLCanvasElement,
    private readonly document: DrawingDocument,
    private readonly live: LiveSources,
  ) {
    this.unsubscribe = document.onChange((changes) => this.paintChanges(changes));
    this.sliceChannel.port1.onmessage = () => {
      this.sliceScheduled = false;
      this.paintSlice(SLICE_BUDGET_MS);
    };
  }

  get boardTransform(): BoardTransform {
    return this.transform;
  }

  get boardView(): BoardView {
    return this.view;
  }

  get canvasSize(): { width: number; height: number } {
    return { width: this.cssWidth, height: this.cssHeight };
  }

  /**
   * Shows another part of the board, or at another zoom. When what it shows is quick to paint (up to
   * INSTANT_REPAINT_POINTS), both layers are repainted at once. A larger board would take longer than a frame at
   * every wheel event: ViewPreview shows it moved as a bitmap, then sharp once the view stays put
   * (bench/README.md#pan-and-zoom).
   */
  setView(view: BoardView): void {
    if (sameView(view, this.view)) return;
    this.view = view;
    if (this.cssWidth === 0) return;
    this.transform = transformOf(view, this.canvasSize);
    const shown = this.itemsInView(this.document.items);
    if (paintCost(shown) <= INSTANT_REPAINT_POINTS) {
      this.repaint(shown);
      this.paintLive();
      return;
    }
    this.preview.moved();
  }

  /** False while the view moves or a large board is still being painted: what shows is not yet the sharp board. */
  get settled(): boolean {
    return !this.preview.active && !this.painting;
  }

  /** Sizes the canvases to a box of CSS pixels and repaints everything (resizing never loses strokes). */
  resize(cssWidth: number, cssHeight: number, devicePixelRatio: number): void {
    this.cssWidth = Math.max(1, cssWidth);
    this.cssHeight = Math.max(1, cssHeight);
    for (const canvas of [this.boardCanvas, this.liveCanvas]) {
      canvas.width = Math.round(this.cssWidth * devicePixelRatio);
      canvas.height = Math.round(this.cssHeight * devicePixelRatio);
    }
    this.transform = transformOf(this.view, this.canvasSize);
    this.repaint();
    this.paintLive();
  }

  /** A point in CSS pixels of the canvas → board coordinates. */
  toBoard(cssX: number, cssY: number): { x: number; y: number } {
    return cssToBoard(this.transform, cssX, cssY);
  }

  /** True while a large board is still being painted in slices. */
  get painting(): boolean {
    return this.queue.length > 0;
  }

  /** Paints the board layer anew: the background, then the items the view shows (`shown`, when already culled). */
  repaint(shown = this.itemsInView(this.document.items)): void {
    this.preview.end();
    this.paintedTransform = this.transform;
    this.clearPending = true;
    this.queue = [];
    this.prepared = 0;
    this.enqueue(shown);
  }

  dispose(): void {
    this.queue = [];
    this.prepared = 0;
    this.preview.end();
    this.sliceChannel.port1.close();
    this.unsubscribe();
  }

  /** Paints the live layer now: items being dragged, items in progress, then what the tool shows over them. */
  paintLive(): void {
    this.liveCanvas.getContext('2d')?.clearRect(0, 0, this.liveCanvas.width, this.liveCanvas.height);
    const moving = this.live.moving?.();
    // A drag began or ended: the board layer leaves its items out, or has them back where they were dropped.
    if (moving && moving.version !== this.movingVersion) {
      this.movingVersion = moving.version;
      this.hidden = moving.ids;
      this.repaint();
    }
    this.withBoardContext(this.liveCanvas, (context) => {
      if (moving) this.movingLayer.paint(context, moving.groups(), this.boardMatrix(this.liveCanvas));
      for (const item of this.live.liveItems()) paintItem(context, item, false);
      const unit = 1 / this.transform.scale;
      this.live.paintOverlay?.(context, unit);
    });
  }

  /** The items, in order, that touch what the canvas shows: painting the others would change no pixel. */
  private itemsInView(items: readonly BoardItem[]): BoardItem[] {
    const { minX, minY, maxX, maxY } = visibleBounds(this.view, this.canvasSize);
    // A pixel's worth more on every side: antialiasing reaches into the next pixel.
    const pixel = 1 / this.transform.scale;
    const shown = visibleItems(items, { minX: minX - pixel, minY: minY - pixel, maxX: maxX + pixel, maxY: maxY + pixel });
    // Items being dragged show on the live layer, where they are dragged, not here where they were.
    return this.hidden.size === 0 ? shown : shown.filter((item) => !this.hidden.has(item.id));
  }

  private paintChanges(changes: BoardChange[]): void {
    if (changes.some((change) => change.kind === 'reset')) return this.repaint();
    const added = this.itemsInView(changes.flatMap((change) => (change.kind === 'added' ? [change.item] : [])));
    this.preview.itemsAdded(added);
    this.enqueue(added);
  }

  /** The renderer as ViewPreview sees it. */
  private previewedBoard(): PreviewedBoard {
    return {
      canvas: this.boardCanvas,
      paintedTransform: () => this.paintedTransform,
      transform: () => this.transform,
      matrix: () => this.boardMatrix(this.boardCanvas),
      cssWidth: () => this.cssWidth,
      background: () => this.document.background,
      itemsInView: (items = this.document.items) => this.itemsInView(items),
      paintOver: (items) => this.withBoardContext(this.boardCanvas, (context) => items.forEach((item) => paintItem(context, item))),
      stopPainting: () => {
        this.queue = [];
        this.prepared = 0;
      },
      painted: (transform) => (this.paintedTransform = transform),
      repaintNow: () => {
        this.repaint();
        this.paintLive();
      },
      paintLive: () => this.paintLive(),
    };
  }

  /**
   * Paints items in order. A small batch is painted at once; a large one (a late-join sync, a repaint of a
   * big board) in slices, outlines in ~40 ms ones and fills in ones up to 100 ms, so the page keeps
   * answering input while it paints.
   */
  private enqueue(items: BoardItem[]): void {
    this.queue.push(...items);
    this.paintSlice(paintCost(this.queue) <= SYNCHRONOUS_PAINT_POINTS ? Infinity : SLICE_BUDGET_MS);
  }

  private paintSlice(budgetMs: number): void {
    // Not laid out yet (or hidden): the next resize repaints everything.
    if (this.cssWidth === 0) {
      this.queue = [];
      this.prepared = 0;
      return;
    }
    const started = performance.now();
    const inBudget = (done: number, budget = budgetMs) => done === 0 || performance.now() < started + budget;
    // Outlines first, without touching the canvas: a canvas changed in every slice costs a frame upload each.
    const wasPrepared = this.prepared === this.queue.length;
    for (let done = 0; this.prepared < this.queue.length && inBudget(done); done++) prepareItem(this.queue[this.prepared++]!);
    // Filling starts in a slice of its own, so it usually lands on the canvas in one go (one frame to show).
    if (wasPrepared || budgetMs === Infinity) {
      const fillBudget = Math.max(budgetMs, FILL_BUDGET_MS);
      if (this.clearPending) this.clearBoard();
      this.withBoardContext(this.boardCanvas, (context) => {
        let painted = 0;
        while (painted < this.queue.length && inBudget(painted, fillBudget)) paintItem(context, this.queue[painted++]!);
        this.queue.splice(0, painted);
        this.prepared -= painted;
      });
    }
    if (this.queue.length > 0 && !this.sliceScheduled) {
      this.sliceScheduled = true;
      this.sliceChannel.port2.postMessage(null);
    }
  }

  /** The board has no edge any more: its colour fills the whole canvas, whatever part of it is shown. */
  private clearBoard(): void {
    this.clearPending = false;
    const context = this.boardCanvas.getContext('2d');
    if (!context) return;
    context.fillStyle = this.document.background;
    context.fillRect(0, 0, this.boardCanvas.width, this.boardCanvas.height);
  }

  /** The canvas transform that paints board units where the view shows them on `canvas`, device pixels included. */
  private boardMatrix(canvas: HTMLCanvasElement): [number, number, number, number, number, number] {
    const pixelScale = canvas.width / this.cssWidth;
    const { scale, offsetX, offsetY } = this.transform;
    return [pixelScale * scale, 0, 0, pixelScale * scale, pixelScale * offsetX, pixelScale * offsetY];
  }

  private withBoardContext(canvas: HTMLCanvasElement, paint: (context: CanvasRenderingContext2D) => void): void {
    const context = canvas.getContext('2d');
    if (!context || this.cssWidth === 0) return;
    context.save();
    context.setTransform(...this.boardMatrix(canvas));
    paint(context);
    context.restore();
  }
}
