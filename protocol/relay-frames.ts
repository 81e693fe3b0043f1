import type { ServerEvents } from './signaling.js';

// Drawing frames through the server, for the peers no direct data channel reaches: the same bytes a channel
// would carry (document sync, presence, live strokes), base64 in JSON because the way down is an event stream.

/**
 * Consecutive channel frames with the same recipients: each of them goes to every member in `to`. Naming the
 * recipients once per run rather than once per frame: while one drawer's points go to the same peers, a whole
 * upload is one group, and a live point's few bytes of base64 no longer carry ~80 B of JSON around them.
 */
export interface RelayedFrameGroup {
  /** Member ids (as add-peer named them), each once; a frame for everyone without a channel is sent once. */
  to: string[];
  /** The frames' bytes, base64, in the order they were sent. */
  frames: string[];
}

/**
 * What a widget gathered for relayed peers since its last upload, in order: each recipient gets its frames in
 * the order of the groups, and within a group in the order of its frames.
 */
export interface FramesBatch {
  groups: RelayedFrameGroup[];
}

/** POST /frames: a batch, and the member that sends it. */
export interface FramesUpload extends FramesBatch {
  from: string;
}

/** The answer to POST /frames: the peers nothing was delivered to (not in a room of the sender's, or gone). */
export interface FramesReceipt {
  unreachable: string[];
}

/** The `frames` event: a peer's frames for this widget, in the order it sent them. */
export type FramesDelivery = ServerEvents['frames'];

/** A channel frame is at most a chunk (60 KB) and its header: the same limit a data channel's reader keeps. */
export const RELAY_FRAME_MAX_BYTES = 61 * 1024;
/**
 * An upload's JSON body: about three chunks' worth. What one sender relays to a reader may fill a quarter of the
 * reader's unread buffer (1 MB) before more is shed, so an upload never takes more than that.
 */
export const FRAMES_UPLOAD_MAX_BYTES = 256 * 1024;
/** Frames in one upload, counting those of every group. */
export const FRAMES_PER_UPLOAD_MAX = 256;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The byte length `data` decodes to, or null when it is not base64. */
export function base64Length(data: string): number | null {
  if (data.length % 4 !== 0 || !BASE64.test(data)) return null;
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
}
