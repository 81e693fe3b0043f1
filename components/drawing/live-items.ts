import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { checkItemMeta, type BoardItem, type ItemMeta } from './board-items.js';
import { FrameKind } from '../network/channel-frames.js';
import { MAX_POINTS_PER_STROKE, isInAcceptedArea, outsideAreaProblem, strokeTooLongProblem } from './input-limits.js';
import { COORDINATE_STEPS, PRESSURE_STEPS, decodePoints, encodePoints } from './point-codec.js';

const Op = { Begin: 0, Shape: 1, End: 2 } as const;
/** A peer may have this many items in progress at once; more is refused. */
const MAX_LIVE_PER_PEER = 8;

export interface LiveMessage {
  kind: typeof FrameKind.Live | typeof FrameKind.LivePoints;
  payload: Uint8Array;
}

interface LiveItem extends BoardItem {
  points: number[];
  /** Pen input has real pressure; mouse and touch keep the first point's pressure. */
  varyingPressure: boolean;
  /** The last point, in quantised units: new points travel as deltas from it. */
  last: [number, number, number];
}

/**
 * Items being drawn right now. They travel outside the document, once per animation frame, so peers see a
 * stroke or shape grow while it is dragged; the finished item is committed to the document in one update.
 * A short per-sender handle names each one, and points travel as deltas from the previous frame's last
 * point, so a frame of mouse points costs two bytes of framing and about two bytes a point.
 */
export class LiveItems {
  private readonly local = new Map<number, LiveItem>();
  private readonly remote = new Map<string, Map<number, LiveItem>>();
  private nextHandle = 1;

  all(): BoardItem[] {
    const items: BoardItem[] = [...this.local.values()];
    for (const peerItems of this.remote.values()) items.push(...peerItems.values());
    return items;
  }

  begin(meta: ItemMeta, points: number[], varyingPressure: boolean): { handle: number; message: LiveMessage } {
    // Handles stay under 2^14, so they always fit in two bytes.
    const handle = this.nextHandle;
    this.nextHandle = (this.nextHandle % 0x3fff) + 1;
    this.local.set(handle, liveItem(meta, points, varyingPressure));
    const encoder = header(Op.Begin, handle);
    encoding.writeUint8(encoder, varyingPressure ? 1 : 0);
    encoding.writeVarString(encoder, JSON.stringify(meta));
    encoding.writeVarUint8Array(encoder, encodePoints(points));
    return { handle, message: live(encoder) };
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
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, handle);
    for (let i = 0; i + 2 < end; i += 3) {
      const x = Math.round(points[i]! * COORDINATE_STEPS);
      const y = Math.round(points[i + 1]! * COORDINATE_STEPS);
      const pressure = item.varyingPressure ? Math.round(points[i + 2]! * PRESSURE_STEPS) : item.last[2];
      encoding.writeVarInt(encoder, x - item.last[0]);
      encoding.writeVarInt(encoder, y - item.last[1]);
      if (item.varyingPressure) encoding.writeVarInt(encoder, pressure - item.last[2]);
      item.last = [x, y, pressure];
      item.points.push(x / COORDINATE_STEPS, y / COORDINATE_STEPS, pressure / PRESSURE_STEPS);
    }
    return { kind: FrameKind.LivePoints, payload: encoding.toUint8Array(encoder) };
  }

  /** Whether a local stroke reached the point limit: whoever draws it may end it there. */
  isFull(handle: number): boolean {
    const item = this.local.get(handle);
    return item !== undefined && item.points.length >= MAX_POINTS_PER_STROKE * 3;
  }

  /** Moves a shape's corner while it is dragged. */
  reshape(handle: number, box: { x: number; y: number; w: number; h: number }): LiveMessage | null {
    const item = this.local.get(handle);
    if (!item) return null;
    Object.assign(item, box);
    const encoder = header(Op.Shape, handle);
    for (const value of [box.x, box.y, box.w, box.h]) encoding.writeVarInt(encoder, Math.round(value * COORDINATE_STEPS));
    return live(encoder);
  }

  /** Ends a local item (committed or cancelled) and returns it with the message that ends it for peers. */
  end(handle: number): { item: BoardItem | undefined; message: LiveMessage } {
    const item = this.local.get(handle);
    this.local.delete(handle);
    return { item: item && toBoardItem(item), message: live(header(Op.End, handle)) };
  }

  /** Applies a peer's live message; throws with a reason on anything malformed. */
  receive(peerId: string, kind: FrameKind, payload: Uint8Array): void {
    const decoder = decoding.createDecoder(payload);
    let items = this.remote.get(peerId);
    if (!items) {
      items = new Map();
      this.remote.set(peerId, items);
    }
    if (kind === FrameKind.LivePoints) return receivePoints(items, decoder);
    const op = decoding.readVarUint(decoder);
    const handle = decoding.readVarUint(decoder);
    if (op === Op.Begin) {
      if (items.size >= MAX_LIVE_PER_PEER && !items.has(handle)) throw new Error(`more than ${MAX_LIVE_PER_PEER} live items`);
      const varyingPressure = decoding.readUint8(decoder) === 1;
      const checked = checkItemMeta(JSON.parse(decoding.readVarString(decoder)));
      if ('problem' in checked) throw new Error(`live item: ${checked.problem}`);
      items.set(handle, liveItem(checked.meta, decodePoints(decoding.readVarUint8Array(decoder)), varyingPressure));
    } else if (op === Op.End) {
      items.delete(handle);
    } else if (op === Op.Shape) {
      const item = items.get(handle);
      const [x, y, w, h] = [0, 0, 0, 0].map(() => decoding.readVarInt(decoder) / COORDINATE_STEPS) as [number, number, number, number];
      if (!isInAcceptedArea(x, y)) throw new Error(outsideAreaProblem(x, y));
      if (!isInAcceptedArea(x + w, y + h)) throw new Error(outsideAreaProblem(x + w, y + h));
      if (item) Object.assign(item, { x, y, w, h });
    } else {
      throw new Error(`unknown live op ${op}`);
    }
  }

  removePeer(peerId: string): void {
    this.remote.delete(peerId);
  }
}

function receivePoints(items: Map<number, LiveItem>, decoder: decoding.Decoder): void {
  const handle = decoding.readVarUint(decoder);
  const item = items.get(handle);
  // Begin was missed (the channel opened mid-stroke), or the stroke was refused: the committed item arrives whole.
  if (!item) return;
  while (decoding.hasContent(decoder)) {
    const x = item.last[0] + decoding.readVarInt(decoder);
    const y = item.last[1] + decoding.readVarInt(decoder);
    const pressure = item.varyingPressure ? item.last[2] + decoding.readVarInt(decoder) : item.last[2];
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

function toBoardItem({ varyingPressure: _varying, last: _last, ...item }: LiveItem): BoardItem {
  return item;
}

function header(op: number, handle: number): encoding.Encoder {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, op);
  encoding.writeVarUint(encoder, handle);
  return encoder;
}

const live = (encoder: encoding.Encoder): LiveMessage => ({ kind: FrameKind.Live, payload: encoding.toUint8Array(encoder) });
