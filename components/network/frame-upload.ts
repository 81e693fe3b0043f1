import { FRAMES_PER_UPLOAD_MAX, FRAMES_UPLOAD_MAX_BYTES, type FramesBatch, type RelayedFrameGroup } from '../../protocol/relay-frames.js';
import { toBase64 } from './base64.js';

// The shape of one POST /frames body, built from the frames the relay queued: runs of consecutive frames for the
// same recipients go as one group, and what one upload takes is counted as the JSON it will be.

/** A channel frame waiting for the server relay, and the peers (member ids) it is for. */
export interface QueuedFrame {
  to: string[];
  bytes: Uint8Array;
}

/**
 * JSON of a body besides its groups, with the widget's member id at its longest (a uuid, a dot and a 32-character
 * key): `{"groups":[],"from":"…"}`, rounded up.
 */
const BODY_OVERHEAD = 96;
/** JSON of a group besides its ids and frames: `{"to":[],"frames":[]},`. */
const GROUP_OVERHEAD = 23;
/** JSON around each id and each frame: its quotes and a comma. */
const PER_STRING = 3;

/** The recipients as a group names them: sorted, so the same peers in another order make the same group. */
function recipientsOf(frame: QueuedFrame): string[] {
  return [...frame.to].sort();
}

function sameRecipients(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

/**
 * How many frames at the front of `queue` one upload takes, oldest first: as many as the server's limits allow,
 * counting the body as the JSON {@link groupedUpload} makes of them, each frame `extraBytesPerFrame` longer once
 * sealed. A single frame always fits (the limits allow it).
 */
export function framesFittingOneUpload(queue: readonly QueuedFrame[], extraBytesPerFrame = 0): number {
  let size = BODY_OVERHEAD;
  let count = 0;
  let previous: string[] | null = null;
  for (const frame of queue) {
    const recipients = recipientsOf(frame);
    const startsGroup = previous === null || !sameRecipients(previous, recipients);
    const groupSize = startsGroup ? GROUP_OVERHEAD + recipients.reduce((total, id) => total + id.length + PER_STRING, 0) : 0;
    const frameSize = groupSize + Math.ceil((frame.bytes.length + extraBytesPerFrame) / 3) * 4 + PER_STRING;
    if (count > 0 && (size + frameSize > FRAMES_UPLOAD_MAX_BYTES || count === FRAMES_PER_UPLOAD_MAX)) break;
    size += frameSize;
    count++;
    previous = recipients;
  }
  return count;
}

/**
 * `batch` as an upload: each run of consecutive frames for the same set of peers is one group. The server hands
 * each peer the frames of its groups in their order, so every peer gets its frames in the order they were queued.
 */
export function groupedUpload(batch: readonly QueuedFrame[]): FramesBatch {
  const groups: RelayedFrameGroup[] = [];
  for (const frame of batch) {
    const recipients = recipientsOf(frame);
    const last = groups.at(-1);
    if (last && sameRecipients(last.to, recipients)) last.frames.push(toBase64(frame.bytes));
    else groups.push({ to: recipients, frames: [toBase64(frame.bytes)] });
  }
  return { groups };
}
