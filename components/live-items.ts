import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readItemMeta, type BoardItem, type ItemMeta } from './board-items.js';
import { FrameKind } from './channel-frames.js';
import { COORDINATE_STEPS, PRESSURE_STEPS, decodePoints, encodePoints } from './point-codec.js';

const Op = { Begin: 0, Shape: 1, End: 2 } as const;
/** A peer may have this many items in progress at once; more is refused. */
const MAX_LIVE_PER_PEER = 8;
const MAX_LIVE_POINTS = 100_000;

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

  addPoints(handle: number, points: number[]): LiveMessage | null {
    const item = this.local.get(handle);
    if (!item || points.length === 0) return null;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, handle);
    for (let i = 0; i + 2 < points.length; i += 3) {
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
      const meta = readItemMeta(JSON.parse(decoding.readVarString(decoder)));
      if (!meta) throw new Error('malformed live item meta');
      items.set(handle, liveItem(meta, decodePoints(decoding.readVarUint8Array(decoder)), varyingPressure));
    } else if (op === Op.End) {
      items.delete(handle);
    } else if (op === Op.Shape) {
      const item = items.get(handle);
      const [x, y, w, h] = [0, 0, 0, 0].map(() => decoding.readVarInt(decoder) / COORDINATE_STEPS) as [number, number, number, number];
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
  const item = items.get(decoding.readVarUint(decoder));
  // Begin was missed (the channel opened mid-stroke): the committed item will arrive whole.
  if (!item) return;
  while (decoding.hasContent(decoder)) {
    if (item.points.length >= MAX_LIVE_POINTS * 3) throw new Error(`live stroke over ${MAX_LIVE_POINTS} points`);
    const x = item.last[0] + decoding.readVarInt(decoder);
    const y = item.last[1] + decoding.readVarInt(decoder);
    const pressure = item.varyingPressure ? item.last[2] + decoding.readVarInt(decoder) : item.last[2];
    if (pressure < 0 || pressure > PRESSURE_STEPS) throw new Error(`pressure ${pressure} out of range`);
    item.last = [x, y, pressure];
    item.points.push(x / COORDINATE_STEPS, y / COORDINATE_STEPS, pressure / PRESSURE_STEPS);
  }
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
