import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** The first byte of every data-channel message says what it carries. */
export const FrameKind = { Sync: 0, Awareness: 1, Live: 2, Chunk: 3, LivePoints: 4 } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Chromium's data channels carry at most 256 KB per message; bigger payloads travel in chunks of this size. */
export const CHUNK_BYTES = 60 * 1024;
export const MAX_FRAME_BYTES = 256 * 1024;
/** A reassembled payload over this (a sync of ~1.5 million points) is refused. */
export const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

export function frame(kind: FrameKind, payload: Uint8Array): Uint8Array[] {
  if (payload.length + 1 <= CHUNK_BYTES) {
    const bytes = new Uint8Array(payload.length + 1);
    bytes[0] = kind;
    bytes.set(payload, 1);
    return [bytes];
  }
  // Chunk frames: kind, the inner kind, total length, then the slice; chunks of one payload arrive in order.
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset < payload.length; offset += CHUNK_BYTES) {
    const encoder = encoding.createEncoder();
    encoding.writeUint8(encoder, FrameKind.Chunk);
    encoding.writeUint8(encoder, kind);
    encoding.writeVarUint(encoder, payload.length);
    encoding.writeVarUint(encoder, offset);
    encoding.writeUint8Array(encoder, payload.subarray(offset, offset + CHUNK_BYTES));
    frames.push(encoding.toUint8Array(encoder));
  }
  return frames;
}

export type Unframed = { kind: FrameKind; payload: Uint8Array } | { pending: true } | { error: string };

/** Reassembles frames from one peer. Every refusal has a reason; a refused payload is dropped whole. */
export class FrameReader {
  private partial: { kind: FrameKind; bytes: Uint8Array; received: number } | null = null;

  /** A message as a data channel gives it (an ArrayBuffer) or as the server relay does (bytes decoded from base64). */
  read(data: unknown): Unframed {
    if (!(data instanceof ArrayBuffer) && !(data instanceof Uint8Array)) return { error: 'message is not binary' };
    if (data.byteLength > MAX_FRAME_BYTES) return { error: `message of ${data.byteLength} bytes is over the ${MAX_FRAME_BYTES} byte limit` };
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (bytes.length === 0) return { error: 'empty message' };
    const kind = bytes[0] as FrameKind;
    if (kind === FrameKind.Sync || kind === FrameKind.Awareness || kind === FrameKind.Live || kind === FrameKind.LivePoints) {
      return { kind, payload: bytes.subarray(1) };
    }
    if (kind !== FrameKind.Chunk) return { error: `unknown frame kind ${kind}` };
    try {
      return this.readChunk(decoding.createDecoder(bytes.subarray(1)));
    } catch (error) {
      this.partial = null;
      return { error: `malformed chunk: ${String(error)}` };
    }
  }

  private readChunk(decoder: decoding.Decoder): Unframed {
    const kind = decoding.readUint8(decoder) as FrameKind;
    const total = decoding.readVarUint(decoder);
    const offset = decoding.readVarUint(decoder);
    const slice = decoding.readTailAsUint8Array(decoder);
    if (kind !== FrameKind.Sync && kind !== FrameKind.Awareness) return this.fail(`chunked frame of kind ${kind}`);
    if (total > MAX_PAYLOAD_BYTES) return this.fail(`payload of ${total} bytes is over the ${MAX_PAYLOAD_BYTES} byte limit`);
    if (offset === 0) this.partial = { kind, bytes: new Uint8Array(total), received: 0 };
    const partial = this.partial;
    if (!partial || partial.kind !== kind || partial.bytes.length !== total || offset !== partial.received) {
      return this.fail('chunk out of sequence');
    }
    if (offset + slice.length > total) return this.fail('chunk runs past its payload');
    partial.bytes.set(slice, offset);
    partial.received += slice.length;
    if (partial.received < total) return { pending: true };
    this.partial = null;
    return { kind, payload: partial.bytes };
  }

  private fail(error: string): Unframed {
    this.partial = null;
    return { error };
  }
}
