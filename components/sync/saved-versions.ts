import type { SnapshotInfo } from '../../protocol/room-entries.js';
import type { EntrySealing } from './server-copy.js';

/** The server's kept snapshots of a room, as a member reads them (RoomSignaling while it is joined). */
export interface SnapshotSource {
  listSnapshots(): Promise<SnapshotInfo[]>;
  readSnapshot(seq: number): Promise<SnapshotInfo & { data: Uint8Array }>;
}

/** One saved version of the board: its place in the room's history and when it was saved (ms since the epoch). */
export type SavedVersion = SnapshotInfo;

/**
 * The board's saved versions on the server (the snapshots compaction keeps, newest first), opened under the room
 * key: what the History panel lists, previews and restores.
 */
export class SavedVersions {
  constructor(
    private readonly source: SnapshotSource,
    private readonly sealing: EntrySealing,
  ) {}

  list(): Promise<SavedVersion[]> {
    return this.source.listSnapshots();
  }

  /** The version's board as a snapshot() would give it; rejects in words when it does not open. */
  async read(seq: number): Promise<Uint8Array> {
    const { data } = await this.source.readSnapshot(seq);
    const opened = await this.sealing.open(data);
    if (!opened) {
      const why = this.sealing.keyed ? 'it was saved under a different room key' : 'it is not a board';
      throw new Error(`could not open saved version ${seq}: ${why}`);
    }
    return opened;
  }
}
