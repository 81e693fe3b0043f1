import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RedisRoomStore } from '../../server/storage/redis-room-store.js';
import type { RoomStore } from '../../server/storage/room-store.js';
import { SqliteRoomStore } from '../../server/storage/sqlite-room-store.js';
import { RedisServer } from '../support/redis-server.js';

/** One way to get a fresh store and to let it go, for the suite every implementation must pass. */
interface StoreKind {
  name: string;
  open(): Promise<{ store: RoomStore; close(): Promise<void> }>;
}

const sqlite: StoreKind = {
  name: 'SQLite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'draw-room-store-'));
    const store = SqliteRoomStore.open(dir);
    return {
      store,
      close: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

let redisServer: RedisServer | undefined;
const redis: StoreKind = {
  name: 'Redis',
  async open() {
    redisServer ??= await RedisServer.start();
    const connection = new Redis(redisServer.url);
    await connection.flushall();
    return {
      store: new RedisRoomStore(connection),
      close: async () => void connection.disconnect(),
    };
  },
};

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);
const LIMIT = 1024 * 1024;
const T0 = Date.UTC(2026, 0, 1);
const DAY = 24 * 3600 * 1000;
const YEAR_LATER = T0 + 365 * DAY;

for (const kind of [sqlite, redis]) {
  describe(`RoomStore in ${kind.name}`, () => {
    let store: RoomStore;
    let close: () => Promise<void>;
    before(async () => ({ store, close } = await kind.open()));
    after(async () => {
      await close();
      if (kind === redis) await redisServer?.stop();
    });

    it('has nothing for a room never written', async () => {
      assert.deepEqual(await store.read('store-empty-room', 0, LIMIT, T0), { entries: [], lastSeq: 0, more: false });
      assert.deepEqual(await store.snapshots('store-empty-room'), []);
      assert.equal(await store.snapshot('store-empty-room', 1), null);
    });

    it('numbers appends 1, 2, 3… and gives back exactly the bytes stored, in order, after any seq', async () => {
      const room = 'store-round-trip';
      const every = new Uint8Array(256).map((_, i) => i);
      assert.deepEqual(await store.append(room, every, LIMIT, T0), { appended: true, seq: 1 });
      assert.deepEqual(await store.append(room, text('second'), LIMIT, T0), { appended: true, seq: 2 });
      assert.deepEqual(await store.append(room, bytes(0), LIMIT, T0), { appended: true, seq: 3 });
      const all = await store.read(room, 0, LIMIT, T0);
      assert.deepEqual(all, { entries: [{ seq: 1, data: every }, { seq: 2, data: text('second') }, { seq: 3, data: bytes(0) }], lastSeq: 3, more: false });
      assert.deepEqual((await store.read(room, 2, LIMIT, T0)).entries, [{ seq: 3, data: bytes(0) }]);
      assert.deepEqual(await store.read(room, 3, LIMIT, T0), { entries: [], lastSeq: 3, more: false });
      assert.deepEqual((await store.read('store-other-room', 0, LIMIT, T0)).entries, [], 'rooms do not share entries');
    });

    it('stops a read near maxBytes and says there is more, but always gives at least one entry', async () => {
      const room = 'store-paging';
      for (let i = 1; i <= 5; i++) await store.append(room, new Uint8Array(100).fill(i), LIMIT, T0);
      const first = await store.read(room, 0, 250, T0);
      assert.deepEqual(first.entries.map((e) => e.seq), [1, 2]);
      assert.equal(first.more, true);
      const rest = await store.read(room, 2, 1000, T0);
      assert.deepEqual(rest.entries.map((e) => e.seq), [3, 4, 5]);
      assert.equal(rest.more, false);
      const single = await store.read(room, 0, 10, T0);
      assert.deepEqual(single.entries.map((e) => e.seq), [1], 'an entry over maxBytes still comes, alone');
      assert.equal(single.more, true);
    });

    it('refuses an append that would take the room over its byte limit, and counts what it holds', async () => {
      const room = 'store-limit';
      assert.equal((await store.append(room, new Uint8Array(600), 1000, T0)).appended, true);
      assert.deepEqual(await store.append(room, new Uint8Array(401), 1000, T0), { appended: false, roomBytes: 600 });
      assert.deepEqual(await store.append(room, new Uint8Array(400), 1000, T0), { appended: true, seq: 2 });
      assert.equal((await store.read(room, 0, LIMIT, T0)).lastSeq, 2, 'the refused entry took no seq');
    });

    it('compacts the entries up to a seq into one snapshot with that seq, keeping the later ones', async () => {
      const room = 'store-compact';
      for (let i = 1; i <= 5; i++) await store.append(room, text(`update ${i}`), LIMIT, T0);
      assert.deepEqual(await store.compact(room, 3, text('snapshot 1-3'), LIMIT, T0 + 1000), { compacted: true });
      assert.deepEqual(await store.read(room, 0, LIMIT, T0), {
        entries: [
          { seq: 3, data: text('snapshot 1-3') },
          { seq: 4, data: text('update 4') },
          { seq: 5, data: text('update 5') },
        ],
        lastSeq: 5,
        more: false,
      });
      assert.deepEqual((await store.read(room, 1, LIMIT, T0)).entries[0], { seq: 3, data: text('snapshot 1-3') }, 'a reader behind the snapshot gets it first');
      assert.deepEqual((await store.read(room, 3, LIMIT, T0)).entries.map((e) => e.seq), [4, 5]);
      assert.deepEqual(await store.append(room, text('update 6'), LIMIT, T0), { appended: true, seq: 6 }, 'seqs go on after a compaction');
      assert.deepEqual(await store.compact(room, 6, text('snapshot 1-6'), LIMIT, T0 + 2000), { compacted: true });
      assert.deepEqual(await store.read(room, 0, LIMIT, T0), { entries: [{ seq: 6, data: text('snapshot 1-6') }], lastSeq: 6, more: false });
      assert.deepEqual(await store.append(room, text('update 7'), LIMIT, T0), { appended: true, seq: 7 }, 'a fully compacted room appends after its snapshot');
      assert.deepEqual((await store.read(room, 0, LIMIT, T0)).entries.map((e) => e.seq), [6, 7]);
    });

    it('refuses a compaction past the last entry, or one that another compaction already covers', async () => {
      const room = 'store-compact-refused';
      for (let i = 1; i <= 4; i++) await store.append(room, text(`u${i}`), LIMIT, T0);
      assert.deepEqual(await store.compact(room, 5, text('s'), LIMIT, T0), { compacted: false, reason: 'beyond-last', lastSeq: 4 });
      assert.deepEqual(await store.compact('store-never-written', 1, text('s'), LIMIT, T0), { compacted: false, reason: 'beyond-last', lastSeq: 0 });
      assert.deepEqual(await store.compact(room, 3, text('s1-3'), LIMIT, T0), { compacted: true });
      assert.deepEqual(await store.compact(room, 3, text('again'), LIMIT, T0), { compacted: false, reason: 'compacted-meanwhile', base: 3 });
      assert.deepEqual(await store.compact(room, 2, text('older'), LIMIT, T0), { compacted: false, reason: 'compacted-meanwhile', base: 3 });
      assert.deepEqual((await store.read(room, 0, LIMIT, T0)).entries.map((e) => e.data), [text('s1-3'), text('u4')], 'refusals change nothing');
    });

    it('lets exactly one of two compactions racing for the same seq through', async () => {
      const room = 'store-compact-race';
      for (let i = 1; i <= 20; i++) await store.append(room, text(`u${i}`), LIMIT, T0);
      const results = await Promise.all([store.compact(room, 20, text('from A'), LIMIT, T0), store.compact(room, 20, text('from B'), LIMIT, T0)]);
      assert.equal(results.filter((r) => r.compacted).length, 1, JSON.stringify(results));
      assert.equal((await store.read(room, 0, LIMIT, T0)).entries.length, 1);
    });

    it('counts a compaction in the room bytes: refused when it grows the room over the limit, let through when it shrinks it', async () => {
      const room = 'store-compact-bytes';
      await store.append(room, new Uint8Array(300), 1000, T0);
      await store.append(room, new Uint8Array(300), 1000, T0);
      await store.append(room, new Uint8Array(300), 1000, T0);
      assert.deepEqual(await store.compact(room, 2, new Uint8Array(800), 1000, T0), { compacted: false, reason: 'too-large', roomBytes: 1100 });
      assert.deepEqual(await store.compact(room, 2, new Uint8Array(100), 500, T0), { compacted: true }, 'over a lowered limit, but smaller than before');
      assert.deepEqual(await store.append(room, new Uint8Array(600), 1000, T0), { appended: true, seq: 4 }, 'the room holds 400 bytes now');
    });

    it('keeps the room’s last five snapshots with their times, newest first, and each one’s bytes', async () => {
      const room = 'store-history';
      for (let i = 1; i <= 7; i++) {
        await store.append(room, text(`u${i}`), LIMIT, T0);
        assert.deepEqual(await store.compact(room, i, text(`snapshot ${i}`), LIMIT, T0 + i * 1000), { compacted: true });
      }
      assert.deepEqual(await store.snapshots(room), [7, 6, 5, 4, 3].map((seq) => ({ seq, at: T0 + seq * 1000 })));
      assert.deepEqual(await store.snapshot(room, 4), { seq: 4, at: T0 + 4000, data: text('snapshot 4') });
      assert.equal(await store.snapshot(room, 2), null, 'older ones are gone');
      assert.deepEqual((await store.read(room, 0, LIMIT, T0)).entries, [{ seq: 7, data: text('snapshot 7') }], 'the history is not in the entries');
    });

    it('forgets the rooms not visited since a time, and keeps those read, written or joined since', async () => {
      const [written, read, joined, compacted, forgotten] = ['store-ret-written', 'store-ret-read', 'store-ret-joined', 'store-ret-compacted', 'store-ret-forgotten'];
      // The rooms of the tests above were all visited at T0: this one counts from a year later, with them gone.
      const T0 = YEAR_LATER;
      await store.expire(T0);
      for (const room of [written, read, joined, compacted, forgotten]) await store.append(room, text(room), LIMIT, T0);
      await store.compact(forgotten, 1, text('snapshot'), LIMIT, T0);
      await store.append(written, text('later'), LIMIT, T0 + 50 * DAY);
      await store.read(read, 0, LIMIT, T0 + 50 * DAY);
      await store.touch(joined, T0 + 50 * DAY);
      await store.append(compacted, text('later'), LIMIT, T0);
      await store.compact(compacted, 2, text('snapshot'), LIMIT, T0 + 50 * DAY);
      await store.touch('store-ret-never-stored', T0 + 50 * DAY);

      assert.equal(await store.expire(T0 + 10 * DAY), 1);
      assert.deepEqual(await store.read(forgotten, 0, LIMIT, T0 + 60 * DAY), { entries: [], lastSeq: 0, more: false });
      assert.deepEqual(await store.snapshots(forgotten), [], 'its snapshots go with it');
      for (const room of [written, read, joined, compacted]) assert.ok((await store.read(room, 0, LIMIT, T0 + 50 * DAY)).entries.length > 0, room);
      assert.deepEqual(await store.append(forgotten, text('new life'), LIMIT, T0 + 60 * DAY), { appended: true, seq: 1 }, 'a forgotten room starts over');
    });
  });
}
