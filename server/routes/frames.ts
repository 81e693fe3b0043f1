import type { AppServices } from '../signaling/context.js';
import { authenticate } from '../http/bearer.js';
import { HttpError } from '../http/errors.js';
import { readNodeJsonObject } from '../http/json-body.js';
import type { NodeRouteHandler } from '../http/node-route.js';
import { userIdOfMember, type User } from '../../protocol/signaling.js';
import { isMemberId, senderMemberOf } from '../signaling/members.js';
import {
  FRAMES_PER_UPLOAD_MAX,
  FRAMES_UPLOAD_MAX_BYTES,
  RELAY_FRAME_MAX_BYTES,
  base64Length,
  type FramesReceipt,
} from '../../protocol/relay-frames.js';

/** Frames for each recipient, in the order the upload's groups listed them, and what relaying them costs. */
interface SortedUpload {
  byPeer: Map<string, string[]>;
  /** Decoded bytes times recipients: what the server sends on. */
  cost: number;
}

/**
 * POST /frames {from, groups: [{to, frames}]} → each recipient member that shares a room with the sending member
 * `from` (one of the token's user's) gets one `frames` event {to, peer: the sender's record, frames} with the
 * frames of every group naming it, in the upload's order; the answer lists the rest. The server relay for peers
 * no data channel reaches: the hot path while they draw (one upload per animation frame at most), so on node:http
 * like /relay, with limits of its own sized for drawing rather than for signaling.
 */
export function framesRoute(services: AppServices): NodeRouteHandler {
  return async (exchange) => {
    const { request } = exchange;
    const sender = authenticate(services.tokens, request.headers.authorization).user;
    exchange.userId = sender.id;
    const body = await readNodeJsonObject(request, FRAMES_UPLOAD_MAX_BYTES);
    const from = senderMemberOf(body, sender.id);
    // Limits per sending member: a browser's one user carries every widget of every tab.
    const uploadWait = Math.max(services.frameUploadsOfUser.take(sender.id), services.frameUploads.take(from));
    if (uploadWait > 0) throw rateLimited(services, sender, from, uploadWait, `at most ${services.limits.frameUploadsPerSecond} uploads a second`);
    const upload = sortUpload(body, from);
    const burst = services.limits.frameBytesBurst;
    if (upload.cost > burst) throw new HttpError(413, `an upload relays at most ${burst} bytes, counting each recipient; this one ${upload.cost}`);
    const bytesWait = services.frameBytes.take(from, upload.cost);
    if (bytesWait > 0) throw rateLimited(services, sender, from, bytesWait, `at most ${services.limits.frameBytesPerSecond} bytes a second`);

    const unreachable: string[] = [];
    for (const [peerId, frames] of upload.byPeer) {
      // Same answer for a stranger and for an id nobody has: no one can test who is online (as /relay).
      const peer = await services.rooms.relaySender(from, peerId);
      const delivered = peer !== null && (await services.bus.publish(userIdOfMember(peerId)!, { event: 'frames', data: { to: peerId, peer, frames } }));
      if (!delivered) unreachable.push(peerId);
    }
    return { unreachable } satisfies FramesReceipt;
  };
}

/** Checks an upload's shape and limits, and sorts its groups' frames by recipient, in order. */
function sortUpload(body: Record<string, unknown>, senderId: string): SortedUpload {
  const { groups } = body;
  if (!Array.isArray(groups) || groups.length === 0) throw new HttpError(400, 'groups must be a non-empty array of {to, frames}');
  const frameCount = groups.reduce((count: number, group: unknown) => count + framesOf(group).length, 0);
  if (frameCount > FRAMES_PER_UPLOAD_MAX) throw new HttpError(400, `an upload holds at most ${FRAMES_PER_UPLOAD_MAX} frames in all its groups; this one ${frameCount}`);
  const byPeer = new Map<string, string[]>();
  let cost = 0;
  groups.forEach((group: unknown, groupIndex) => {
    const where = `groups[${groupIndex}]`;
    const { to, frames } = (typeof group === 'object' && group !== null ? group : {}) as Record<string, unknown>;
    if (!Array.isArray(to) || to.length === 0 || !to.every(isMemberId)) {
      throw new HttpError(400, `${where}.to must be a non-empty array of peer member ids ("<user id>.<member key>")`);
    }
    if (to.includes(senderId)) throw new HttpError(400, `${where} is addressed to yourself`);
    if (!Array.isArray(frames) || frames.length === 0) throw new HttpError(400, `${where}.frames must be a non-empty array of base64 frames`);
    const recipients = [...new Set(to)];
    frames.forEach((data: unknown, frameIndex) => {
      const bytes = typeof data === 'string' ? base64Length(data) : null;
      if (bytes === null) throw new HttpError(400, `${where}.frames[${frameIndex}] must be base64`);
      if (bytes === 0 || bytes > RELAY_FRAME_MAX_BYTES) throw new HttpError(400, `${where}.frames[${frameIndex}] is ${bytes} bytes; a frame is 1 to ${RELAY_FRAME_MAX_BYTES}`);
      cost += bytes * recipients.length;
    });
    for (const peerId of recipients) {
      let queue = byPeer.get(peerId);
      if (!queue) byPeer.set(peerId, (queue = []));
      queue.push(...(frames as string[]));
    }
  });
  return { byPeer, cost };
}

/** A group's frames as uploaded, or none when it has no array of them (checked with the group). */
function framesOf(group: unknown): unknown[] {
  const frames = typeof group === 'object' && group !== null ? (group as Record<string, unknown>).frames : undefined;
  return Array.isArray(frames) ? frames : [];
}

function rateLimited(services: AppServices, sender: User, memberId: string, waitSeconds: number, rule: string): HttpError {
  services.log('frames-rate-limited', { userId: sender.id, memberId });
  return new HttpError(429, `too many drawing frames: ${rule} on average`, { 'Retry-After': String(Math.max(1, Math.ceil(waitSeconds))) });
}
