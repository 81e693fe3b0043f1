import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BoardItem, ItemMeta } from '../drawing/board-items.js';
import type { DrawingDocument } from '../drawing/document.js';
import { fillApplies, type DrawSettings, type Tool } from '../drawing/draw-settings.js';
import { itemsAt } from '../drawing/hit-test.js';
import { ACCEPTED_AREA } from '../drawing/input-limits.js';
import type { LiveItems, LiveMessage } from '../drawing/live-items.js';
import { quantizeCoordinate, quantizePressure } from '../drawing/point-codec.js';
import { constrainedBox } from '../drawing/shape-constraints.js';
import { randomId } from '../../protocol/random-id.js';
import { listen } from './listen.js';

export interface PointerDrawingOptions {
  document: DrawingDocument;
  live: LiveItems;
  toBoard(cssX: number, cssY: number): { x: number; y: number };
  settings(): DrawSettings;
  author(): string;
  /** Sends a live message to every peer. */
  sendLive(message: LiveMessage): void;
  /** Something on the live layer changed. */
  onLiveChange(): void;
  /** The text tool was clicked at a board point (and a CSS point of the canvas). */
  onTextRequest(board: { x: number; y: number }, css: { x: number; y: number }): void;
  /** The pointer moved over the board (null: it left). */
  onCursor(board: { x: number; y: number } | null): void;
  /** True when this press pans the board instead (Space held, a finger once a pen was used, a second finger): it draws nothing. */
  panning?(event: PointerEvent): boolean;
}

/** Mouse and touch report no real pressure; they draw at the brush's nominal width with simulated pressure. */
const DEFAULT_PRESSURE = 0.5;
const ERASER_RADIUS = 6;
const MIN_SHAPE_SIZE = 2;

/** A shape or line dragged less than this both ways was a click: nobody meant to draw it. */
const isTooSmall = (item: Exclude<BoardItem, { kind: 'stroke' }>) =>
  item.kind !== 'text' && Math.abs(item.w) < MIN_SHAPE_SIZE && Math.abs(item.h) < MIN_SHAPE_SIZE;

interface Gesture {
  pointerId: number;
  tool: Exclude<Tool, 'select'>;
  handle?: number;
  origin: { x: number; y: number };
  /** Where the pointer last was, unconstrained: pressing or releasing Shift reshapes from there. */
  pointer: { x: number; y: number };
  /** Shift is held: lines keep to 15° steps, rectangles and ellipses to squares and circles. */
  constrained: boolean;
}

/**
 * Turns pointer events on the canvas into drawing. While a stroke or shape is dragged its points go out as
 * live messages once per animation frame; on release the finished item is committed to the document.
 */
export class PointerDrawingController implements ReactiveController {
  private canvas: HTMLCanvasElement | null = null;
  private unlisten: Array<() => void> = [];
  private gesture: Gesture | null = null;
  private pendingPoints: number[] = [];
  /** A shape's or line's box moved since the last animation frame. */
  private boxMoved = false;
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
    this.unlisten = [
      listen(canvas, {
        pointerdown: this.onPointerDown,
        pointermove: this.onPointerMove,
        pointerup: this.onPointerEnd,
        pointercancel: this.onPointerEnd,
        pointerleave: this.onPointerLeave,
      }),
      // The board has focus while drawing, but Shift may be pressed anywhere: the window hears it either way.
      listen(window, { keydown: this.onModifierKey, keyup: this.onModifierKey }),
    ];
  }

  hostDisconnected(): void {
    this.finish();
    this.detach();
  }

  private detach(): void {
    for (const unlisten of this.unlisten) unlisten();
    this.unlisten = [];
    this.canvas = null;
  }

  private readonly onPointerDown = (event: PointerEvent) => {
    const settings = this.options.settings();
    // The select tool's presses are SelectDragController's.
    if (event.button !== 0 || this.gesture || settings.tool === 'select' || this.options.panning?.(event)) return;
    event.preventDefault();
    try {
      // Keeps the gesture going when the pointer leaves the canvas mid-drag.
      this.canvas?.setPointerCapture(event.pointerId);
    } catch {
      // Synthetic events have no active pointer to capture; drawing works without it.
    }
    const [x, y, pressure] = this.pointOf(event);
    const origin = { x, y };
    this.options.document.beginAction();
    if (settings.tool === 'text') {
      const rect = this.canvas!.getBoundingClientRect();
      this.options.onTextRequest(origin, { x: event.clientX - rect.left, y: event.clientY - rect.top });
      return;
    }
    this.gesture = { pointerId: event.pointerId, tool: settings.tool, origin, pointer: origin, constrained: event.shiftKey };
    if (settings.tool === 'eraser') return this.erase([[x, y, pressure]]);
    const [id, author, color, width] = [randomId(), this.options.author(), settings.color, settings.width];
    // Set only when on, so a solid, outlined item is stored as it was before dashes and fills.
    const dash = settings.dash ? { dash: true as const } : {};
    const fill = settings.fill && fillApplies(settings.tool) ? { fill: true as const } : {};
    const meta: ItemMeta =
      settings.tool === 'pen'
        ? { id, author, kind: 'stroke', color, width, ...dash }
        : { id, author, kind: settings.tool, color, width, x, y, w: 0, h: 0, ...dash, ...fill };
    const points = settings.tool === 'pen' ? [x, y, pressure] : [];
    const { handle, message } = this.options.live.begin(meta, points, event.pointerType === 'pen');
    this.gesture.handle = handle;
    this.options.sendLive(message);
    this.options.onLiveChange();
  };

  private readonly onPointerMove = (event: PointerEvent) => {
    // One layout read per event, however many coalesced samples it carries.
    const rect = this.canvas!.getBoundingClientRect();
    const [x, y] = this.pointOf(event, rect);
    const gesture = this.gesture;
    // A finger that is not drawing is pinching, panning or resting: the others need not see a cursor jump to it.
    if (event.pointerType !== 'touch' || gesture?.pointerId === event.pointerId) this.options.onCursor({ x, y });
    if (!gesture || event.pointerId !== gesture.pointerId) return;
    const events = event.getCoalescedEvents?.() ?? [];
    const samples = (events.length > 0 ? events : [event]).map((sample) => this.pointOf(sample, rect));
    if (gesture.tool === 'eraser') return this.erase(samples);
    if (gesture.tool === 'pen') {
      for (const point of samples) this.pendingPoints.push(...point);
    } else {
      gesture.pointer = { x, y };
      gesture.constrained = event.shiftKey;
      this.boxMoved = true;
    }
    this.requestFlush();
  };

  /** Shift pressed or released mid-drag reshapes the item at once, without waiting for the pointer to move. */
  private readonly onModifierKey = (event: KeyboardEvent) => {
    const gesture = this.gesture;
    if (event.key !== 'Shift' || !gesture || gesture.tool === 'pen' || gesture.tool === 'eraser') return;
    if (gesture.constrained === event.shiftKey) return;
    gesture.constrained = event.shiftKey;
    this.boxMoved = true;
    this.requestFlush();
  };

  private requestFlush(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.flush());
  }

  private readonly onPointerEnd = (event: PointerEvent) => {
    if (!this.gesture || event.pointerId !== this.gesture.pointerId) return;
    this.finish();
  };

  private readonly onPointerLeave = () => {
    if (!this.gesture) this.options.onCursor(null);
  };

  /** Drops the item being drawn, for everyone, committing nothing: the finger that started it joined a pinch. */
  cancel(): void {
    const gesture = this.gesture;
    if (!gesture) return;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.pendingPoints = [];
    this.boxMoved = false;
    this.gesture = null;
    if (gesture.handle === undefined) return;
    this.options.sendLive(this.options.live.end(gesture.handle).message);
    this.options.onLiveChange();
  }

  private finish(): void {
    const gesture = this.gesture;
    if (!gesture) return;
    this.flush();
    this.gesture = null;
    if (gesture.handle === undefined) return;
    const { item, message } = this.options.live.end(gesture.handle);
    // Commit before ending the live item, so peers never see a gap between the two.
    if (item?.kind === 'stroke') {
      const { points, ...meta } = item;
      this.options.document.addItem(meta, points);
    } else if (item && !isTooSmall(item)) {
      this.options.document.addItem(item);
    }
    this.options.sendLive(message);
    this.options.onLiveChange();
  }

  /** Sends what gathered since the last animation frame. */
  private flush(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const handle = this.gesture?.handle;
    if (handle === undefined) return;
    let message: LiveMessage | null = null;
    if (this.pendingPoints.length > 0) {
      message = this.options.live.addPoints(handle, this.pendingPoints);
      this.pendingPoints = [];
    } else if (this.boxMoved) {
      message = this.options.live.reshape(handle, boxOf(this.gesture!));
      this.boxMoved = false;
    }
    if (!message) return;
    this.options.sendLive(message);
    this.options.onLiveChange();
    // A stroke at the points limit is committed as it is: a longer one would be refused by every peer.
    if (this.options.live.isFull(handle)) this.finish();
  }

  /** Erases what any of the points touch, in one document change. */
  private erase(points: Array<[number, number, number]>): void {
    const items = this.options.document.items;
    const hits = new Set<string>();
    for (const [x, y] of points) for (const id of itemsAt(items, x, y, ERASER_RADIUS)) hits.add(id);
    this.options.document.erase(hits);
  }

  /**
   * The event's board point. The board has no edge a person reaches by drawing, but peers refuse points beyond the
   * accepted area: a drag out there (zoomed far out) follows along its edge.
   */
  private pointOf(event: PointerEvent, rect = this.canvas!.getBoundingClientRect()): [number, number, number] {
    const board = this.options.toBoard(event.clientX - rect.left, event.clientY - rect.top);
    const x = Math.min(ACCEPTED_AREA.maxX, Math.max(ACCEPTED_AREA.minX, board.x));
    const y = Math.min(ACCEPTED_AREA.maxY, Math.max(ACCEPTED_AREA.minY, board.y));
    const pressure = event.pointerType === 'pen' && event.pressure > 0 ? event.pressure : DEFAULT_PRESSURE;
    return [quantizeCoordinate(x), quantizeCoordinate(y), quantizePressure(pressure)];
  }
}

/** The box a shape or line gesture draws now: from the press to the pointer, constrained while Shift is held. */
function boxOf({ tool, origin, pointer, constrained }: Gesture): { x: number; y: number; w: number; h: number } {
  if (!constrained || tool === 'pen' || tool === 'eraser' || tool === 'text') {
    return { x: origin.x, y: origin.y, w: pointer.x - origin.x, h: pointer.y - origin.y };
  }
  // The area the box stays in is the accepted one, which constrainedBox counts from its top-left corner.
  const [left, top] = [ACCEPTED_AREA.minX, ACCEPTED_AREA.minY];
  const area = { width: ACCEPTED_AREA.maxX - left, height: ACCEPTED_AREA.maxY - top };
  const box = constrainedBox(tool, { x: origin.x - left, y: origin.y - top }, { x: pointer.x - left, y: pointer.y - top }, area);
  // On the point grid, as every other coordinate: the far end sits where the pointer could have put it.
  return { x: origin.x, y: origin.y, w: quantizeCoordinate(box.w), h: quantizeCoordinate(box.h) };
}
