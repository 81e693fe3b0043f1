import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as Y from 'yjs';
import { RoomCipher } from '../../components/network/room-cipher.js';
import { generateRoomKey } from '../../components/network/room-key.js';
import type { EntriesPage } from '../../components/network/room-history-http.js';
import { ServerAnswerError } from '../../components/network/signaling-http.js';
import { MAX_ENTRY_BYTES } from '../../protocol/room-entries.js';
import { localChange } from '../../components/sync/delivery-receipts.js';
import { entrySealing } from '../../components/sync/entry-sealing.js';
import {
  APPEND_AFTER_MS,
  COMPACT_AFTER_ENTRIES,
  KEEPALIVE_UPDATE_BYTES,
  RETRY_AFTER_MS,
  ServerCopy,
  type EntrySealing,
  type RoomHistory,
} from '../../components/sync/server-copy.js';
import { UnsyncedChanges } from '../../components/sync/unsynced-changes.js';
import { eventually } from '../support/eventually.js';
import { FakeClock } from '../support/fake-clock.js';

const ROOM = 'server-copy-room-1';

/**
 * A room's entries as the server keeps them, two to a page, with failures a test can line up: entries over
 * MAX_ENTRY_BYTES refused as the server does (413 with no code), compactions swapped in by compare-and-swap.
 */
class FakeRoomHistory implements RoomHistory {
  entries: Array<{ seq: number; data: Uint8Array }> = [];
  lastSeq = 0;
  appends = 0;
  compactions: number[] = [];
  /** Whether each append asked for a request that outlives the page, in order. */
  keepalives: boolean[] = [];
  /** The seq the last compaction covered: one that covers no more is refused (409 compacted-meanwhile). */
  base = 0;
  /** What the next append or compaction answers instead of success. */
  failNext: Error[] = [];
  /** Holds the next compaction until the test lets it go (a slow request racing another member's). */
  holdNextCompaction: Promise<void> | null = null;

  async readEntries(after: number): Promise<EntriesPage> {
    const newer = this.entries.filter((entry) => entry.seq > after);
    return { entries: newer.slice(0, 2), lastSeq: this.lastSeq, more: newer.length > 2 };
  }

  async appendEntry(data: Uint8Array, keepalive = false): Promise<number> {
    const failure = this.failNext.shift();
    if (failure) throw failure;
    if (data.length > MAX_ENTRY_BYTES) throw new ServerAnswerError('POST /room/entries', 413, { error: `data is over ${MAX_ENTRY_BYTES} bytes` }, null);
    this.appends++;
    this.keepalives.push(keepalive);
    this.entries.push({ seq: ++this.lastSeq, data });
    return this.lastSeq;
  }

  async compactEntries(upto: number, data: Uint8Array): Promise<void> {
    const hold = this.holdNextCompaction;
    this.holdNextCompaction = null;
    await hold;
    const failure = this.failNext.shift();
    if (failure) throw failure;
    if (upto <= this.base) throw refusal(409, 'compacted-meanwhile');
    this.base = upto;
    this.compactions.push(upto);
    this.entries = [{ seq: upto, data }, ...this.entries.filter((entry) => entry.seq > upto)];
  }

  /** The board as a new visitor holding the room's key would read it: every entry opened and merged. */
  async openedBoard(sealing: EntrySealing): Promise<Y.Doc> {
    const doc = new Y.Doc();
    for (const entry of this.entries) {
      const update = await sealing.open(entry.data);
      assert.ok(update, `entry ${entry.seq} opens`);
      Y.applyUpdate(doc, update);
    }
    return doc;
  }

  /** The board as a new visitor would read it: every entry (keyless) merged. */
  board(): Y.Doc {
    const doc = new Y.Doc();
    for (const entry of this.entries) Y.applyUpdate(doc, entry.data);
    return doc;
  }
}

const refusal = (status: number, code: string, retryAfterSeconds: number | null = null) =>
  new ServerAnswerError('POST /room/entries', status, { error: code, code: code as 'no-storage' }, retryAfterSeconds);

/** The page's visibility as ServerCopy hears of it: a test hides the page by calling `hide()`. */
class FakePage {
  private listeners = new Set<() => void>();
  readonly onPageHidden = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  hide(): void {
    for (const listener of this.listeners) listener();
  }
}

function setUp(history = new FakeRoomHistory(), sealing = entrySealing(null, ROOM), page?: FakePage) {
  const ydoc = new Y.Doc();
  const clock = new FakeClock();
  const errors: string[] = [];
  const peer = { link: 'a peer' };
  const unsynced = new UnsyncedChanges(() => {});
  ydoc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.origin === 'local') unsynced.recordLocal(localChange(transaction));
  });
  const copy = new ServerCopy({
    ydoc,
    sealing,
    clock,
    isFromPeer: (origin) => origin === peer,
    onServerHolds: (stateVector, deleted) => {
      unsynced.peerStateVector('server', stateVector);
      unsynced.peerDeleteSet('server', deleted);
    },
    onError: (message) => errors.push(message),
    ...(page ? { onPageHidden: page.onPageHidden } : {}),
  });
  const draw = (...values: string[]) => ydoc.transact(() => ydoc.getArray<string>('items').push(values), 'local');
  const items = (doc: Y.Doc = ydoc) => doc.getArray<string>('items').toArray().sort();
  return { ydoc, clock, errors, peer, unsynced, copy, draw, items, history };
}

/** Lets pending promise chains (and WebCrypto) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Only promise callbacks run meanwhile, no task: what a page that is being closed still runs after pagehide. */
async function microtasksOnly(): Promise<void> {
  for (let turn = 0; turn < 100; turn++) await Promise.resolve();
}

/** A board of `count` strokes, each with `pointBytes` bytes of points, drawn by one person: one Yjs update. */
function boardOf(count: number, pointBytes: number): Uint8Array {
  const doc = new Y.Doc();
  const items = doc.getArray<unknown>('items');
  for (let index = 0; index < count; index++) {
    items.push([{ id: `stroke-${index}`, kind: 'stroke', points: new Uint8Array(pointBytes).fill(index % 251) }]);
  }
  return Y.encodeStateAsUpdate(doc);
}

function updateOf(...values: string[]): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray<string>('items').push(values);
  return Y.encodeStateAsUpdate(doc);
}

describe('ServerCopy: the board kept on the server as entries', () => {
  it('reads every page at a join, skipping an entry that is no board change by its seq', async () => {
    const history = new FakeRoomHistory();
    history.entries = [
      { seq: 1, data: updateOf('a') },
      { seq: 2, data: new Uint8Array([1, 2, 3, 250, 250]) },
      { seq: 3, data: updateOf('b') },
      { seq: 4, data: updateOf('c') },
      { seq: 5, data: updateOf('d') },
    ];
    history.lastSeq = 5;
    const { copy, errors, items } = setUp(history);
    copy.joined(history);
    await eventually('the board is read', () => items().length === 4);
    assert.deepEqual(items(), ['a', 'b', 'c', 'd']);
    assert.deepEqual(errors, ['could not read saved entry 2 of this board: not a board change']);
    assert.equal(copy.waiting, 0, 'what the server brought is not sent back');
  });

  it('skips an entry sealed under another key, naming it, and reads the rest', async () => {
    const key = generateRoomKey();
    const sealing = entrySealing(RoomCipher.create(key, ROOM), ROOM);
    const other = entrySealing(RoomCipher.create(generateRoomKey(), ROOM), ROOM);
    const history = new FakeRoomHistory();
    history.entries = [
      { seq: 1, data: await sealing.seal(updateOf('mine')) },
      { seq: 2, data: await other.seal(updateOf('theirs')) },
    ];
    history.lastSeq = 2;
    const { copy, errors, items } = setUp(history, sealing);
    copy.joined(history);
    await eventually('the readable entry is in', () => items().length === 1);
    assert.deepEqual(items(), ['mine']);
    assert.deepEqual(errors, ['could not read saved entry 2 of this board: different room key?']);
  });

  it('appends local changes as one sealed entry per batch; the server then holds them, with no peer', async () => {
    const key = generateRoomKey();
    const sealing = entrySealing(RoomCipher.create(key, ROOM), ROOM);
    const { copy, clock, draw, unsynced, history, peer, ydoc } = setUp(new FakeRoomHistory(), sealing);
    copy.joined(history);
    await settle();
    draw('one');
    draw('two');
    Y.applyUpdate(ydoc, updateOf('from a peer'), peer);
    assert.equal(unsynced.count, 2);
    clock.advance(APPEND_AFTER_MS - 1);
    await settle();
    assert.equal(history.appends, 0, 'the batch waits');
    clock.advance(1);
    await eventually('the batch is appended', () => history.appends === 1);
    await eventually('the server counts as holding both changes', () => unsynced.count === 0);
    const opened = await sealing.open(history.entries[0]!.data);
    assert.ok(opened, 'the entry opens under the room key');
    const board = new Y.Doc();
    Y.applyUpdate(board, opened);
    assert.deepEqual(board.getArray<string>('items').toArray().sort(), ['one', 'two'], 'the peer\'s change is the peer\'s to store');
  });

  it('sends only what the server lacks of a device copy restored before the join', async () => {
    const saved = updateOf('saved before');
    const history = new FakeRoomHistory();
    history.entries = [{ seq: 1, data: saved }];
    history.lastSeq = 1;
    const { ydoc, copy, clock, items } = setUp(history);
    const device = { store: 'IndexedDB' };
    Y.applyUpdate(ydoc, saved, device);
    Y.applyUpdate(ydoc, updateOf('drawn offline'), device);
    copy.joined(history);
    await eventually('the board is read', () => history.appends === 0 && copy.waiting === 2);
    for (let step = 0; step < 3; step++) {
      clock.advance(APPEND_AFTER_MS);
      await settle();
    }
    assert.equal(history.appends, 1);
    assert.deepEqual(items(history.board()), ['drawn offline', 'saved before']);
    const appended = new Y.Doc();
    Y.applyUpdate(appended, history.entries[1]!.data);
    assert.deepEqual(items(appended), ['drawn offline'], 'what the server had is not sent again');
    assert.deepEqual(items(), ['drawn offline', 'saved before']);
  });

  it('keeps the batch through network failures and sends it after the backoff, nothing lost', async () => {
    const { copy, clock, draw, history, items, unsynced } = setUp();
    copy.joined(history);
    await settle();
    history.failNext = [new TypeError('Failed to fetch'), new TypeError('Failed to fetch')];
    draw('kept');
    clock.advance(APPEND_AFTER_MS);
    await settle();
    draw('later');
    clock.advance(RETRY_AFTER_MS[0]!);
    await settle();
    assert.equal(history.appends, 0, 'the second try failed too');
    for (let step = 0; step < 10 && history.appends === 0; step++) {
      clock.advance(RETRY_AFTER_MS.at(-1)!);
      await settle();
    }
    assert.equal(history.appends, 1, 'the third try went, as one entry');
    assert.deepEqual(items(history.board()), ['kept', 'later']);
    assert.equal(unsynced.count, 0);
  });

  it('stops appending when the board is too large, saying so, and silently on a server without storage', async () => {
    const large = setUp();
    large.copy.joined(large.history);
    await settle();
    large.history.failNext = [refusal(413, 'room-too-large')];
    large.draw('too much');
    large.clock.advance(APPEND_AFTER_MS);
    await settle();
    assert.match(large.errors.join('\n'), /This board is too large to save/);
    large.draw('more');
    large.clock.advance(60_000);
    await settle();
    assert.equal(large.history.appends, 0);

    const none = setUp();
    none.history.readEntries = () => Promise.reject(refusal(404, 'no-storage'));
    none.copy.joined(none.history);
    await settle();
    none.draw('stays here');
    none.clock.advance(60_000);
    await settle();
    assert.equal(none.history.appends, 0);
    assert.deepEqual(none.errors, []);
    assert.equal(none.copy.waiting, 0, 'nothing kept for a server that keeps nothing');
  });

  it(`compacts past ${COMPACT_AFTER_ENTRIES} entries into one snapshot holding the whole board`, async () => {
    const history = new FakeRoomHistory();
    history.entries = Array.from({ length: COMPACT_AFTER_ENTRIES }, (_, index) => ({ seq: index + 1, data: updateOf(`item ${index}`) }));
    history.lastSeq = COMPACT_AFTER_ENTRIES;
    const { copy, clock, draw, items } = setUp(history);
    copy.joined(history);
    await eventually('the board is read', () => items().length === COMPACT_AFTER_ENTRIES);
    assert.deepEqual(history.compactions, [], 'not more than the limit yet');
    draw('one more');
    clock.advance(APPEND_AFTER_MS);
    await eventually('the room is compacted', () => history.compactions.length === 1);
    assert.deepEqual(history.compactions, [COMPACT_AFTER_ENTRIES + 1]);
    assert.equal(history.entries.length, 1);
    assert.equal(items(history.board()).length, COMPACT_AFTER_ENTRIES + 1, 'the snapshot holds every entry it replaced');
  });

  it('saves a 3 MB board loaded at once whole, in entries of at most 1 MB each (sealed)', async () => {
    const sealing = entrySealing(RoomCipher.create(generateRoomKey(), ROOM), ROOM);
    const { copy, clock, ydoc, history, unsynced, errors } = setUp(new FakeRoomHistory(), sealing);
    copy.joined(history);
    await settle();
    const board = boardOf(3000, 1000);
    assert.ok(board.length > 3 * 1024 * 1024 - 100_000, `the board is about 3 MB (${board.length} bytes)`);
    Y.applyUpdate(ydoc, board, 'local');
    clock.advance(APPEND_AFTER_MS);
    await eventually('the board is appended', () => copy.waiting === 0);
    assert.deepEqual(errors, []);
    assert.ok(history.entries.length >= 3, `in several entries (${history.entries.length})`);
    for (const entry of history.entries) assert.ok(entry.data.length <= MAX_ENTRY_BYTES, `entry ${entry.seq} is ${entry.data.length} bytes`);
    const stored = await history.openedBoard(sealing);
    assert.equal(stored.getArray('items').length, 3000);
    assert.deepEqual(stored.getArray('items').toJSON(), ydoc.getArray('items').toJSON(), 'every stroke, every point, in order');
    assert.equal(unsynced.count, 0, 'the server holds the load');
  });

  it('keeps the parts that went when a part of a large batch fails, and sends only the rest', async () => {
    const { copy, clock, ydoc, history, items } = setUp();
    copy.joined(history);
    await settle();
    Y.applyUpdate(ydoc, boardOf(3000, 1000), 'local');
    history.failNext = [];
    const append = history.appendEntry.bind(history);
    let calls = 0;
    history.appendEntry = (data, keepalive) => (++calls === 3 ? Promise.reject(new TypeError('Failed to fetch')) : append(data, keepalive));
    clock.advance(APPEND_AFTER_MS);
    await eventually('two parts went, the third failed', () => calls === 3);
    await settle();
    assert.equal(history.appends, 2);
    clock.advance(RETRY_AFTER_MS[0]!);
    await eventually('the rest is appended', () => copy.waiting === 0);
    const stored = history.board();
    assert.equal(items(stored).length, 3000);
    const sizes = history.entries.map((entry) => entry.data.length);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    assert.ok(total < Y.encodeStateAsUpdate(ydoc).length + 1000, `nothing sent twice (${sizes.join(', ')})`);
  });

  it('waits as long as the server\'s Retry-After says when it answers 429, keeping the batch, with no error', async () => {
    const { copy, clock, draw, history, items, unsynced, errors } = setUp();
    copy.joined(history);
    await settle();
    history.failNext = [refusal(429, 'too many appends', 3)];
    draw('busy');
    clock.advance(APPEND_AFTER_MS);
    await settle();
    assert.equal(history.appends, 0);
    draw('meanwhile');
    clock.advance(2999);
    await settle();
    assert.equal(history.appends, 0, 'not before Retry-After');
    clock.advance(1);
    await eventually('the batch goes after Retry-After', () => history.appends === 1);
    assert.deepEqual(items(history.board()), ['busy', 'meanwhile']);
    assert.equal(unsynced.count, 0);
    assert.deepEqual(errors, []);
  });

  it('stops only for the room\'s own limit (413 room-too-large): another 413 is said and tried again', async () => {
    const { copy, clock, draw, history, items, errors } = setUp();
    copy.joined(history);
    await settle();
    history.failNext = [new ServerAnswerError('POST /room/entries', 413, null, null)];
    draw('kept');
    clock.advance(APPEND_AFTER_MS);
    await settle();
    assert.deepEqual(errors, ['could not save changes on the server: 413']);
    clock.advance(RETRY_AFTER_MS[0]!);
    await eventually('tried again', () => history.appends === 1);
    assert.deepEqual(items(history.board()), ['kept']);
  });

  it('loses nothing when two members compact at once: the loser (409) reads the winner\'s snapshot at once', async () => {
    const history = new FakeRoomHistory();
    history.entries = Array.from({ length: COMPACT_AFTER_ENTRIES }, (_, index) => ({ seq: index + 1, data: updateOf(`item ${index}`) }));
    history.lastSeq = COMPACT_AFTER_ENTRIES;
    const winner = setUp(history);
    const loser = setUp(history);
    winner.copy.joined(history);
    loser.copy.joined(history);
    await eventually('both read the board', () => winner.items().length === COMPACT_AFTER_ENTRIES && loser.items().length === COMPACT_AFTER_ENTRIES);
    let release = () => {};
    history.holdNextCompaction = new Promise((resolve) => (release = resolve));
    loser.draw('from the loser');
    loser.clock.advance(APPEND_AFTER_MS);
    await eventually('the loser appended and is compacting', () => history.appends === 1 && history.holdNextCompaction === null);
    winner.draw('from the winner');
    winner.clock.advance(APPEND_AFTER_MS);
    await eventually('the winner compacted past the loser', () => history.compactions.length === 1);
    assert.deepEqual(history.compactions, [COMPACT_AFTER_ENTRIES + 2]);
    release();
    await eventually('the loser has the winner\'s change, from its snapshot', () => loser.items().includes('from the winner'));
    assert.deepEqual(history.compactions, [COMPACT_AFTER_ENTRIES + 2], 'the loser\'s stale compaction was refused');
    const { items } = winner;
    assert.deepEqual(items(history.board()), items(winner.ydoc), 'nothing lost');
    assert.equal(items(history.board()).length, COMPACT_AFTER_ENTRIES + 2);
    assert.deepEqual(items(loser.ydoc), items(winner.ydoc));
    assert.deepEqual([...winner.errors, ...loser.errors], []);
  });

  it('sends what waits at once, with keepalive, when the page is hidden: sealed ahead, so no task has to run', async () => {
    const sealing = entrySealing(RoomCipher.create(generateRoomKey(), ROOM), ROOM);
    // Counts the seals done, so the test hides the page once the batch is sealed ahead however slow WebCrypto is.
    let sealed = 0;
    const counting: EntrySealing = { ...sealing, seal: async (bytes) => sealing.seal(bytes).finally(() => sealed++) };
    const page = new FakePage();
    const { copy, draw, history, unsynced } = setUp(new FakeRoomHistory(), counting, page);
    copy.joined(history);
    await settle();
    draw('last stroke');
    await eventually('the batch is sealed ahead', () => sealed >= 1);
    page.hide();
    await microtasksOnly();
    assert.equal(history.appends, 1, 'the request started before any task ran (a closing page runs none)');
    assert.deepEqual(history.keepalives, [true]);
    const stored = await history.openedBoard(sealing);
    assert.deepEqual(stored.getArray('items').toArray(), ['last stroke']);
    await eventually('acknowledged', () => unsynced.count === 0);
  });

  it('leaves a batch too large for a keepalive body to the usual request when the page is hidden', async () => {
    const page = new FakePage();
    const { copy, clock, ydoc, history } = setUp(new FakeRoomHistory(), entrySealing(null, ROOM), page);
    copy.joined(history);
    await settle();
    Y.applyUpdate(ydoc, boardOf(100, KEEPALIVE_UPDATE_BYTES / 50), 'local');
    await settle();
    page.hide();
    await eventually('sent at once', () => copy.waiting === 0);
    assert.deepEqual(history.keepalives, [false], 'no keepalive over 64 KB: the browser would refuse it');
    clock.advance(APPEND_AFTER_MS);
    await settle();
    assert.equal(history.appends, 1, 'and not again when the timer would have run');
  });

  it('keeps the board as it is now as a version on demand: what waits goes up, then one snapshot, whatever the size', async () => {
    const history = new FakeRoomHistory();
    const { copy, draw, items } = setUp(history);
    copy.joined(history);
    await settle();
    draw('a', 'b');
    assert.equal(await copy.keepVersion(), true);
    assert.deepEqual(history.compactions, [1], 'the change waiting went up first, then the snapshot replaced it');
    assert.deepEqual(items(history.board()), ['a', 'b']);
    draw('c');
    assert.equal(await copy.keepVersion(), true);
    assert.deepEqual(history.compactions, [1, 2]);
    assert.deepEqual(items(history.board()), ['a', 'b', 'c']);
  });

  it('answers false, and keeps nothing, when it cannot keep a version: not joined, or an entry it cannot read', async () => {
    const history = new FakeRoomHistory();
    const { copy, draw } = setUp(history);
    draw('a');
    assert.equal(await copy.keepVersion(), false, 'not joined');
    history.entries = [{ seq: 1, data: new Uint8Array([1, 2, 3, 250]) }];
    history.lastSeq = 1;
    copy.joined(history);
    await settle();
    assert.equal(await copy.keepVersion(), false, 'an entry this page cannot read would be dropped by a snapshot');
    assert.deepEqual(history.compactions, []);
  });

  it('goes on appending when the server refuses a snapshot as too large (413): no stop, no error', async () => {
    const history = new FakeRoomHistory();
    const { copy, clock, draw, items, errors } = setUp(history);
    copy.joined(history);
    await settle();
    draw('a');
    clock.advance(APPEND_AFTER_MS);
    await eventually('a is appended', () => history.appends === 1);
    history.failNext.push(refusal(413, 'room-too-large'));
    assert.equal(await copy.keepVersion(), false);
    draw('b');
    clock.advance(APPEND_AFTER_MS);
    await eventually('b is appended after the refused snapshot', () => history.appends === 2);
    assert.deepEqual(items(history.board()), ['a', 'b']);
    assert.equal(copy.tooLarge, false, 'a refused snapshot does not stop the board being saved');
    assert.deepEqual(errors, []);
  });
});
