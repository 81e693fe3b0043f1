import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DrawingDocument } from '../drawing/document.js';
import { contentBounds } from '../drawing/item-bounds.js';
import { HOME_VIEW, boardToCss, panBy, viewToFit, zoomAround, type BoardView } from '../drawing/view.js';
import { BoardRenderer, type BoardTransform, type LiveSources } from '../render/renderer.js';

type Host = ReactiveControllerHost & HTMLElement & { readonly hasUpdated: boolean };

/** The parts of the element's template the board is painted in. */
export interface BoardElements {
  /** The focusable area whose size the canvases follow. */
  board: HTMLElement;
  committed: HTMLCanvasElement;
  live: HTMLCanvasElement;
}

export interface BoardViewOptions extends LiveSources {
  document: DrawingDocument;
  /** The rendered template's board and canvases (after the first render). */
  elements(): BoardElements;
  /** The board was set up (first render, or after a move in the page): pointer input goes to this canvas. */
  onSetUp(liveCanvas: HTMLCanvasElement): void;
  /** This page's view moved or zoomed (what is drawn in CSS pixels over the board, such as a text field, follows). */
  onViewChange?(): void;
  /** The board element changed size: the view shows it at another scale (elements placed over it follow). */
  onResize?(): void;
}

const IDENTITY: BoardTransform = { scale: 1, offsetX: 0, offsetY: 0 };

/**
 * The board on screen: a renderer sized to the element at the device's pixel ratio, made after the first render,
 * taken down when the element leaves the page and made again when it comes back (frameworks move elements). It
 * keeps this page's view (zoom and pan), which no one else sees: it outlives the renderer.
 */
export class BoardViewController implements ReactiveController {
  private renderer: BoardRenderer | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private view: BoardView = HOME_VIEW;

  constructor(
    private readonly host: Host,
    private readonly options: BoardViewOptions,
  ) {
    host.addController(this);
  }

  /** Board units → CSS pixels of the board element (identity before the first render). */
  get transform(): BoardTransform {
    return this.renderer?.boardTransform ?? IDENTITY;
  }

  /** CSS pixels of the board element → board units. */
  toBoard(x: number, y: number): { x: number; y: number } {
    return this.renderer?.toBoard(x, y) ?? { x, y };
  }

  /** Board units → CSS pixels of the board element. */
  toCss(point: { x: number; y: number }): { x: number; y: number } {
    return boardToCss(this.transform, point);
  }

  /** The board element's size in CSS pixels, once it is laid out (null before, or while it is hidden). */
  get cssSize(): { width: number; height: number } | null {
    return this.size();
  }

  /** The board point at the centre of what this page shows. */
  get centre(): { x: number; y: number } {
    return { x: this.view.centerX, y: this.view.centerY };
  }

  /** What this page shows now: the board point at the canvas's centre and the zoom. */
  get current(): BoardView {
    return this.view;
  }

  /** Shows a given view: someone else's, while this page follows them. */
  showView(view: BoardView): void {
    this.show(view);
  }

  /** Zooms by `factor` around a CSS point of the board element (its centre when none is given). */
  zoomBy(factor: number, around?: { x: number; y: number }): void {
    const size = this.size();
    if (!size) return;
    const { x, y } = around ?? { x: size.width / 2, y: size.height / 2 };
    this.show(zoomAround(this.view, size, x, y, factor));
  }

  /** Moves what is shown by CSS pixels, as if the board were dragged by that much. */
  panBy(dxCss: number, dyCss: number): void {
    const size = this.size();
    if (size) this.show(panBy(this.view, size, dxCss, dyCss));
  }

  /** Back to the home area fitted, the view every page starts with. */
  showHome(): void {
    this.show(HOME_VIEW);
  }

  /** Shows everything drawn, whole (the home view for an empty board). */
  showContent(): void {
    const size = this.size();
    const bounds = contentBounds(this.options.document.items);
    if (!size) return;
    this.show(bounds ? viewToFit(bounds, size) : HOME_VIEW);
  }

  /** Repaints items in progress now: a peer's stroke shows as soon as its points arrive. */
  paintLive(): void {
    this.renderer?.paintLive();
  }

  /** Called once the template exists (the element's firstUpdated). */
  setUp(): void {
    const { board, committed, live } = this.options.elements();
    this.renderer = new BoardRenderer(committed, live, this.options.document, this.options);
    this.renderer.setView(this.view);
    this.options.onSetUp(live);
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(board);
    this.fit();
  }

  hostConnected(): void {
    // Moved elsewhere in the page: the board was taken down on disconnect, set it up again.
    if (this.host.hasUpdated && !this.renderer) this.setUp();
  }

  hostDisconnected(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.renderer?.dispose();
    this.renderer = null;
  }

  private show(view: BoardView): void {
    this.view = view;
    this.renderer?.setView(view);
    this.options.onViewChange?.();
  }

  private size(): { width: number; height: number } | null {
    const size = this.renderer?.canvasSize;
    return size && size.width > 0 ? size : null;
  }

  private fit(): void {
    if (!this.renderer || !this.host.isConnected) return;
    const { width, height } = this.options.elements().board.getBoundingClientRect();
    this.renderer.resize(width, height, window.devicePixelRatio || 1);
    this.options.onResize?.();
  }
}
