import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readItemMeta, type BoardItem, type ItemMeta } from './board-items.js';
import { decodePoints, encodePoints } from './point-codec.js';

const Op = { Begin: 0, Points: 1, Shape: 2, End: 3 } as const;
/** A peer may have this many items in progress at once; more is refused. */
const MAX_LIVE_PER_PEER = 8;

/**
 * Items being drawn right now. They travel outside the document, once per animation frame, so peers see a
 * stroke or shape grow while it is dragged; the finished item is committed to the document in one update.
 * A short per-sender handle names each one, so a frame of points costs a few bytes of framing.
 */
export class LiveItems {
  private readonly local = new Map<number, BoardItem>();
  private readonly remote = new Map<string, Map<number, BoardItem>>();
  private nextHandle = 1;

  all(): BoardItem[] {
    const items = [...this.local.values()];
    for (const peerItems of this.remote.values()) items.push(...peerItems.values());
    return items;
  }

  begin(meta: ItemMeta, points: number[] = []): { handle: number; message: Uint8Array } {
    const handle = this.nextHandle++;
    const item: BoardItem = { ...meta, points: [...points] };
    this.local.set(handle, item);
    const encoder = header(Op.Begin, handle);
    encoding.writeVarString(encoder, JSON.stringify(meta));
    encoding.writeVarUint8Array(encoder, encodePoints(points));
    return { handle, message: encoding.toUint8Array(encoder) };
  }

  addPoints(handle: number, points: number[]): Uint8Array | null {
    const item = this.local.get(handle);
    if (!item || points.length === 0) return null;
    item.points.push(...points);
    const encoder = header(Op.Points, handle);
    encoding.writeUint8Array(encoder, encodePoints(points));
    return encoding.toUint8Array(encoder);
  }

  /** Moves a shape's corner while it is dragged. */
  reshape(handle: number, box: { x: number; y: number; w: number; h: number }): Uint8Array | null {
    const item = this.local.get(handle);
    if (!item) return null;
    Object.assign(item, box);
    const encoder = header(Op.Shape, handle);
    for (const value of [box.x, box.y, box.w, box.h]) encoding.writeVarInt(encoder, Math.round(value * 8));
    return encoding.toUint8Array(encoder);
  }

  /** Ends a local item (committed or cancelled) and returns it with the message that ends it for peers. */
  end(handle: number): { item: BoardItem | undefined; message: Uint8Array } {
    const item = this.local.get(handle);
    this.local.delete(handle);
    return { item, message: encoding.toUint8Array(header(Op.End, handle)) };
  }

  /** Applies a peer's live message; throws with a reason on anything malformed. */
  receive(peerId: string, payload: Uint8Array): void {
    const decoder = decoding.createDecoder(payload);
    const op = decoding.readVarUint(decoder);
    const handle = decoding.readVarUint(decoder);
    let items = this.remote.get(peerId);
    if (!items) {
      items = new Map();
      this.remote.set(peerId, items);
    }
    if (op === Op.Begin) {
      if (items.size >= MAX_LIVE_PER_PEER && !items.has(handle)) throw new Error(`more than ${MAX_LIVE_PER_PEER} live items`);
      const meta = readItemMeta(JSON.parse(decoding.readVarString(decoder)));
      if (!meta) throw new Error('malformed live item meta');
      items.set(handle, { ...meta, points: decodePoints(decoding.readVarUint8Array(decoder)) });
      return;
    }
    const item = items.get(handle);
    if (op === Op.End) {
      items.delete(handle);
    } else if (!item) {
      // Begin was missed (the channel opened mid-stroke): the committed item will arrive whole.
    } else if (op === Op.Points) {
      item.points.push(...decodePoints(decoding.readTailAsUint8Array(decoder)));
    } else if (op === Op.Shape) {
      const [x, y, w, h] = [0, 0, 0, 0].map(() => decoding.readVarInt(decoder) / 8) as [number, number, number, number];
      Object.assign(item, { x, y, w, h });
    } else {
      throw new Error(`unknown live op ${op}`);
    }
  }

  removePeer(peerId: string): void {
    this.remote.delete(peerId);
  }
}

function header(op: number, handle: number): encoding.Encoder {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, op);
  encoding.writeVarUint(encoder, handle);
  return encoder;
}
