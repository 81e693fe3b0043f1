import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DrawingDocument } from '../drawing/document.js';
import { topItemAt } from '../drawing/hit-test.js';
import { itemBounds } from '../drawing/item-bounds.js';
import type { LiveItems, LiveMessage } from '../drawing/live-items.js';
import { IDENTITY, compose, translation, type Placement } from '../drawing/placement.js';
import { handleAt, idsInside, resizeDelta, rotateDelta, selectionBounds, type Handle } from '../drawing/selection-geometry.js';
import type { BoardBounds } from '../drawing/view.js';
import type { SelectionOverlay } from '../render/selection-painter.js';
import { listen } from './listen.js';
import type { Selection } from './selection.js';

type Point = { x: number; y: number };

export interface SelectDragOptions {
  document: DrawingDocument;
  live: LiveItems;
  selection: Selection;
  /** True while the select tool is the current one: presses are this controller's then. */
  active(): boolean;
  toBoard(cssX: number, cssY: number): Point;
  /** One CSS pixel in board units (1 / zoom): grips and click slack keep their size on screen. */
  unit(): number;
  /** True when this press pans the board instead (Space held, middle button): the selection is left alone. */
  panning?(event: PointerEvent): boolean;
  sendLive(message: LiveMessage): void;
  /** The live layer must be painted again (the drag or the marquee moved). */
  onLiveChange(): void;
}

/** A click lands on an item within this many CSS pixels of it. */
const CLICK_SLACK = 5;
/** A selection of up to this many items shows each one's box; a larger one only the box around them all. */
const ITEM_BOXES_UP_TO = 100;
/** A press moves this many CSS pixels before it drags: a click's wobble moves nothing. */
const DRAG_THRESHOLD = 3;
/** Fingers are broader than a mouse: grips are grabbed from farther. */
const TOUCH_REACH = 16;

type Gesture =
  | {
      kind: 'move' | 'resize' | 'rotate';
      pointerId: number;
      start: Point;
      handle: Handle | null;
      bounds: BoardBounds;
      live?: number;
      delta: Placement;
      shift: boolean;
      pointer: Point;
      /** Pressed inside the selection's box but on none of its items: a click there (no drag) lets go, as on empty board. */
      betweenItems: boolean;
    }
  | { kind: 'marquee'; pointerId: number; start: Point; pointer: Point; kept: ReadonlySet<string> };

/**
 * The select tool's pointer: a click picks the item on top (Shift+click adds or removes it), a drag from empty board
 * draws a marquee, and a drag of the selection or of its grips moves, resizes or turns it. Peers see the drag live
 * (one map for all the items, sent once a frame); the drop is one change of the document, one undo step.
 */
export class SelectDragController implements ReactiveController {
  private canvas: HTMLCanvasElement | null = null;
  private unlisten: (() => void) | null = null;
  private gesture: Gesture | null = null;
  private frame = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: SelectDragOptions,
  ) {
    host.addController(this);
  }

  attach(canvas: HTMLCanvasElement): void {
    if (this.canvas === canvas) return;
    this.detach();
    this.canvas = canvas;
    this.unlisten = listen(canvas, {
      pointerdown: this.onPointerDown,
      pointermove: this.onPointerMove,
      pointerup: this.onPointerUp,
      pointercancel: this.onPointerCancel,
    });
  }

  hostDisconnected(): void {
    this.cancel();
    this.detach();
  }

  /** What to paint over the board: the selection's boxes where they show now, its grips, the marquee. */
  overlay(): SelectionOverlay | null {
    if (!this.options.active()) return null;
    const gesture = this.gesture;
    const selected = this.options.selection.itemsOf(this.options.document.items);
    const delta = gesture && gesture.kind !== 'marquee' ? gesture.delta : IDENTITY;
    const shown = selected.map((item) => ({ ...item, at: compose(delta, item.at ?? IDENTITY) }));
    // A box per item tells which are selected; past a hundred they are a hatching that only costs frames.
    const itemBoxes = shown.length > ITEM_BOXES_UP_TO ? [] : shown.flatMap((item) => itemBounds(item) ?? []);
    const marquee = gesture?.kind === 'marquee' ? { a: gesture.start, b: gesture.pointer } : null;
    return { itemBoxes, bounds: selectionBounds(shown), marquee };
  }

  /** Drops a drag in progress without changing anything: the item shows where it was again, for everyone. */
  cancel(): void {
    const gesture = this.gesture;
    this.gesture = null;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (gesture?.kind !== 'marquee' && gesture?.live !== undefined) this.options.sendLive(this.options.live.end(gesture.live).message);
    if (gesture) this.options.onLiveChange();
  }

  /** Gives the board its own cursor back (the crosshair): another tool was picked. */
  resetCursor(): void {
    if (this.canvas) this.canvas.style.cursor = '';
  }

  /** The cursor that tells what a press here would do: turn, resize or move the selection. */
  cursorAt(cssX: number, cssY: number): string {
    const point = this.options.toBoard(cssX, cssY);
    const bounds = selectionBounds(this.options.selection.itemsOf(this.options.document.items));
    const handle = bounds && handleAt(bounds, point, this.options.unit());
    if (handle === 'rotate') return 'grab';
    if (handle) return `${handle}-resize`;
    const hit = topItemAt(this.options.document.items, point.x, point.y, CLICK_SLACK * this.options.unit());
    return hit || (bounds && inside(bounds, point)) ? 'move' : 'default';
  }

  private detach(): void {
    this.unlisten?.();
    this.unlisten = null;
    this.canvas = null;
  }

  private readonly onPointerDown = (event: PointerEvent) => {
    if (!this.options.active() || event.button !== 0 || this.gesture || this.options.panning?.(event)) return;
    event.preventDefault();
    try {
      this.canvas?.setPointerCapture(event.pointerId);
    } catch {
      // No active pointer to capture (a synthetic event): the drag works without it.
    }
    const { document, selection } = this.options;
    const point = this.pointOf(event);
    const unit = this.options.unit();
    const items = document.items;
    const bounds = selectionBounds(selection.itemsOf(items));
    const handle = bounds && handleAt(bounds, point, unit, event.pointerType === 'touch' ? TOUCH_REACH : undefined);
    if (bounds && handle) return this.start(event, handle === 'rotate' ? 'rotate' : 'resize', point, handle, bounds);
    const hit = topItemAt(items, point.x, point.y, CLICK_SLACK * unit);
    // Inside the selection's box, between its items, a drag moves the selection, as in other editors.
    if (!hit && bounds && !event.shiftKey && inside(bounds, point)) return this.start(event, 'move', point, null, bounds, true);
    if (!hit) {
      if (!event.shiftKey) selection.clear();
      this.gesture = { kind: 'marquee', pointerId: event.pointerId, start: point, pointer: point, kept: new Set(selection.ids) };
      return this.options.onLiveChange();
    }
    if (event.shiftKey) {
      selection.toggle(hit.id);
      if (!selection.has(hit.id)) return this.options.onLiveChange();
    } else if (!selection.has(hit.id)) {
      selection.set([hit.id]);
    }
    const moved = selectionBounds(selection.itemsOf(items));
    if (moved) this.start(event, 'move', point, null, moved);
  };

  private start(event: PointerEvent, kind: 'move' | 'resize' | 'rotate', start: Point, handle: Handle | null, bounds: BoardBounds, betweenItems = false): void {
    this.options.document.beginAction();
    this.gesture = { kind, pointerId: event.pointerId, start, handle, bounds, delta: IDENTITY, shift: event.shiftKey, pointer: start, betweenItems };
    this.options.onLiveChange();
  }

  private readonly onPointerMove = (event: PointerEvent) => {
    const gesture = this.gesture;
    if (!gesture || event.pointerId !== gesture.pointerId) {
      if (this.canvas && this.options.active()) this.canvas.style.cursor = this.cursorAt(event.offsetX, event.offsetY);
      return;
    }
    gesture.pointer = this.pointOf(event);
    if (gesture.kind !== 'marquee') gesture.shift = event.shiftKey;
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.flush());
  };

  private readonly onPointerUp = (event: PointerEvent) => {
    const gesture = this.gesture;
    if (!gesture || event.pointerId !== gesture.pointerId) return;
    gesture.pointer = this.pointOf(event);
    this.flush();
    this.gesture = null;
    if (gesture.kind === 'marquee') {
      const inside = idsInside(this.options.document.items, gesture.start, gesture.pointer);
      this.options.selection.set([...gesture.kept, ...inside]);
      return this.options.onLiveChange();
    }
    if (gesture.live === undefined) {
      if (gesture.betweenItems) this.options.selection.clear();
      return this.options.onLiveChange();
    }
    // The drop is committed before the live drag ends, so peers never see the items jump back between the two.
    const { document, selection } = this.options;
    document.place(new Map([...selection.ids].map((id) => [id, compose(gesture.delta, document.placementOf(id))])));
    this.options.sendLive(this.options.live.end(gesture.live).message);
    this.options.onLiveChange();
  };

  private readonly onPointerCancel = (event: PointerEvent) => {
    if (this.gesture?.pointerId === event.pointerId) this.cancel();
  };

  /** Once a frame: the drag's map from where it started to where the pointer is, shown here and sent to peers. */
  private flush(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const gesture = this.gesture;
    if (!gesture) return;
    if (gesture.kind === 'marquee') return this.options.onLiveChange();
    // A press that has not moved past a few pixels is a click: it starts no drag, sends nothing, changes nothing.
    const moved = Math.hypot(gesture.pointer.x - gesture.start.x, gesture.pointer.y - gesture.start.y);
    if (gesture.live === undefined && moved < DRAG_THRESHOLD * this.options.unit()) return;
    gesture.delta = deltaOf(gesture);
    if (gesture.live === undefined) {
      const { handle, message } = this.options.live.beginMove([...this.options.selection.ids]);
      gesture.live = handle;
      this.options.sendLive(message);
    }
    const message = this.options.live.moveBy(gesture.live, gesture.delta);
    if (message) this.options.sendLive(message);
    this.options.onLiveChange();
  }

  private pointOf(event: PointerEvent): Point {
    const rect = this.canvas!.getBoundingClientRect();
    return this.options.toBoard(event.clientX - rect.left, event.clientY - rect.top);
  }
}

const inside = (bounds: BoardBounds, { x, y }: Point) => x >= bounds.minX && x <= bounds.maxX && y >= bounds.minY && y <= bounds.maxY;

/** The map a drag makes now: a move (along one axis while Shift is held), a resize about the opposite grip, or a turn. */
function deltaOf(gesture: Extract<Gesture, { kind: 'move' | 'resize' | 'rotate' }>): Placement {
  const { start, pointer, bounds, handle, shift } = gesture;
  if (gesture.kind === 'rotate') return rotateDelta(bounds, start, pointer, shift);
  if (gesture.kind === 'resize' && handle && handle !== 'rotate') return resizeDelta(handle, bounds, pointer, shift);
  let [dx, dy] = [pointer.x - start.x, pointer.y - start.y];
  if (shift) [dx, dy] = Math.abs(dx) >= Math.abs(dy) ? [dx, 0] : [0, dy];
  return translation(dx, dy);
}
