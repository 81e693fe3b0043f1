import * as Y from 'yjs';
import { MAX_ENTRY_BYTES } from '../../protocol/room-entries.js';
import type { Cancel, Clock } from '../network/clock.js';
import { SEALED_OVERHEAD_BYTES } from '../network/room-cipher.js';
import type { EntriesPage } from '../network/room-history-http.js';
import { ServerAnswerError } from '../network/signaling-http.js';
import { deleteRanges } from './delivery-receipts.js';
import type { DeleteRanges } from './unsynced-changes.js';
import { SealedAhead } from './sealed-ahead.js';
import { ServerHoldings } from './server-holdings.js';
import { splitUpdate } from './update-parts.js';

/** How long local changes gather before they go up as one entry: at most one append per this many ms. */
export const APPEND_AFTER_MS = 500;

/** Past this many entries in the room, a member that can read them all merges them into one snapshot. */
export const COMPACT_AFTER_ENTRIES = 200;

/** Waits before another try after a failed append or read, by how many failed in a row (the last repeats). */
export const RETRY_AFTER_MS: readonly number[] = [1000, 2000, 5000, 10_000, 30_000];

/** The most an entry holds before sealing: a batch larger than this goes up in parts (update-parts.ts). */
export const ENTRY_UPDATE_BYTES = MAX_ENTRY_BYTES - SEALED_OVERHEAD_BYTES;

/**
 * The most a batch may hold, before sealing, to go up with `fetch(…, {keepalive: true})` when the page is hidden:
 * browsers refuse keepalive bodies past 64 KB in all, and the body is JSON with the entry in base64 (4 characters
 * per 3 bytes) beside the member key. A larger batch is left to the device's copy, which keeps every change.
 */
export const KEEPALIVE_UPDATE_BYTES = Math.floor((64 * 1024 - 1024) / 4) * 3 - SEALED_OVERHEAD_BYTES;

/** The origin of what the server's entries bring into the document: neither a peer's nor this page's change. */
export const SERVER_ORIGIN = Symbol('draw-room server copy');

/** The room's stored entries, as this member (RoomSignaling while it is joined). */
export interface RoomHistory {
  readEntries(after: number): Promise<EntriesPage>;
  /** `keepalive`: the request outlives the page (fetch's keepalive), for a body under 64 KB. */
  appendEntry(data: Uint8Array, keepalive?: boolean): Promise<number>;
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
  /**
   * Calls `listener` whenever the page is hidden (`visibilitychange` to hidden, `pagehide`) until the returned
   * function is called: what waits then goes up at once. Absent: only the APPEND_AFTER_MS timer sends.
   */
  onPageHidden?(listener: () => void): Cancel;
}

/** Why appending stopped for this page: the board outgrew the server's limit, or the server keeps no boards. */
type Stopped = 'too-large' | 'no-storage' | null;

/**
 * Keeps a room's board on the server as entries: at each join it reads what the server holds (every page, opened
 * under the room key) into the document as one transaction, then appends this page's changes (its own, the
 * device's copy, a loaded snapshot: anything but peers' and the server's) batched into one Yjs update at most every
 * APPEND_AFTER_MS, sealed, in entries of at most MAX_ENTRY_BYTES. An acknowledged append counts the server as a
 * peer that holds the batch. A failed append keeps its batch and is tried again after a backoff (after the
 * server's Retry-After when it is busy); a room grown past COMPACT_AFTER_ENTRIES is compacted. When the page is
 * hidden, what waits goes up at once, with a request that outlives the page.
 */
export class ServerCopy {
  /** Updates not yet acknowledged by the server, oldest first: kept across failures and rejoins. */
  private pending: Uint8Array[] = [];
  private history: RoomHistory | null = null;
  /** Every entry up to this seq is in the document. */
  private readThrough = 0;
  /** Entries the room holds, as far as this page knows: what it read plus what it appended. */
  private entriesHeld = 0;
  private readonly serverHolds = new ServerHoldings();
  /** An entry did not open: this page must not compact, or it would drop what others can read. */
  private sawUnreadable = false;
  private stopped: Stopped = null;
  private ended = false;
  private failures = 0;
  /** Compaction waits until the room holds more entries than this. */
  private compactPast = COMPACT_AFTER_ENTRIES;
  private timer: Cancel | null = null;
  /** For a page-hidden flush, which cannot wait for WebCrypto; only when the page tells this copy it is hidden. */
  private readonly sealedAhead: SealedAhead | null;
  private readonly stopWatchingPage: Cancel;
  /** One read, append or compaction at a time, in order. */
  private work: Promise<void> = Promise.resolve();
  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === SERVER_ORIGIN || this.parts.isFromPeer(origin) || this.stopped) return;
    this.pending.push(update);
    this.schedule(APPEND_AFTER_MS);
    this.sealedAhead?.refresh({
      pending: () => this.pending,
      basis: () => this.serverHolds.stateVector,
      unsentOf: (batch) => this.serverHolds.unsentOf(batch),
    });
  };
  private readonly onPageHidden = () => {
    if (!this.history || this.ended || this.stopped || this.pending.length === 0) return;
    this.cancelTimer();
    this.queue(() => this.append(true));
  };

  constructor(private readonly parts: ServerCopyParts) {
    this.sealedAhead = parts.onPageHidden ? new SealedAhead((bytes) => parts.sealing.seal(bytes), KEEPALIVE_UPDATE_BYTES) : null;
    parts.ydoc.on('update', this.onUpdate);
    this.stopWatchingPage = parts.onPageHidden?.(this.onPageHidden) ?? (() => {});
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
    this.stopWatchingPage();
  }

  /**
   * Keeps the board as it is now among the room's saved versions (sends what waits, then compacts at once,
   * whatever the room's size), so a clear or restore made after it resolves can be undone from History. Resolves
   * false when it could not (not joined, no storage, an unreadable entry, a refusal); never rejects.
   */
  keepVersion(): Promise<boolean> {
    return new Promise((resolve) => {
      this.queue(async () => {
        try {
          if (this.pending.length > 0 && this.history && !this.stopped) {
            this.cancelTimer();
            await this.append();
          }
          resolve(await this.compact());
        } catch (error) {
          resolve(false);
          throw error;
        }
      });
    });
  }

  /** True once the server refused the board as larger than its MAX_ROOM_BYTES: changes stay on this device. */
  get tooLarge(): boolean {
    return this.stopped === 'too-large';
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
    this.cancelTimer();
    await this.append();
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
        this.serverHolds.read(updates);
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

  /**
   * Sends what waits (as one entry, or in parts when it is larger than an entry); on success the server counts as
   * a peer holding it. With nothing waiting, compacts when the room is large. `pageHidden`: the batch sealed ahead
   * goes at once with keepalive, nothing awaited before its request starts.
   */
  private async append(pageHidden = false): Promise<void> {
    const history = this.history;
    if (!history || this.ended || this.stopped) return;
    if (this.pending.length === 0) return this.compactIfLarge();
    const batch = this.pending.slice();
    const merged = this.serverHolds.unsentOf(batch);
    // What the batch holds, taken now: changes after this moment wait for the next append.
    const stateVector = Y.decodeStateVector(Y.encodeStateVector(this.parts.ydoc));
    const { structs, ds } = Y.decodeUpdate(merged);
    const deleted = deleteRanges(ds);
    let allSent = true;
    if (structs.length > 0 || deleted.size > 0) {
      const sealedAhead = pageHidden ? this.sealedAhead?.sealedFor(batch, this.serverHolds.stateVector) : null;
      if (sealedAhead) await this.appendPart(history, merged, sealedAhead, true);
      else allSent = await this.appendInParts(history, merged);
    }
    this.pending.splice(0, batch.length);
    this.failures = 0;
    // A part the server cannot take stays unsynced (on the device, and for peers to hold).
    if (allSent) this.parts.onServerHolds(stateVector, deleted);
    if (this.pending.length > 0) this.schedule(APPEND_AFTER_MS);
    else await this.compactIfLarge();
  }

  /** `update` as entries of at most MAX_ENTRY_BYTES sealed; false when a part could not go (one clock too large). */
  private async appendInParts(history: RoomHistory, update: Uint8Array): Promise<boolean> {
    let allSent = true;
    for (const part of splitUpdate(update, ENTRY_UPDATE_BYTES)) {
      if (part.length > ENTRY_UPDATE_BYTES) {
        allSent = false;
        this.parts.onError(`a change of ${part.length} bytes is larger than the server keeps in one entry (${ENTRY_UPDATE_BYTES}): it stays on this device`);
        continue;
      }
      await this.appendPart(history, part, await this.parts.sealing.seal(part), false);
    }
    return allSent;
  }

  /** One entry appended; the server now holds `part`, so a batch tried again after a failure leaves it out. */
  private async appendPart(history: RoomHistory, part: Uint8Array, sealed: Uint8Array, keepalive: boolean): Promise<void> {
    const seq = await history.appendEntry(sealed, keepalive);
    if (seq === this.readThrough + 1) this.readThrough = seq;
    this.entriesHeld++;
    this.serverHolds.appended(part);
  }

  /** Merges the room's entries into one snapshot once there are many (and again each COMPACT_AFTER_ENTRIES more). */
  private async compactIfLarge(): Promise<void> {
    if (this.entriesHeld <= this.compactPast) return;
    await this.compact();
  }

  /**
   * Merges every entry the room holds into one sealed snapshot of the board as it is now, which the room keeps
   * among its saved versions; true when the server took it. Not when this page could not read every entry: the
   * snapshot would drop what others can read.
   */
  private async compact(): Promise<boolean> {
    const history = this.history;
    if (!history || this.ended || this.stopped || this.sawUnreadable) return false;
    // Catch up first: the snapshot must hold every entry up to the seq it replaces.
    const before = this.entriesHeld;
    await this.readNew(history);
    if (this.sawUnreadable || this.readThrough === 0) return false;
    const sealed = await this.parts.sealing.seal(Y.encodeStateAsUpdate(this.parts.ydoc));
    try {
      await history.compactEntries(this.readThrough, sealed);
      this.entriesHeld = 1 + Math.max(0, this.entriesHeld - before);
      this.compactPast = COMPACT_AFTER_ENTRIES;
      return true;
    } catch (error) {
      if (error instanceof ServerAnswerError && error.status === 413) {
        // A snapshot over what the server takes at once is no reason to stop appending; try again much later.
        this.compactPast = this.entriesHeld + COMPACT_AFTER_ENTRIES;
        return false;
      }
      if (!(error instanceof ServerAnswerError && error.status === 409)) throw error;
      // Another member compacted meanwhile: the room is small again. Its snapshot holds all this page read, and
      // maybe more (what others appended before it): read it now rather than at the next join.
      this.entriesHeld = 0;
      await this.readNew(history);
      return false;
    }
  }

  private failed(error: unknown): void {
    if (this.ended) return;
    if (error instanceof ServerAnswerError && error.status === 413 && error.body?.code === 'room-too-large') {
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
    if (error instanceof ServerAnswerError && error.status === 429) {
      // The server's rate limit: the batch waits as long as it says, which is no failure to back off from.
      return this.tryAgainAfter(Math.max(1, error.retryAfterSeconds ?? 1) * 1000);
    }
    if (error instanceof ServerAnswerError && error.status === 413 && this.failures === 0) {
      // Not the room's limit (a proxy's body limit, say): worth a word, and worth trying again later.
      this.parts.onError(`could not save changes on the server: ${error.detail}`);
    }
    const delay = RETRY_AFTER_MS[Math.min(this.failures, RETRY_AFTER_MS.length - 1)]!;
    this.failures++;
    this.tryAgainAfter(delay);
  }

  private tryAgainAfter(delay: number): void {
    if (!this.history) return;
    // A read that failed is done again whole; an append keeps its batch in `pending`.
    this.cancelTimer();
    this.timer = this.parts.clock.schedule(() => {
      this.timer = null;
      this.queue(() => this.load());
    }, delay);
  }
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
