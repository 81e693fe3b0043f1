import { memberIdOf, type User } from '../../protocol/signaling.js';
import { HttpError } from '../http/errors.js';
import type { AppServices } from '../signaling/context.js';
import { memberKeyOf } from '../signaling/members.js';
import type { RoomStorage } from '../storage/room-store.js';

// What the routes of a room's stored board (entries.ts, snapshots.ts) check before touching the store.

/** The server's store; 404 `no-storage` when this server keeps no boards (an app built without one). */
export function storageOf(services: AppServices): RoomStorage {
  if (!services.storage) throw new HttpError(404, 'this server keeps no boards', undefined, { code: 'no-storage' });
  return services.storage;
}

/**
 * The id of the caller's widget `key` when it is a member of the room right now: only the room's members read or
 * write its board (no reading another room's history with a token of one's own). 400 for a key that is not one,
 * 403 for a widget that is not in the room.
 */
export async function memberInRoom(services: AppServices, user: User, roomId: string, key: unknown): Promise<string> {
  const memberId = memberIdOf(user.id, memberKeyOf({ member: key }));
  if (!(await services.rooms.hasMember(roomId, memberId))) {
    throw new HttpError(403, `member ${memberId} is not in room ${roomId}: join the room (POST /${roomId}/join) before reading or saving its board`);
  }
  return memberId;
}

/** A seq a request names (`after` in a query, `:seq` in a path): a whole number from 0; 400 otherwise. */
export function seqOf(raw: string, name: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new HttpError(400, `${name} must be an entry seq, a whole number from 0 (got ${JSON.stringify(raw.slice(0, 40))})`);
  return Number(raw);
}

/**
 * Counts one write of `bytes` to a room's board (an append or a compaction) against member `memberId`'s limits:
 * 429 with Retry-After, naming the rule, over BOARD_WRITES_PER_SECOND or BOARD_BYTES_PER_SECOND. A write larger
 * than the bytes burst costs the whole burst, so a snapshot as large as the room still goes once it is full.
 */
export function takeBoardWrite(services: AppServices, userId: string, memberId: string, roomId: string, bytes: number): void {
  const { boardWritesPerSecond, boardBytesPerSecond, boardBytesBurst } = services.limits;
  const writesWait = services.boardWrites.take(memberId);
  if (writesWait > 0) throw boardRateLimited(services, userId, memberId, roomId, writesWait, `at most ${boardWritesPerSecond} appends and compactions a second`);
  const bytesWait = services.boardBytes.take(memberId, Math.min(bytes, boardBytesBurst));
  if (bytesWait > 0) throw boardRateLimited(services, userId, memberId, roomId, bytesWait, `at most ${boardBytesPerSecond} bytes a second`);
}

function boardRateLimited(services: AppServices, userId: string, memberId: string, roomId: string, waitSeconds: number, rule: string): HttpError {
  services.log('board-writes-rate-limited', { userId, memberId, roomId });
  return new HttpError(429, `too many writes to the board of room ${roomId} by member ${memberId}: ${rule} on average`, {
    'Retry-After': String(Math.max(1, Math.ceil(waitSeconds))),
  });
}

/** 413 `room-too-large`: the words the widget shows, with the size the room would reach and its limit. */
export function roomTooLarge(roomBytes: number, limit: number): HttpError {
  return new HttpError(413, `This board is too large to save (${roomBytes} bytes, at most ${limit})`, undefined, { code: 'room-too-large', limit });
}
