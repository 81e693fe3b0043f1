import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { checkItemMeta } from '../drawing/board-items.js';
import { MAX_ITEMS } from '../drawing/input-limits.js';
import type { Placement } from '../drawing/placement.js';
import type { LiveMessage } from '../drawing/live-items.js';
import { COORDINATE_STEPS, decodePoints, encodePoints } from '../drawing/point-codec.js';
import { FrameKind } from '../network/channel-frames.js';

/** The frame kinds that carry live items: points get a kind of their own, so their frames need no op byte. */
export type LiveFrameKind = typeof FrameKind.Live | typeof FrameKind.LivePoints;

/** Ops of a `FrameKind.Live` frame, after which comes the item's handle. */
const Op = { Begin: 0, Shape: 1, End: 2, MoveBegin: 3, Move: 4 } as const;
/** An item id in a move is a short string (ids are checked at most this long, as the document checks them). */
const MAX_ID_LENGTH = 64;

export function isLiveFrameKind(kind: FrameKind): kind is LiveFrameKind {
  return kind === FrameKind.Live || kind === FrameKind.LivePoints;
}

/**
 * Writes a live-item message as a frame payload: varuint op and handle, then the op's values. Points are
 * varint steps after the handle, so a frame of mouse points costs two bytes of framing and about two a point.
 */
export function encodeLiveMessage(message: LiveMessage): { kind: LiveFrameKind; payload: Uint8Array } {
  const encoder = encoding.createEncoder();
  switch (message.op) {
    case 'points':
      encoding.writeVarUint(encoder, message.handle);
      for (const step of message.steps) encoding.writeVarInt(encoder, step);
      return { kind: FrameKind.LivePoints, payload: encoding.toUint8Array(encoder) };
    case 'begin':
      writeHeader(encoder, Op.Begin, message.handle);
      encoding.writeUint8(encoder, message.varyingPressure ? 1 : 0);
      encoding.writeVarString(encoder, JSON.stringify(message.meta));
      encoding.writeVarUint8Array(encoder, encodePoints(message.points));
      break;
    case 'shape': {
      writeHeader(encoder, Op.Shape, message.handle);
      const { x, y, w, h } = message.box;
      for (const value of [x, y, w, h]) encoding.writeVarInt(encoder, Math.round(value * COORDINATE_STEPS));
      break;
    }
    case 'move-begin':
      writeHeader(encoder, Op.MoveBegin, message.handle);
      encoding.writeVarUint(encoder, message.ids.length);
      for (const id of message.ids) encoding.writeVarString(encoder, id);
      break;
    case 'move':
      writeHeader(encoder, Op.Move, message.handle);
      // Doubles: a turn's sines and a far move's shift need more than the point grid's eighths.
      for (const value of message.delta) encoding.writeFloat64(encoder, value);
      break;
    case 'end':
      writeHeader(encoder, Op.End, message.handle);
      break;
  }
  return { kind: FrameKind.Live, payload: encoding.toUint8Array(encoder) };
}

/**
 * Reads a peer's live-item frame payload into a message, checking the item it begins as the document checks
 * items (meta, points in the accepted area); throws with a reason on anything malformed. The limits that
 * depend on what the peer drew before (how many items, how many points) are `LiveItems.receive`'s.
 */
export function decodeLiveMessage(kind: LiveFrameKind, payload: Uint8Array): LiveMessage {
  const decoder = decoding.createDecoder(payload);
  if (kind === FrameKind.LivePoints) {
    const handle = decoding.readVarUint(decoder);
    const steps: number[] = [];
    while (decoding.hasContent(decoder)) steps.push(decoding.readVarInt(decoder));
    return { op: 'points', handle, steps };
  }
  const op = decoding.readVarUint(decoder);
  const handle = decoding.readVarUint(decoder);
  switch (op) {
    case Op.Begin: {
      const varyingPressure = decoding.readUint8(decoder) === 1;
      const checked = checkItemMeta(JSON.parse(decoding.readVarString(decoder)));
      if ('problem' in checked) throw new Error(`live item: ${checked.problem}`);
      const points = decodePoints(decoding.readVarUint8Array(decoder));
      return { op: 'begin', handle, meta: checked.meta, points, varyingPressure };
    }
    case Op.Shape: {
      const [x, y, w, h] = [0, 0, 0, 0].map(() => decoding.readVarInt(decoder) / COORDINATE_STEPS) as [number, number, number, number];
      return { op: 'shape', handle, box: { x, y, w, h } };
    }
    case Op.MoveBegin: {
      const count = decoding.readVarUint(decoder);
      if (count > MAX_ITEMS) throw new Error(`live move: ${count} items, more than a board holds (${MAX_ITEMS})`);
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = decoding.readVarString(decoder);
        if (id.length === 0 || id.length > MAX_ID_LENGTH) throw new Error('live move: a malformed item id');
        ids.push(id);
      }
      return { op: 'move-begin', handle, ids };
    }
    case Op.Move: {
      const read = () => decoding.readFloat64(decoder);
      const delta: Placement = [read(), read(), read(), read(), read(), read()];
      return { op: 'move', handle, delta };
    }
    case Op.End:
      return { op: 'end', handle };
    default:
      throw new Error(`unknown live op ${op}`);
  }
}

function writeHeader(encoder: encoding.Encoder, op: number, handle: number): void {
  encoding.writeVarUint(encoder, op);
  encoding.writeVarUint(encoder, handle);
}
