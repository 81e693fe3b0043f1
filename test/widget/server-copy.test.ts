import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as Y from 'yjs';
import { RoomCipher } from '../../components/network/room-cipher.js';
import { generateRoomKey } from '../../components/network/room-key.js';
import type { EntriesPage } from '../../components/network/room-history-http.js';
import { ServerAnswerError } from '../../components/network/signaling-http.js';
import { localChange } from '../../components/sync/delivery-receipts.js';
import { entrySealing } from '../../components/sync/entry-sealing.js';
import { APPEND_AFTER_MS, COMPACT_AFTER_ENTRIES, RETRY_AFTER_MS, ServerCopy, type RoomHistory } from '../../components/sync/server-copy.js';
import { UnsyncedChanges } from '../../components/sync/unsynced-changes.js';
import { eventually } from '../support/eventually.js';
import { FakeClock } from '../support/fake-clock.js';

const ROOM = 'server-copy-room-1';

/** A room's entries as the server keeps them, two to a page, with failures a test can line up. */
class FakeRoomHistory implements RoomHistory {
  entries: Array<{ seq: number; data: Uint8Array }> = [];
  lastSeq = 0;
  appends = 0;
  compactions: number[] = [];
  /** What the next append or compaction answers instead of success. */
  failNext: Error[] = [];

  async readEntries(after: number): Promise<EntriesPage> {
    const newer = this.entries.filter((entry) => entry.seq > after);
    return { entries: newer.slice(0, 2), lastSeq: this.lastSeq, more: newer.length > 2 };
  }

  async appendEntry(data: Uint8Array): Promise<number> {
    const failure = this.failNext.shift();
    if (failure) throw failure;
    this.appends++;
    this.entries.push({ seq: ++this.lastSeq, data });
    return this.lastSeq;
  }

  async compactEntries(upto: number, data: Uint8Array): Promise<void> {
    const failure = this.failNext.shift();
    if (failure) throw failure;
    this.compactions.push(upto);
    this.entries = [{ seq: upto, data }, ...this.entries.filter((entry) => entry.seq > upto)];
  }

  /** The board as a new visitor would read it: every entry (keyless) merged. */
  board(): Y.Doc {
    const doc = new Y.Doc();
    for (const entry of this.entries) Y.applyUpdate(doc, entry.data);
    return doc;
  }
}

const refusal = (status: number, code: string) => new ServerAnswerError('POST /room/entries', status, { error: code, code: code as 'no-storage' }, null);

function setUp(history = new FakeRoomHistory(), sealing = entrySealing(null, ROOM)) {
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
  });
  const draw = (...values: string[]) => ydoc.transact(() => ydoc.getArray<string>('items').push(values), 'local');
  const items = (doc: Y.Doc = ydoc) => doc.getArray<string>('items').toArray().sort();
  return { ydoc, clock, errors, peer, unsynced, copy, draw, items, history };
}

/** Lets pending promise chains (and WebCrypto) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

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
});
