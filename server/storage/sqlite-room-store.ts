import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SNAPSHOTS_KEPT } from '../../protocol/room-entries.js';
import type { AppendResult, CompactResult, EntriesPage, RoomStore, StoredEntry, StoredSnapshot, StoredSnapshotInfo } from './room-store.js';

/** The database file in DATA_DIR. */
export const SQLITE_FILE_NAME = 'rooms.sqlite';

// A room's counters live beside its entries, so an append or a compaction reads one row instead of summing blobs.
// `base` is the seq of its snapshot (0 before any compaction), `last_seq` of its newest entry.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (
  id TEXT PRIMARY KEY,
  base INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  visited_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS rooms_by_visit ON rooms (visited_at);
CREATE TABLE IF NOT EXISTS entries (
  room TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (room, seq)
);
CREATE TABLE IF NOT EXISTS snapshots (
  room TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (room, seq)
);
`;

interface RoomRow {
  base: number;
  last_seq: number;
  bytes: number;
}

interface EntryRow {
  seq: number;
  data: Buffer;
}

/**
 * Rooms in an embedded SQLite file (DATA_DIR/rooms.sqlite), for a server that runs as one instance. WAL mode with
 * synchronous=NORMAL: a commit is in the log before the call returns, so a killed process (SIGKILL, a crash) loses
 * nothing it answered; a power cut may lose the last commits, which fsync on every append would cost.
 * better-sqlite3 is synchronous, and each change is one transaction: nothing else runs in this process while it
 * holds the write lock, so appends and compactions cannot interleave.
 */
export class SqliteRoomStore implements RoomStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Another process on the same file (a second server by mistake, a backup) waits instead of failing at once.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.statements = {
      room: db.prepare<[string], RoomRow>('SELECT base, last_seq, bytes FROM rooms WHERE id = ?'),
      touch: db.prepare<[number, string]>('UPDATE rooms SET visited_at = ? WHERE id = ?'),
      createRoom: db.prepare<[string, number]>('INSERT INTO rooms (id, visited_at) VALUES (?, ?)'),
      entriesAfter: db.prepare<[string, number], EntryRow>('SELECT seq, data FROM entries WHERE room = ? AND seq > ? ORDER BY seq'),
      insertEntry: db.prepare<[string, number, Buffer]>('INSERT INTO entries (room, seq, data) VALUES (?, ?, ?)'),
      appended: db.prepare<[number, number, number, string]>('UPDATE rooms SET last_seq = ?, bytes = bytes + ?, visited_at = ? WHERE id = ?'),
      bytesUpTo: db.prepare<[string, number], { total: number | null }>('SELECT SUM(length(data)) AS total FROM entries WHERE room = ? AND seq <= ?'),
      deleteUpTo: db.prepare<[string, number]>('DELETE FROM entries WHERE room = ? AND seq <= ?'),
      compacted: db.prepare<[number, number, number, string]>('UPDATE rooms SET base = ?, bytes = ?, visited_at = ? WHERE id = ?'),
      insertSnapshot: db.prepare<[string, number, number, Buffer]>('INSERT OR REPLACE INTO snapshots (room, seq, at, data) VALUES (?, ?, ?, ?)'),
      trimSnapshots: db.prepare<[string, string, number]>(
        'DELETE FROM snapshots WHERE room = ? AND seq NOT IN (SELECT seq FROM snapshots WHERE room = ? ORDER BY seq DESC LIMIT ?)',
      ),
      snapshotList: db.prepare<[string], StoredSnapshotInfo>('SELECT seq, at FROM snapshots WHERE room = ? ORDER BY seq DESC'),
      snapshot: db.prepare<[string, number], { seq: number; at: number; data: Buffer }>('SELECT seq, at, data FROM snapshots WHERE room = ? AND seq = ?'),
      expiredRooms: db.prepare<[number], { id: string }>('SELECT id FROM rooms WHERE visited_at < ?'),
      deleteRoom: db.prepare<[string]>('DELETE FROM rooms WHERE id = ?'),
      deleteEntries: db.prepare<[string]>('DELETE FROM entries WHERE room = ?'),
      deleteSnapshots: db.prepare<[string]>('DELETE FROM snapshots WHERE room = ?'),
    };
  }

  /** Opens (and makes, when missing) `dir`/rooms.sqlite. */
  static open(dir: string): SqliteRoomStore {
    mkdirSync(dir, { recursive: true });
    return new SqliteRoomStore(join(dir, SQLITE_FILE_NAME));
  }

  async read(roomId: string, after: number, maxBytes: number, now: number): Promise<EntriesPage> {
    return this.db.transaction((): EntriesPage => {
      const room = this.statements.room.get(roomId);
      if (!room) return { entries: [], lastSeq: 0, more: false };
      this.statements.touch.run(now, roomId);
      const entries: StoredEntry[] = [];
      let bytes = 0;
      let more = false;
      for (const row of this.statements.entriesAfter.iterate(roomId, after)) {
        if (entries.length > 0 && bytes + row.data.length > maxBytes) {
          more = true;
          break;
        }
        entries.push({ seq: row.seq, data: new Uint8Array(row.data) });
        bytes += row.data.length;
      }
      return { entries, lastSeq: room.last_seq, more };
    })();
  }

  async append(roomId: string, data: Uint8Array, maxRoomBytes: number, now: number): Promise<AppendResult> {
    return this.db.transaction((): AppendResult => {
      let room = this.statements.room.get(roomId);
      if (!room) {
        this.statements.createRoom.run(roomId, now);
        room = { base: 0, last_seq: 0, bytes: 0 };
      }
      if (room.bytes + data.length > maxRoomBytes) return { appended: false, roomBytes: room.bytes };
      const seq = room.last_seq + 1;
      this.statements.insertEntry.run(roomId, seq, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      this.statements.appended.run(seq, data.length, now, roomId);
      return { appended: true, seq };
    }).immediate();
  }

  async compact(roomId: string, upto: number, data: Uint8Array, maxRoomBytes: number, now: number): Promise<CompactResult> {
    return this.db.transaction((): CompactResult => {
      const room = this.statements.room.get(roomId) ?? { base: 0, last_seq: 0, bytes: 0 };
      if (upto > room.last_seq) return { compacted: false, reason: 'beyond-last', lastSeq: room.last_seq };
      if (upto <= room.base) return { compacted: false, reason: 'compacted-meanwhile', base: room.base };
      const replaced = this.statements.bytesUpTo.get(roomId, upto)?.total ?? 0;
      const roomBytes = room.bytes - replaced + data.length;
      // A compaction that shrinks the room is always let through, even over a limit lowered since.
      if (roomBytes > maxRoomBytes && roomBytes > room.bytes) return { compacted: false, reason: 'too-large', roomBytes };
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      this.statements.deleteUpTo.run(roomId, upto);
      this.statements.insertEntry.run(roomId, upto, bytes);
      this.statements.compacted.run(upto, roomBytes, now, roomId);
      this.statements.insertSnapshot.run(roomId, upto, now, bytes);
      this.statements.trimSnapshots.run(roomId, roomId, SNAPSHOTS_KEPT);
      return { compacted: true };
    }).immediate();
  }

  async snapshots(roomId: string): Promise<StoredSnapshotInfo[]> {
    return this.statements.snapshotList.all(roomId).map(({ seq, at }) => ({ seq, at }));
  }

  async snapshot(roomId: string, seq: number): Promise<StoredSnapshot | null> {
    const row = this.statements.snapshot.get(roomId, seq);
    return row ? { seq: row.seq, at: row.at, data: new Uint8Array(row.data) } : null;
  }

  async touch(roomId: string, now: number): Promise<void> {
    this.statements.touch.run(now, roomId);
  }

  async expire(visitedBefore: number): Promise<number> {
    return this.db.transaction((): number => {
      const rooms = this.statements.expiredRooms.all(visitedBefore);
      for (const { id } of rooms) {
        this.statements.deleteEntries.run(id);
        this.statements.deleteSnapshots.run(id);
        this.statements.deleteRoom.run(id);
      }
      return rooms.length;
    }).immediate();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
