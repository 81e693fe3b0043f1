// The wire format of a room's stored history (issue 15): what the server keeps of a board, as ordered entries of
// opaque bytes. The widget seals each entry under the room key before it goes up, so the server stores and serves
// bytes it cannot read; a room without a key is stored as it is. Bytes travel as standard base64 in JSON.

/** The most one entry (an appended update) may hold, decoded: larger updates are split or compacted by the widget. */
export const MAX_ENTRY_BYTES = 1024 * 1024;

/** Roughly the most one answer of GET /:roomId/entries carries, decoded; past it the answer says `more` (at least one entry always comes). */
export const ENTRIES_PAGE_BYTES = 4 * 1024 * 1024;

/** How many compacted snapshots a room keeps for its history, newest first (the current one included). */
export const SNAPSHOTS_KEPT = 5;

/** One stored entry as the server keeps it and the widget holds it: its place in the room and its bytes (sealed when the room has a key). */
export interface StoredEntry {
  seq: number;
  data: Uint8Array;
}

/** One page of a room's entries, as bytes. */
export interface EntriesPage {
  entries: StoredEntry[];
  /** The seq of the room's last entry; 0 for a room with nothing stored. */
  lastSeq: number;
  /** True when entries after the last one returned were left for the next page (ask again after the last seq). */
  more: boolean;
}

/** One stored entry on the wire: `seq` orders it in its room; `data` is base64. After a compaction, the first is the snapshot. */
export interface StoredEntryJson {
  seq: number;
  data: string;
}

/**
 * GET /:roomId/entries?member=<key>&after=<seq> → the room's entries with seq > after, in seq order, and the seq of
 * the room's last entry. `more` when the answer stopped at ENTRIES_PAGE_BYTES: ask again with after = the last seq
 * received.
 */
export interface EntriesAnswer {
  entries: StoredEntryJson[];
  lastSeq: number;
  more?: true;
}

/** POST /:roomId/entries {member, data} → {seq}: the entry appended, and its place. */
export interface AppendRequest {
  member: string;
  data: string;
}

export interface AppendAnswer {
  seq: number;
}

/**
 * POST /:roomId/compact {member, upto, data} → {seq: upto}: the entries with seq ≤ upto become one snapshot entry
 * `data` with seq = upto (entries after it stay). Refused with 409 `compacted-meanwhile` when another compaction
 * already covers `upto`; `data` must hold everything the replaced entries held.
 */
export interface CompactRequest {
  member: string;
  upto: number;
  data: string;
}

/** GET /:roomId/snapshots?member=<key> → the room's kept snapshots, newest first; `at` in ms since the epoch. */
export interface SnapshotInfo {
  seq: number;
  at: number;
}

/** GET /:roomId/snapshots/:seq?member=<key> → one kept snapshot with its bytes (base64). */
export interface SnapshotAnswer extends SnapshotInfo {
  data: string;
}

/**
 * Why the store refused, in a 4xx body's `code`: `room-too-large` (413: the room holds MAX_ROOM_BYTES, `limit`),
 * `compacted-meanwhile` (409: another compaction covers it; read again), `no-storage` (404: this server keeps no
 * boards).
 */
export type StorageRefusalCode = 'room-too-large' | 'compacted-meanwhile' | 'no-storage';
