import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DocumentMessage, DrawingDocument } from './document.js';
import { randomId } from './random-id.js';

export interface Brush {
  color: string;
  width: number;
}

export interface PointerDrawingOptions {
  document: DrawingDocument;
  toBoard(cssX: number, cssY: number): { x: number; y: number };
  brush(): Brush;
  author(): string;
  publish(message: DocumentMessage): void;
}

/** Mouse and touch report no real pressure; they draw at the brush's nominal width. */
const DEFAULT_PRESSURE = 0.5;

/**
 * Turns pointer events on the canvas into strokes. Points are sent once per animation frame,
 * not per pointer event, so a fast pen does not flood the data channels.
 */
export class PointerDrawingController implements ReactiveController {
  private canvas: HTMLCanvasElement | null = null;
  private activeStroke: { id: string; pointerId: number } | null = null;
  private pendingPoints: number[] = [];
  private frame = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: PointerDrawingOptions,
  ) {
    host.addController(this);
  }

  attach(canvas: HTMLCanvasElement): void {
    if (this.canvas === canvas) return;
    this.detach();
    this.canvas = canvas;
    canvas.addEventListener('pointerdown', this.onPointerDown);
    canvas.addEventListener('pointermove', this.onPointerMove);
    canvas.addEventListener('pointerup', this.onPointerEnd);
    canvas.addEventListener('pointercancel', this.onPointerEnd);
  }

  hostDisconnected(): void {
    this.finishStroke();
    this.detach();
  }

  private detach(): void {
    const canvas = this.canvas;
    if (!canvas) return;
    canvas.removeEventListener('pointerdown', this.onPointerDown);
    canvas.removeEventListener('pointermove', this.onPointerMove);
    canvas.removeEventListener('pointerup', this.onPointerEnd);
    canvas.removeEventListener('pointercancel', this.onPointerEnd);
    this.canvas = null;
  }

  private readonly onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0 || this.activeStroke) return;
    event.preventDefault();
    try {
      // Keeps the stroke going when the pointer leaves the canvas mid-drag.
      this.canvas?.setPointerCapture(event.pointerId);
    } catch {
      // Synthetic events have no active pointer to capture; drawing works without it.
    }
    const brush = this.options.brush();
    const id = randomId();
    this.activeStroke = { id, pointerId: event.pointerId };
    const message = this.options.document.addStroke({
      id,
      author: this.options.author(),
      color: brush.color,
      width: brush.width,
      points: this.pointOf(event),
    });
    this.options.publish(message);
  };

  private readonly onPointerMove = (event: PointerEvent) => {
    if (!this.activeStroke || event.pointerId !== this.activeStroke.pointerId) return;
    const events = event.getCoalescedEvents?.() ?? [];
    for (const sample of events.length > 0 ? events : [event]) this.pendingPoints.push(...this.pointOf(sample));
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.flush());
  };

  private readonly onPointerEnd = (event: PointerEvent) => {
    if (!this.activeStroke || event.pointerId !== this.activeStroke.pointerId) return;
    this.finishStroke();
  };

  private finishStroke(): void {
    this.flush();
    this.activeStroke = null;
  }

  private flush(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (!this.activeStroke || this.pendingPoints.length === 0) return;
    const points = this.pendingPoints;
    this.pendingPoints = [];
    this.options.publish(this.options.document.appendPoints(this.activeStroke.id, points));
  }

  private pointOf(event: PointerEvent): number[] {
    const rect = this.canvas!.getBoundingClientRect();
    const { x, y } = this.options.toBoard(event.clientX - rect.left, event.clientY - rect.top);
    const pressure = event.pointerType === 'pen' && event.pressure > 0 ? event.pressure : DEFAULT_PRESSURE;
    // 1/8 board pixel and 1/100 pressure are below what anyone sees, and keep messages short.
    return [Math.round(x * 8) / 8, Math.round(y * 8) / 8, Math.round(pressure * 100) / 100];
  }
}
