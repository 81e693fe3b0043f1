import type { Redis } from 'ioredis';
import { SNAPSHOTS_KEPT } from '../../protocol/room-entries.js';
import { storeCall } from '../http/errors.js';
import { APPEND, COMPACT, EXPIRE, READ, ROOM_VISITS, SNAPSHOT, SNAPSHOT_TIMES } from './redis-room-scripts.js';
import type { AppendResult, CompactResult, EntriesPage, RoomStore, StoredEntry, StoredSnapshot, StoredSnapshotInfo } from './room-store.js';

/** Rooms forgotten per script run: a sweep of many rooms takes several short runs instead of one long stall. */
const EXPIRE_BATCH = 100;

type BufferScript = (...args: Array<string | number | Buffer>) => Promise<unknown>;

/**
 * Rooms in the Redis that instances share (REDIS_URL). Only as durable as that Redis is configured to be: with
 * `appendonly yes` and `appendfsync everysec` a crash loses at most the last second; with RDB snapshots alone, the
 * minutes since the last one (README, "Storage").
 */
export class RedisRoomStore implements RoomStore {
  private readonly readScript: BufferScript;
  private readonly appendScript: BufferScript;
  private readonly compactScript: BufferScript;
  private readonly snapshotScript: BufferScript;
  private readonly expireScript: BufferScript;

  constructor(private readonly redis: Redis) {
    this.readScript = bufferScript(redis, 'drawRoomReadEntries', READ);
    this.appendScript = bufferScript(redis, 'drawRoomAppendEntry', APPEND);
    this.compactScript = bufferScript(redis, 'drawRoomCompact', COMPACT);
    this.snapshotScript = bufferScript(redis, 'drawRoomSnapshot', SNAPSHOT);
    this.expireScript = bufferScript(redis, 'drawRoomExpireRooms', EXPIRE);
  }

  async read(roomId: string, after: number, maxBytes: number, now: number): Promise<EntriesPage> {
    const reply = (await storeCall(`read room ${roomId}`, this.readScript(roomId, after, maxBytes, now))) as Array<number | Buffer>;
    const entries: StoredEntry[] = [];
    for (let i = 2; i + 1 < reply.length; i += 2) entries.push({ seq: Number(reply[i]), data: new Uint8Array(reply[i + 1] as Buffer) });
    return { entries, lastSeq: Number(reply[0]), more: Number(reply[1]) === 1 };
  }

  async append(roomId: string, data: Uint8Array, maxRoomBytes: number, now: number): Promise<AppendResult> {
    const reply = (await storeCall(`append to room ${roomId}`, this.appendScript(roomId, toBuffer(data), maxRoomBytes, now))) as [number, number];
    return reply[0] === 1 ? { appended: true, seq: Number(reply[1]) } : { appended: false, roomBytes: Number(reply[1]) };
  }

  async compact(roomId: string, upto: number, data: Uint8Array, maxRoomBytes: number, now: number): Promise<CompactResult> {
    const reply = (await storeCall(
      `compact room ${roomId}`,
      this.compactScript(roomId, upto, toBuffer(data), maxRoomBytes, now, SNAPSHOTS_KEPT),
    )) as [Buffer, number?];
    const outcome = reply[0].toString();
    const value = Number(reply[1]);
    if (outcome === 'compacted') return { compacted: true };
    if (outcome === 'beyond-last') return { compacted: false, reason: 'beyond-last', lastSeq: value };
    if (outcome === 'compacted-meanwhile') return { compacted: false, reason: 'compacted-meanwhile', base: value };
    if (outcome === 'too-large') return { compacted: false, reason: 'too-large', roomBytes: value };
    throw new Error(`compact script for room ${roomId} answered ${outcome}`);
  }

  async snapshots(roomId: string): Promise<StoredSnapshotInfo[]> {
    const times = await storeCall(`list snapshots of room ${roomId}`, this.redis.hgetall(`${SNAPSHOT_TIMES}${roomId}`));
    return Object.entries(times)
      .map(([seq, at]) => ({ seq: Number(seq), at: Number(at) }))
      .sort((a, b) => b.seq - a.seq);
  }

  async snapshot(roomId: string, seq: number): Promise<StoredSnapshot | null> {
    const reply = (await storeCall(`read snapshot ${seq} of room ${roomId}`, this.snapshotScript(roomId, seq))) as Buffer[];
    if (reply.length < 2) return null;
    return { seq, at: Number(reply[0]!.toString()), data: new Uint8Array(reply[1]!) };
  }

  async touch(roomId: string, now: number): Promise<void> {
    // XX: only a room the store holds has a visit to note; a join to an empty room stores nothing.
    await storeCall(`note a visit to room ${roomId}`, this.redis.zadd(ROOM_VISITS, 'XX', now, roomId));
  }

  async expire(visitedBefore: number): Promise<number> {
    let forgotten = 0;
    for (;;) {
      const count = Number(await storeCall('expire rooms', this.expireScript(visitedBefore, EXPIRE_BATCH)));
      forgotten += count;
      if (count < EXPIRE_BATCH) return forgotten;
    }
  }

  async close(): Promise<void> {
    // The connection is the instance's (server/redis/connection.ts), closed with the rest of it.
  }
}

/** A script run by EVALSHA whose bulk replies come back as Buffers (the entries are bytes, not text). */
function bufferScript(redis: Redis, name: string, lua: string): BufferScript {
  redis.defineCommand(name, { numberOfKeys: 0, lua });
  const command = (redis as unknown as Record<string, BufferScript>)[`${name}Buffer`]!;
  return (...args) => command.apply(redis, args);
}

function toBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
