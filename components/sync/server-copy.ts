import * as Y from 'yjs';
import { MAX_ENTRY_BYTES } from '../../protocol/room-entries.js';
import type { Cancel, Clock } from '../network/clock.js';
import type { EntriesPage } from '../network/room-history-http.js';
import { ServerAnswerError } from '../network/signaling-http.js';
import { deleteRanges } from './delivery-receipts.js';
import type { DeleteRanges } from './unsynced-changes.js';

/** How long local changes gather before they go up as one entry: at most one append per this many ms. */
export const APPEND_AFTER_MS = 500;

/** Past this many entries in the room, a member that can read them all merges them into one snapshot. */
export const COMPACT_AFTER_ENTRIES = 200;

/** Waits before another try after a failed append or read, by how many failed in a row (the last repeats). */
export const RETRY_AFTER_MS: readonly number[] = [1000, 2000, 5000, 10_000, 30_000];

/** The origin of what the server's entries bring into the document: neither a peer's nor this page's change. */
export const SERVER_ORIGIN = Symbol('draw-room server copy');

/** The room's stored entries, as this member (RoomSignaling while it is joined). */
export interface RoomHistory {
  readEntries(after: number): Promise<EntriesPage>;
  appendEntry(data: Uint8Array): Promise<number>;
  compactEntries(upto: number, data: Uint8Array): Promise<void>;
}

/** Sealing under the room key for purpose 'entry', or bytes as they are in a room without a key. */
export interface EntrySealing {
  readonly keyed: boolean;
  seal(bytes: Uint8Array): Promise<Uint8Array>;
  /** Null when the bytes do not open (another key, altered). */
  open(bytes: Uint8Array): Promise<Uint8Array | null>;
}

export interface ServerCopyParts {
  ydoc: Y.Doc;
  sealing: EntrySealing;
  clock: Clock;
  /** True for a transaction origin that is a peer's link: what peers bring they store themselves. */
  isFromPeer(origin: unknown): boolean;
  /** The server holds everything this page changed up to `stateVector`, and the deletes in `deleted`. */
  onServerHolds(stateVector: Map<number, number>, deleted: DeleteRanges): void;
  /** Something went wrong that people should hear of (an unreadable entry, a board too large). */
  onError(message: string): void;
}

/** Why appending stopped for this page: the board outgrew the server's limit, or the server keeps no boards. */
type Stopped = 'too-large' | 'no-storage' | null;

/**
 * Keeps a room's board on the server as entries: at each join it reads what the server holds (every page, opened
 * under the room key) into the document as one transaction, then appends this page's changes (its own, the
 * device's copy, a loaded snapshot: anything but peers' and the server's) batched into one Yjs update at most every
 * APPEND_AFTER_MS, sealed. An acknowledged append counts the server as a peer that holds the batch. A failed
 * append keeps its batch and is tried again after a backoff; a room grown past COMPACT_AFTER_ENTRIES is compacted.
 */
export class ServerCopy {
  /** Updates not yet acknowledged by the server, oldest first: kept across failures and rejoins. */
  private pending: Uint8Array[] = [];
  private history: RoomHistory | null = null;
  /** Every entry up to this seq is in the document. */
  private readThrough = 0;
  /** Entries the room holds, as far as this page knows: what it read plus what it appended. */
  private entriesHeld = 0;
  /** What the server held when last read (its entries' state vector): a batch leaves out what it already has. */
  private serverState = new Map<number, number>();
  /** An entry did not open: this page must not compact, or it would drop what others can read. */
  private sawUnreadable = false;
  private stopped: Stopped = null;
  private ended = false;
  private failures = 0;
  private timer: Cancel | null = null;
  /** One read, append or compaction at a time, in order. */
  private work: Promise<void> = Promise.resolve();
  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === SERVER_ORIGIN || this.parts.isFromPeer(origin) || this.stopped) return;
    this.pending.push(update);
    this.schedule(APPEND_AFTER_MS);
  };

  constructor(private readonly parts: ServerCopyParts) {
    parts.ydoc.on('update', this.onUpdate);
  }

  /** The room was joined (again): read what is new on the server, then send what waits. */
  joined(history: RoomHistory): void {
    this.history = history;
    this.failures = 0;
    this.queue(() => this.load());
  }

  /** Signaling is down: nothing goes up until the next join; what waits is kept. */
  left(): void {
    this.history = null;
    this.cancelTimer();
  }

  /** For good: no more reads or appends from this page. */
  end(): void {
    this.ended = true;
    this.left();
    this.parts.ydoc.off('update', this.onUpdate);
  }

  /** Changes waiting for the server's acknowledgement. */
  get waiting(): number {
    return this.pending.length;
  }

  private queue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch((error: unknown) => this.failed(error));
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.ended) return;
    this.timer = this.parts.clock.schedule(() => {
      this.timer = null;
      this.queue(() => this.append());
    }, delayMs);
  }

  private cancelTimer(): void {
    this.timer?.();
    this.timer = null;
  }

  /** Reads what is new on the server into the document, then appends what waits (or compacts). */
  private async load(): Promise<void> {
    const history = this.history;
    if (!history || this.ended || this.stopped) return;
    await this.readNew(history);
    if (this.pending.length > 0) this.schedule(0);
    else await this.compactIfLarge();
  }

  /** Every entry after readThrough (all pages), opened and applied as one transaction. */
  private async readNew(history: RoomHistory): Promise<void> {
    const updates: Uint8Array[] = [];
    let more = true;
    while (more) {
      const page = await history.readEntries(this.readThrough);
      for (const entry of page.entries) {
        const update = await this.parts.sealing.open(entry.data);
        if (update && isYjsUpdate(update)) updates.push(update);
        else this.unreadable(entry.seq);
        this.readThrough = Math.max(this.readThrough, entry.seq);
        this.entriesHeld++;
      }
      more = page.more && page.entries.length > 0;
    }
    if (this.ended) return;
    if (updates.length > 0) {
      try {
        this.serverState = withUpdates(this.serverState, updates);
        Y.transact(this.parts.ydoc, () => updates.forEach((update) => Y.applyUpdate(this.parts.ydoc, update, SERVER_ORIGIN)), SERVER_ORIGIN);
      } catch (error) {
        this.parts.onError(`could not read the saved board of this room: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private unreadable(seq: number): void {
    this.sawUnreadable = true;
    const why = this.parts.sealing.keyed ? 'different room key?' : 'not a board change';
    this.parts.onError(`could not read saved entry ${seq} of this board: ${why}`);
  }

  /** Sends what waits as one entry; on success the server counts as a peer holding it. */
  private async append(): Promise<void> {
    const history = this.history;
    if (!history || this.ended || this.stopped || this.pending.length === 0) return;
    const batch = this.pending.length;
    // Without what the server already holds: the device's copy restored at each visit is mostly that.
    const merged = Y.diffUpdate(Y.mergeUpdates(this.pending), Y.encodeStateVector(this.serverState));
    // What the batch holds, taken now: changes after this moment wait for the next append.
    const stateVector = Y.decodeStateVector(Y.encodeStateVector(this.parts.ydoc));
    const { structs, ds } = Y.decodeUpdate(merged);
    const deleted = deleteRanges(ds);
    if (structs.length > 0 || deleted.size > 0) {
      const seq = await history.appendEntry(await this.parts.sealing.seal(merged));
      if (seq === this.readThrough + 1) this.readThrough = seq;
      this.entriesHeld++;
    }
    this.pending.splice(0, batch);
    this.failures = 0;
    this.parts.onServerHolds(stateVector, deleted);
    if (this.pending.length > 0) this.schedule(APPEND_AFTER_MS);
    else await this.compactIfLarge();
  }

  /** Merges the room's entries into one snapshot once there are many, if this page could read every one. */
  private async compactIfLarge(): Promise<void> {
    const history = this.history;
    if (!history || this.ended || this.sawUnreadable || this.entriesHeld <= COMPACT_AFTER_ENTRIES) return;
    // Catch up first: the snapshot must hold every entry up to the seq it replaces.
    const before = this.entriesHeld;
    await this.readNew(history);
    if (this.sawUnreadable || this.readThrough === 0) return;
    const sealed = await this.parts.sealing.seal(Y.encodeStateAsUpdate(this.parts.ydoc));
    if (sealed.length > MAX_ENTRY_BYTES) return;
    try {
      await history.compactEntries(this.readThrough, sealed);
      this.entriesHeld = 1 + Math.max(0, this.entriesHeld - before);
    } catch (error) {
      // Another member compacted meanwhile: the room is small again, and the next read brings its snapshot.
      if (error instanceof ServerAnswerError && error.status === 409) this.entriesHeld = 0;
      else throw error;
    }
  }

  private failed(error: unknown): void {
    if (this.ended) return;
    if (error instanceof ServerAnswerError && error.status === 413) {
      this.stopped = 'too-large';
      this.parts.onError(`This board is too large to save on the server: new changes stay on this device (${error.detail})`);
      return;
    }
    if (error instanceof ServerAnswerError && error.status === 404 && error.body?.code === 'no-storage') {
      // A server that keeps no boards: the board stays on the device, nothing to tell.
      this.stopped = 'no-storage';
      this.pending = [];
      return;
    }
    const delay = RETRY_AFTER_MS[Math.min(this.failures, RETRY_AFTER_MS.length - 1)]!;
    this.failures++;
    if (!this.history) return;
    // A read that failed is done again whole; an append keeps its batch in `pending`.
    this.cancelTimer();
    this.timer = this.parts.clock.schedule(() => {
      this.timer = null;
      this.queue(() => this.load());
    }, delay);
  }
}

/** `stateVector` grown by what `updates` hold, found through a throwaway document (only its state vector is kept). */
function withUpdates(stateVector: ReadonlyMap<number, number>, updates: Uint8Array[]): Map<number, number> {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  const grown = Y.decodeStateVector(Y.encodeStateVector(doc));
  doc.destroy();
  for (const [client, clock] of stateVector) grown.set(client, Math.max(clock, grown.get(client) ?? 0));
  return grown;
}

/** Whether `bytes` decode as a Yjs update at all: what does not is skipped, never applied. */
function isYjsUpdate(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  try {
    Y.decodeUpdate(bytes);
    return true;
  } catch {
    return false;
  }
}
