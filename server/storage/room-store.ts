import type { EntriesPage } from '../../protocol/room-entries.js';

/**
 * Where the server keeps each room's history (issue 15): ordered entries of opaque bytes per room, which the
 * widget seals under the room key when it has one. Two implementations share one test suite: SQLite in DATA_DIR
 * (one instance) and Redis (several instances). Every call that visits a room takes the time of the visit, so
 * retention reads the server's clock, not the store's.
 *
 * Sequence numbers: appends number a room's entries 1, 2, 3…; a compaction replaces the entries with seq ≤ upto
 * by one snapshot entry whose seq is upto, so the entries a room holds always have consecutive numbers from its
 * first, and a reader that asks for seq > after gets everything it lacks, the snapshot first if one covers it.
 */
export interface RoomStore {
  /** The room's entries with seq > after, in order, up to about `maxBytes` (always at least one). A visit. */
  read(roomId: string, after: number, maxBytes: number, now: number): Promise<EntriesPage>;
  /** Appends `data` as the room's next entry unless the room would then hold more than `maxRoomBytes`. A visit. */
  append(roomId: string, data: Uint8Array, maxRoomBytes: number, now: number): Promise<AppendResult>;
  /**
   * Replaces the entries with seq ≤ upto by the snapshot `data` (seq = upto), in one step, and keeps it in the
   * room's history (the newest `SNAPSHOTS_KEPT`). Refused when upto is past the last entry, when a compaction
   * already covers it (compare-and-swap on the room's base), or when the room would hold more than `maxRoomBytes`.
   */
  compact(roomId: string, upto: number, data: Uint8Array, maxRoomBytes: number, now: number): Promise<CompactResult>;
  /** The room's kept snapshots, newest first. */
  snapshots(roomId: string): Promise<StoredSnapshotInfo[]>;
  /** One kept snapshot with its bytes; null when the room keeps none with that seq. */
  snapshot(roomId: string, seq: number): Promise<StoredSnapshot | null>;
  /** Notes a visit (a join) to a room the store holds; nothing when it holds none. */
  touch(roomId: string, now: number): Promise<void>;
  /** Forgets every room whose last visit was before `visitedBefore`; how many it forgot. */
  expire(visitedBefore: number): Promise<number>;
  /** Lets go of the database (nothing more may be asked). */
  close(): Promise<void>;
}

export type { EntriesPage, StoredEntry } from '../../protocol/room-entries.js';

export type AppendResult =
  | { appended: true; seq: number }
  /** The room holds `roomBytes` already: with this entry it would be over the limit. */
  | { appended: false; roomBytes: number };

export type CompactResult =
  | { compacted: true }
  /** `upto` is past the room's last entry (`lastSeq`). */
  | { compacted: false; reason: 'beyond-last'; lastSeq: number }
  /** A compaction already covers `upto`: the room's snapshot is at `base`. */
  | { compacted: false; reason: 'compacted-meanwhile'; base: number }
  /** With this snapshot the room would hold `roomBytes`, over the limit. */
  | { compacted: false; reason: 'too-large'; roomBytes: number };

export interface StoredSnapshotInfo {
  seq: number;
  /** When the compaction that made it happened, ms since the epoch. */
  at: number;
}

export interface StoredSnapshot extends StoredSnapshotInfo {
  data: Uint8Array;
}

/** The store as the routes use it: with the room byte limit (MAX_ROOM_BYTES) and the clock visits are stamped by. */
export interface RoomStorage {
  store: RoomStore;
  /** The most a room may hold, all its entries together (its snapshot included). */
  maxRoomBytes: number;
  /** The time of a visit, ms since the epoch: the server's clock (a fake one in tests). */
  now(): number;
}
