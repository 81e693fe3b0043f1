import type { BoardItem, ItemMeta } from './board-items.js';
import { MAX_ITEMS, MAX_POINTS_PER_STROKE, isInAcceptedArea, outsideAreaProblem, strokeTooLongProblem } from './input-limits.js';
import { readPlacement, type Placement } from './placement.js';
import { COORDINATE_STEPS, PRESSURE_STEPS } from './point-codec.js';

/** A peer may have this many items in progress at once; more is refused. */
const MAX_LIVE_PER_PEER = 8;
/** And this many selections being dragged (one per pointer a person might use). */
const MAX_MOVES_PER_PEER = 2;

/** Items someone is dragging with the select tool: each shows at `delta` after its own placement until the drop. */
export interface LiveMove {
  ids: ReadonlySet<string>;
  delta: Placement;
}

export interface LiveBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * What peers need to hear about an item being drawn: plain values, which `sync/live-item-exchange.ts` writes
 * into data-channel frames and reads back. `handle` names the item among its sender's live items.
 */
export type LiveMessage =
  | { op: 'begin'; handle: number; meta: ItemMeta; points: ArrayLike<number>; varyingPressure: boolean }
  /**
   * New points, as steps (1/8 board pixel, 1/100 pressure) from the item's previous point: x and y, then
   * pressure only when the item's pressure varies. Steps keep a frame of mouse points at about two bytes a point.
   */
  | { op: 'points'; handle: number; steps: number[] }
  | { op: 'shape'; handle: number; box: LiveBox }
  /** The select tool started dragging these items (moving, resizing or turning them all by one map). */
  | { op: 'move-begin'; handle: number; ids: string[] }
  /** The dragged items are now at `delta` after where the document places them. */
  | { op: 'move'; handle: number; delta: Placement }
  | { op: 'end'; handle: number };

/** Shapes keep an empty `points` while live, so one type holds every kind; `toBoardItem` drops it. */
type LiveItem = BoardItem & {
  points: number[];
  /** Pen input has real pressure; mouse and touch keep the first point's pressure. */
  varyingPressure: boolean;
  /** The last point, in quantised units: new points are steps from it. */
  last: [number, number, number];
};

/**
 * Items being drawn right now, this page's and its peers'. They travel outside the document, once per
 * animation frame, so peers see a stroke or shape grow while it is dragged; the finished item is committed to
 * the document in one update. Each local change returns the message that tells peers about it; a peer's
 * message is checked against the same limits as the document's items before it shows.
 */
export class LiveItems {
  private readonly local = new Map<number, LiveItem>();
  private readonly remote = new Map<string, Map<number, LiveItem>>();
  private readonly localMoves = new Map<number, LiveMove>();
  private readonly remoteMoves = new Map<string, Map<number, LiveMove>>();
  private nextHandle = 1;
  /** Counts the times a drag began or ended, here or at a peer: the board layer must hide or show its items again. */
  private movesChanged = 0;

  all(): BoardItem[] {
    const items: BoardItem[] = [...this.local.values()];
    for (const peerItems of this.remote.values()) items.push(...peerItems.values());
    return items;
  }

  begin(meta: ItemMeta, points: number[], varyingPressure: boolean): { handle: number; message: LiveMessage } {
    const handle = this.takeHandle();
    this.local.set(handle, liveItem(meta, points, varyingPressure));
    return { handle, message: { op: 'begin', handle, meta, points, varyingPressure } };
  }

  /** Every drag going on, this page's and its peers'. */
  moves(): LiveMove[] {
    const moves = [...this.localMoves.values()];
    for (const peerMoves of this.remoteMoves.values()) moves.push(...peerMoves.values());
    return moves;
  }

  /** Changes whenever a drag begins or ends anywhere: the items it hides from the board layer changed. */
  get movesVersion(): number {
    return this.movesChanged;
  }

  /** Starts dragging items with the select tool; they show where the document places them until `moveBy`. */
  beginMove(ids: readonly string[]): { handle: number; message: LiveMessage } {
    const handle = this.takeHandle();
    this.localMoves.set(handle, { ids: new Set(ids), delta: [1, 0, 0, 1, 0, 0] });
    this.movesChanged++;
    return { handle, message: { op: 'move-begin', handle, ids: [...ids] } };
  }

  moveBy(handle: number, delta: Placement): LiveMessage | null {
    const move = this.localMoves.get(handle);
    if (!move) return null;
    this.localMoves.set(handle, { ids: move.ids, delta });
    return { op: 'move', handle, delta };
  }

  private takeHandle(): number {
    // Handles stay under 2^14, so they always fit in two bytes of a frame.
    const handle = this.nextHandle;
    this.nextHandle = (this.nextHandle % 0x3fff) + 1;
    return handle;
  }

  /**
   * Adds points to a local stroke. A stroke stops growing at the point limit (points past it are dropped),
   * so it is committed there rather than refused by every peer.
   */
  addPoints(handle: number, points: number[]): LiveMessage | null {
    const item = this.local.get(handle);
    if (!item) return null;
    const end = Math.min(points.length, MAX_POINTS_PER_STROKE * 3 - item.points.length);
    if (end <= 0) return null;
    const steps: number[] = [];
    for (let i = 0; i + 2 < end; i += 3) {
      const x = Math.round(points[i]! * COORDINATE_STEPS);
      const y = Math.round(points[i + 1]! * COORDINATE_STEPS);
      const pressure = item.varyingPressure ? Math.round(points[i + 2]! * PRESSURE_STEPS) : item.last[2];
      steps.push(x - item.last[0], y - item.last[1]);
      if (item.varyingPressure) steps.push(pressure - item.last[2]);
      item.last = [x, y, pressure];
      item.points.push(x / COORDINATE_STEPS, y / COORDINATE_STEPS, pressure / PRESSURE_STEPS);
    }
    return { op: 'points', handle, steps };
  }

  /** Whether a local stroke reached the point limit: whoever draws it may end it there. */
  isFull(handle: number): boolean {
    const item = this.local.get(handle);
    return item !== undefined && item.points.length >= MAX_POINTS_PER_STROKE * 3;
  }

  /** Moves a shape's corner while it is dragged. */
  reshape(handle: number, box: LiveBox): LiveMessage | null {
    const item = this.local.get(handle);
    if (!item) return null;
    Object.assign(item, box);
    return { op: 'shape', handle, box };
  }

  /** Ends a local item (committed or cancelled) and returns it with the message that ends it for peers. */
  end(handle: number): { item: BoardItem | undefined; message: LiveMessage } {
    const item = this.local.get(handle);
    this.local.delete(handle);
    if (this.localMoves.delete(handle)) this.movesChanged++;
    return { item: item && toBoardItem(item), message: { op: 'end', handle } };
  }

  /** Applies a peer's message; throws with a reason on anything over a limit. */
  receive(peerId: string, message: LiveMessage): void {
    let items = this.remote.get(peerId);
    if (!items) {
      items = new Map();
      this.remote.set(peerId, items);
    }
    switch (message.op) {
      case 'begin':
        if (items.size >= MAX_LIVE_PER_PEER && !items.has(message.handle)) throw new Error(`more than ${MAX_LIVE_PER_PEER} live items`);
        items.set(message.handle, liveItem(message.meta, message.points, message.varyingPressure));
        return;
      case 'points':
        return receivePoints(items, message.handle, message.steps);
      case 'shape': {
        const { x, y, w, h } = message.box;
        if (!isInAcceptedArea(x, y)) throw new Error(outsideAreaProblem(x, y));
        if (!isInAcceptedArea(x + w, y + h)) throw new Error(outsideAreaProblem(x + w, y + h));
        const item = items.get(message.handle);
        if (item) Object.assign(item, { x, y, w, h });
        return;
      }
      case 'move-begin':
      case 'move':
        return this.receiveMove(peerId, message);
      case 'end':
        items.delete(message.handle);
        if (this.remoteMoves.get(peerId)?.delete(message.handle)) this.movesChanged++;
        return;
    }
  }

  removePeer(peerId: string): void {
    this.remote.delete(peerId);
    if (this.remoteMoves.delete(peerId)) this.movesChanged++;
  }

  private receiveMove(peerId: string, message: Extract<LiveMessage, { op: 'move-begin' | 'move' }>): void {
    let moves = this.remoteMoves.get(peerId);
    if (!moves) {
      moves = new Map();
      this.remoteMoves.set(peerId, moves);
    }
    if (message.op === 'move') {
      if (!readPlacement(message.delta)) throw new Error(`live move: a malformed placement (${message.delta.join(', ')})`);
      const move = moves.get(message.handle);
      // The begin was missed (the channel opened mid-drag): the drop arrives in the document.
      if (move) moves.set(message.handle, { ids: move.ids, delta: message.delta });
      return;
    }
    if (moves.size >= MAX_MOVES_PER_PEER && !moves.has(message.handle)) throw new Error(`more than ${MAX_MOVES_PER_PEER} live moves`);
    if (message.ids.length > MAX_ITEMS) throw new Error(`live move: ${message.ids.length} items, more than a board holds (${MAX_ITEMS})`);
    moves.set(message.handle, { ids: new Set(message.ids), delta: [1, 0, 0, 1, 0, 0] });
    this.movesChanged++;
  }
}

function receivePoints(items: Map<number, LiveItem>, handle: number, steps: number[]): void {
  const item = items.get(handle);
  // Begin was missed (the channel opened mid-stroke), or the stroke was refused: the committed item arrives whole.
  if (!item) return;
  const stride = item.varyingPressure ? 3 : 2;
  if (steps.length % stride !== 0) throw new Error(`live points: ${steps.length} steps do not make whole points of ${stride} values`);
  for (let i = 0; i < steps.length; i += stride) {
    const x = item.last[0] + steps[i]!;
    const y = item.last[1] + steps[i + 1]!;
    const pressure = item.varyingPressure ? item.last[2] + steps[i + 2]! : item.last[2];
    // A refused stroke is ended here, so it is reported once, not with every frame that follows.
    const problem = livePointProblem(item, x / COORDINATE_STEPS, y / COORDINATE_STEPS, pressure);
    if (problem) {
      items.delete(handle);
      throw new Error(problem);
    }
    item.last = [x, y, pressure];
    item.points.push(x / COORDINATE_STEPS, y / COORDINATE_STEPS, pressure / PRESSURE_STEPS);
  }
}

function livePointProblem(item: LiveItem, x: number, y: number, pressure: number): string | null {
  if (item.points.length >= MAX_POINTS_PER_STROKE * 3) return `live stroke: ${strokeTooLongProblem(item.points.length / 3 + 1)}`;
  if (pressure < 0 || pressure > PRESSURE_STEPS) return `pressure ${pressure} out of range`;
  if (!isInAcceptedArea(x, y)) return `live stroke: ${outsideAreaProblem(x, y)}`;
  return null;
}

function liveItem(meta: ItemMeta, points: ArrayLike<number>, varyingPressure: boolean): LiveItem {
  const n = points.length;
  const last: [number, number, number] = n >= 3
    ? [Math.round(points[n - 3]! * COORDINATE_STEPS), Math.round(points[n - 2]! * COORDINATE_STEPS), Math.round(points[n - 1]! * PRESSURE_STEPS)]
    : [0, 0, 50];
  return { ...meta, points: Array.from(points), varyingPressure, last };
}

function toBoardItem({ varyingPressure: _varying, last: _last, points, ...item }: LiveItem): BoardItem {
  return item.kind === 'stroke' ? { ...item, points } : item;
}
