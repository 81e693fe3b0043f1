import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { DrawingDocument } from '../../components/drawing/document.js';
import { RoomCipher } from '../../components/network/room-cipher.js';
import { entrySealing } from '../../components/sync/entry-sealing.js';
import type { EntrySealing } from '../../components/sync/server-copy.js';
import { SQLITE_FILE_NAME, SqliteRoomStore } from '../../server/storage/sqlite-room-store.js';
import { roomKeyFor } from '../../test/support/room-link.js';
import { benchBoardStrokes } from '../document/board.js';

// The 100k-point board as the server keeps it (bench:storage): built with the widget's own document model, one Yjs
// update per stroke as a page makes them, sealed under the room key as ServerCopy seals entries, and stored through
// the server's own SqliteRoomStore, in the two shapes a room has: `entries`, one entry per stroke (a room before
// its first compaction), and `snapshot`, those entries compacted into one (what ServerCopy does past 200 entries).

export type StoredShape = 'entries' | 'snapshot';
export const SHAPES: readonly StoredShape[] = ['entries', 'snapshot'];

export interface BenchBoard {
  points: number;
  items: number;
  /** One update per stroke, in order: what the widget appends while someone draws (one entry each, at most every 500 ms). */
  strokeUpdates: Uint8Array[];
  /** The whole document (Y.encodeStateAsUpdate): what a compaction stores. */
  snapshot: Uint8Array;
}

/** The board of bench:document's late join, stroke by stroke through DrawingDocument.addItem. */
export function buildBenchBoard(): BenchBoard {
  const document = new DrawingDocument();
  const strokeUpdates: Uint8Array[] = [];
  document.ydoc.on('update', (update: Uint8Array) => strokeUpdates.push(update));
  const strokes = benchBoardStrokes();
  for (const { meta, points } of strokes) document.addItem(meta, points);
  const board = {
    points: strokes.reduce((sum, stroke) => sum + stroke.points.length / 3, 0),
    items: document.items.length,
    strokeUpdates,
    snapshot: Y.encodeStateAsUpdate(document.ydoc),
  };
  document.destroy();
  return board;
}

/** How `roomId`'s entries are sealed: under the key test pages open it with (roomKeyFor), or not at all. */
export function sealingFor(roomId: string, sealed: boolean): EntrySealing {
  return entrySealing(sealed ? RoomCipher.create(roomKeyFor(roomId), roomId) : null, roomId);
}

/** Stores `board` as room `roomId` in `store`, in `shape`, sealed as the widget seals it (or as it is). */
export async function storeBoard(store: SqliteRoomStore, roomId: string, board: BenchBoard, shape: StoredShape, sealed: boolean): Promise<void> {
  const sealing = sealingFor(roomId, sealed);
  const now = Date.now();
  for (const update of board.strokeUpdates) {
    const result = await store.append(roomId, await sealing.seal(update), Number.MAX_SAFE_INTEGER, now);
    if (!result.appended) throw new Error(`room ${roomId} refused entry: ${JSON.stringify(result)}`);
  }
  if (shape === 'entries') return;
  const result = await store.compact(roomId, board.strokeUpdates.length, await sealing.seal(board.snapshot), Number.MAX_SAFE_INTEGER, now);
  if (!result.compacted) throw new Error(`room ${roomId} refused its compaction: ${JSON.stringify(result)}`);
}

export interface StoredBytes {
  /** Sum of the data in the `entries` table: what a cold open reads. */
  entriesTableBytes: number;
  /** rooms.sqlite after a checkpoint (the WAL truncated): the entries, the kept snapshots, the rooms row, indexes, free pages. */
  fileBytes: number;
}

/** What the SQLite store in `dir` holds, once its WAL is checkpointed into the file; the store must be closed. */
export function storedBytes(dir: string): StoredBytes {
  const file = join(dir, SQLITE_FILE_NAME);
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const { total } = db.prepare<[], { total: number | null }>('SELECT SUM(length(data)) AS total FROM entries').get() ?? { total: 0 };
    return { entriesTableBytes: total ?? 0, fileBytes: statSync(file).size };
  } finally {
    db.close();
  }
}
