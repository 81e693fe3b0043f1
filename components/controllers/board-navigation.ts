import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { TouchNavigation } from './touch-navigation.js';

export interface BoardNavigationOptions {
  /** Zooms by `factor` around a CSS point of the canvas. */
  zoomBy(factor: number, around: { x: number; y: number }): void;
  /** Moves what is shown as if the board were dragged by CSS pixels. */
  panBy(dxCss: number, dyCss: number): void;
  /** Drops the stroke being drawn, committing nothing: the finger that started it joined a pinch. */
  cancelDrawing?(): void;
}

/** One notch of a mouse wheel (100 px of deltaY in Chromium) zooms by about 1.2×; a trackpad's small deltas zoom smoothly. */
const ZOOM_PER_PIXEL = 0.0018;
/** What WheelEvent.deltaMode's lines and pages are in pixels (Firefox reports lines). */
const LINE_PX = 16;
const PAGE_PX = 400;
const MIDDLE_BUTTON = 1;
const MAIN_BUTTON = 0;

interface Pan {
  pointerId: number;
  lastX: number;
  lastY: number;
}

/**
 * Moving around the board with the mouse: Ctrl/Cmd+wheel (and a trackpad's pinch, which Chromium sends as one)
 * zooms around the pointer, the wheel pans (Shift+wheel sideways), and a drag with Space held or with the middle
 * button pans. None of these draws: while Space is held the pen rests (`panning`). Fingers pinch and pan
 * (TouchNavigation), and once a pen has been used one finger pans instead of drawing.
 */
export class BoardNavigationController implements ReactiveController {
  private board: HTMLElement | null = null;
  private canvas: HTMLCanvasElement | null = null;
  private spaceHeld = false;
  private pan: Pan | null = null;
  private readonly touch: TouchNavigation;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: BoardNavigationOptions,
  ) {
    host.addController(this);
    this.touch = new TouchNavigation({
      zoomBy: (factor, around) => options.zoomBy(factor, around),
      panBy: (dx, dy) => options.panBy(dx, dy),
      cancelDrawing: () => options.cancelDrawing?.(),
    });
  }

  /** True while a press pans rather than draws: Space is held on the board, or a pan is under way. */
  get panning(): boolean {
    return this.spaceHeld || this.pan !== null || this.touch.active;
  }

  /**
   * Whether this press is navigation's rather than drawing's: `panning`, or a finger that pans (a pen was used, or
   * another finger is down). It depends on the event only, so it holds whichever controller hears the press first.
   */
  claims(event: PointerEvent): boolean {
    return this.panning || this.touch.claims(event);
  }

  attach(board: HTMLElement, canvas: HTMLCanvasElement): void {
    if (this.canvas === canvas && this.board === board) return;
    this.detach();
    this.board = board;
    this.canvas = canvas;
    canvas.addEventListener('wheel', this.onWheel, { passive: false });
    canvas.addEventListener('pointerdown', this.onPointerDown);
    canvas.addEventListener('pointermove', this.onPointerMove);
    canvas.addEventListener('pointerup', this.onPointerEnd);
    canvas.addEventListener('pointercancel', this.onPointerEnd);
    board.addEventListener('keydown', this.onKeyDown);
    board.addEventListener('blur', this.onBlur);
    // Space may be let go anywhere once pressed on the board: the window hears it either way.
    window.addEventListener('keyup', this.onKeyUp);
  }

  hostDisconnected(): void {
    this.detach();
  }

  private detach(): void {
    const { canvas, board } = this;
    canvas?.removeEventListener('wheel', this.onWheel);
    canvas?.removeEventListener('pointerdown', this.onPointerDown);
    canvas?.removeEventListener('pointermove', this.onPointerMove);
    canvas?.removeEventListener('pointerup', this.onPointerEnd);
    canvas?.removeEventListener('pointercancel', this.onPointerEnd);
    board?.removeEventListener('keydown', this.onKeyDown);
    board?.removeEventListener('blur', this.onBlur);
    window.removeEventListener('keyup', this.onKeyUp);
    this.canvas = null;
    this.board = null;
    this.spaceHeld = false;
    this.pan = null;
    this.touch.reset();
  }

  private readonly onWheel = (event: WheelEvent) => {
    // The page would scroll (or the browser zoom, with Ctrl): the board takes the wheel while the pointer is over it.
    event.preventDefault();
    const unit = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? LINE_PX : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? PAGE_PX : 1;
    const [dx, dy] = [event.deltaX * unit, event.deltaY * unit];
    if (event.ctrlKey || event.metaKey) {
      const rect = this.canvas!.getBoundingClientRect();
      return this.options.zoomBy(Math.exp(-dy * ZOOM_PER_PIXEL), { x: event.clientX - rect.left, y: event.clientY - rect.top });
    }
    // A vertical wheel with Shift scrolls sideways, as pages do (some systems already turn it into deltaX).
    if (event.shiftKey && dx === 0) return this.options.panBy(-dy, 0);
    this.options.panBy(-dx, -dy);
  };

  private readonly onPointerDown = (event: PointerEvent) => {
    this.touch.down(event, this.canvasPoint(event));
    if (event.pointerType === 'touch') return;
    const pans = event.button === MIDDLE_BUTTON || (event.button === MAIN_BUTTON && this.spaceHeld);
    if (!pans || this.pan) return;
    // No middle-button autoscroll, no text selection: the drag is ours.
    event.preventDefault();
    try {
      this.canvas?.setPointerCapture(event.pointerId);
    } catch {
      // Synthetic events have no active pointer to capture; panning works without it.
    }
    this.pan = { pointerId: event.pointerId, lastX: event.clientX, lastY: event.clientY };
    this.showCursor();
  };

  private readonly onPointerMove = (event: PointerEvent) => {
    if (event.pointerType === 'touch') return this.touch.move(event, this.canvasPoint(event));
    const pan = this.pan;
    if (!pan || event.pointerId !== pan.pointerId) return;
    const [dx, dy] = [event.clientX - pan.lastX, event.clientY - pan.lastY];
    [pan.lastX, pan.lastY] = [event.clientX, event.clientY];
    if (dx !== 0 || dy !== 0) this.options.panBy(dx, dy);
  };

  private readonly onPointerEnd = (event: PointerEvent) => {
    if (event.pointerType === 'touch') return this.touch.up(event);
    if (!this.pan || event.pointerId !== this.pan.pointerId) return;
    this.pan = null;
    this.showCursor();
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    // Only the board's own keys: Space in a text field on the board types a space.
    if (event.key !== ' ' || event.target !== this.board || event.ctrlKey || event.metaKey || event.altKey) return;
    // Space would scroll the page: here it holds the board for dragging.
    event.preventDefault();
    if (this.spaceHeld) return;
    this.spaceHeld = true;
    this.showCursor();
  };

  private readonly onKeyUp = (event: KeyboardEvent) => {
    if (event.key !== ' ' || !this.spaceHeld) return;
    this.spaceHeld = false;
    this.showCursor();
  };

  private readonly onBlur = () => {
    // A keyup that lands elsewhere (another window) is never heard: let go of Space with the focus.
    this.spaceHeld = false;
    this.showCursor();
  };

  private canvasPoint(event: PointerEvent): { x: number; y: number } {
    const rect = this.canvas!.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  /** An open hand while Space is held, a closed one while dragging, the drawing cursor otherwise. */
  private showCursor(): void {
    if (!this.canvas) return;
    this.canvas.style.cursor = this.pan ? 'grabbing' : this.spaceHeld ? 'grab' : '';
  }
}
