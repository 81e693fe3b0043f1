import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import type { EntriesAnswer, SnapshotAnswer, SnapshotInfo } from '../../protocol/room-entries.js';
import type { StorageOptions } from '../../server/app.js';
import { connectRedis, type RedisServices } from '../../server/redis/connection.js';
import { SQLITE_FILE_NAME, SqliteRoomStore } from '../../server/storage/sqlite-room-store.js';
import { eventually } from '../support/eventually.js';
import { FakeClock } from '../support/fake-clock.js';
import { RedisServer } from '../support/redis-server.js';
import { SignalingServer, errorOf, widgetOf, type Visitor } from '../support/signaling-server.js';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bytesOf = (data: string) => new Uint8Array(Buffer.from(data, 'base64'));

/** A real server keeping boards in a real SQLite file in a directory of its own. */
async function boardServer(storage: Partial<StorageOptions> = {}, options: Parameters<typeof SignalingServer.start>[0] = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'draw-room-entries-'));
  const store = SqliteRoomStore.open(dir);
  const server = await SignalingServer.start({ storage: { store, ...storage }, ...options });
  return {
    server,
    file: join(dir, SQLITE_FILE_NAME),
    close: async () => {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The API of a room's board, as the widget will speak it. */
class Board {
  constructor(
    private readonly server: SignalingServer,
    readonly roomId: string,
  ) {}

  append(visitor: Visitor, data: Uint8Array | string): Promise<Response> {
    return this.server.post(`/${this.roomId}/entries`, { member: visitor.key, data: typeof data === 'string' ? data : base64(data) }, visitor.token);
  }

  async appended(visitor: Visitor, data: Uint8Array): Promise<number> {
    const response = await this.append(visitor, data);
    assert.equal(response.status, 200, await response.clone().text());
    return ((await response.json()) as { seq: number }).seq;
  }

  get(visitor: Visitor, path: string, query = ''): Promise<Response> {
    return this.server.request(`/${this.roomId}${path}?member=${encodeURIComponent(visitor.key)}${query}`, { headers: { Authorization: `Bearer ${visitor.token}` } });
  }

  async read(visitor: Visitor, after?: number): Promise<EntriesAnswer> {
    const response = await this.get(visitor, '/entries', after === undefined ? '' : `&after=${after}`);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as EntriesAnswer;
  }

  /** Every entry, page after page, as a reader that starts from nothing gets them. */
  async readAll(visitor: Visitor): Promise<EntriesAnswer['entries']> {
    const entries: EntriesAnswer['entries'] = [];
    let after = 0;
    for (;;) {
      const page = await this.read(visitor, after);
      entries.push(...page.entries);
      if (!page.more) return entries;
      after = page.entries.at(-1)!.seq;
    }
  }

  compact(visitor: Visitor, upto: unknown, data: Uint8Array | string): Promise<Response> {
    return this.server.post(`/${this.roomId}/compact`, { member: visitor.key, upto, data: typeof data === 'string' ? data : base64(data) }, visitor.token);
  }
}

/** For the tests of what is stored rather than how fast: members here append and compact back to back. */
const UNTHROTTLED_BOARD_WRITES = { boardWritesPerSecond: 1_000_000, boardBytesPerSecond: 1024 ** 3, boardBytesBurst: 1024 ** 3 };

/** A visitor whose widget is in `roomId`. */
async function member(server: SignalingServer, name: string, roomId: string, keepsBoards = true): Promise<Visitor> {
  const visitor = await server.visitor(name);
  const joined = await server.join(visitor, roomId);
  const answer = await joined.text();
  assert.equal(joined.status, 200, answer);
  // The join tells the widget whether this server keeps boards: it asks for its room's entries only then.
  assert.equal((JSON.parse(answer) as { storage?: unknown }).storage, keepsBoards);
  return visitor;
}

/**
 * Two members, each appending its own Yjs updates as the widget will, compact the room while both keep appending:
 * each reads everything, merges it and swaps the merge in up to the last seq it read. Rounds try each order: the
 * later reader first (the other's compaction is stale: 409), the earlier reader first (both go through), and both
 * at once. Every update must be in the room once at the end.
 */
async function raceCompactions(boards: [Board, Board], visitors: [Visitor, Visitor]): Promise<void> {
  const docs = [new Y.Doc(), new Y.Doc()];
  const written: string[] = [];
  const appendItem = async (who: 0 | 1, name: string) => {
    let update: Uint8Array | null = null;
    docs[who]!.once('update', (u: Uint8Array) => (update = u));
    docs[who]!.getArray<string>('items').push([name]);
    written.push(name);
    await boards[who].appended(visitors[who], update!);
  };
  /** Reads and merges; the compaction is sent when the returned function is called. */
  const prepare = async (who: 0 | 1) => {
    const entries = await boards[who].readAll(visitors[who]);
    const snapshot = Y.mergeUpdates(entries.map((e) => bytesOf(e.data)));
    return async () => {
      const response = await boards[who].compact(visitors[who], entries.at(-1)!.seq, snapshot);
      const answer = await response.text();
      assert.ok(response.status === 200 || (response.status === 409 && /compacted-meanwhile/.test(answer)), `${response.status} ${answer}`);
      return response.status;
    };
  };
  for (let round = 0; round < 9; round++) {
    for (let i = 0; i < 3; i++) {
      await appendItem(0, `a${round}.${i}`);
      await appendItem(1, `b${round}.${i}`);
    }
    const early = await prepare(0);
    await appendItem(1, `b${round}.between`);
    const late = await prepare(1);
    const appending = Promise.all([appendItem(0, `a${round}.during`), appendItem(1, `b${round}.during`)]);
    if (round % 3 === 0) assert.deepEqual([await late(), await early()], [200, 409], 'the earlier read is stale once the later one is in');
    else if (round % 3 === 1) assert.deepEqual([await early(), await late()], [200, 200], 'the later read covers the earlier snapshot and more');
    else assert.ok((await Promise.all([early(), late()])).includes(200));
    await appending;
  }
  const loaded = new Y.Doc();
  for (const entry of await boards[0].readAll(visitors[0])) Y.applyUpdate(loaded, bytesOf(entry.data));
  assert.deepEqual(loaded.getArray<string>('items').toArray().sort(), written.sort(), 'every update survives, once');
}

describe('a room’s stored board over HTTP (GET/POST /:roomId/entries, /compact, /snapshots)', () => {
  let stack: Awaited<ReturnType<typeof boardServer>>;
  let server: SignalingServer;
  before(async () => ({ server } = stack = await boardServer({}, { limits: UNTHROTTLED_BOARD_WRITES })));
  after(() => stack.close());

  it('gives a member back the entries appended, byte for byte, in order, after any seq', async () => {
    const board = new Board(server, 'entries-round-trip');
    const alice = await member(server, 'alice', board.roomId);
    const every = new Uint8Array(256).map((_, i) => i);
    assert.equal(await board.appended(alice, every), 1);
    assert.equal(await board.appended(alice, new TextEncoder().encode('second')), 2);
    assert.equal(await board.appended(alice, new Uint8Array([0])), 3);
    const bob = await member(server, 'bob', board.roomId);
    const all = await board.read(bob);
    assert.deepEqual(all, { entries: [{ seq: 1, data: base64(every) }, { seq: 2, data: 'c2Vjb25k' }, { seq: 3, data: 'AA==' }], lastSeq: 3 }, 'a later member reads what an earlier one stored');
    assert.deepEqual(await board.read(bob, 2), { entries: [{ seq: 3, data: 'AA==' }], lastSeq: 3 });
    assert.deepEqual(await board.read(bob, 3), { entries: [], lastSeq: 3 });
    assert.deepEqual(await new Board(server, 'entries-round-trip-empty').read(await member(server, 'carol', 'entries-round-trip-empty')), { entries: [], lastSeq: 0 });
  });

  it('pages a large board at about 4 MB an answer, saying `more` until the last page', async () => {
    const board = new Board(server, 'entries-paging');
    const alice = await member(server, 'alice', board.roomId);
    const megabyte = 1024 * 1024;
    for (let i = 1; i <= 5; i++) await board.appended(alice, new Uint8Array(megabyte).fill(i));
    const first = await board.read(alice);
    assert.deepEqual(first.entries.map((e) => e.seq), [1, 2, 3, 4]);
    assert.equal(first.more, true);
    const second = await board.read(alice, 4);
    assert.deepEqual(second.entries.map((e) => e.seq), [5]);
    assert.equal(second.more, undefined);
    const all = await board.readAll(alice);
    assert.deepEqual(all.map((e) => bytesOf(e.data)[0]), [1, 2, 3, 4, 5]);
    assert.ok(all.every((e) => bytesOf(e.data).length === megabyte));
  });

  it('refuses an entry over 1 MB, and what is not base64, with what is wrong', async () => {
    const board = new Board(server, 'entries-bad-data');
    const alice = await member(server, 'alice', board.roomId);
    const tooBig = await board.append(alice, new Uint8Array(1024 * 1024 + 1));
    assert.equal(tooBig.status, 413);
    for (const data of ['', 'abc', 'YQ', 'YQ=', 'Y Q==', 'ab!=', '====', 'YR==', 42, null]) {
      const response = await server.post(`/${board.roomId}/entries`, { member: alice.key, data }, alice.token);
      assert.equal(response.status, 400, JSON.stringify(data));
      assert.match(await errorOf(response), /data/);
    }
    assert.deepEqual(await board.read(alice), { entries: [], lastSeq: 0 }, 'nothing refused was stored');
  });

  it('refuses a missing or malformed member key, seq or upto with 400 and a bad room id with 404', async () => {
    const board = new Board(server, 'entries-bad-params');
    const alice = await member(server, 'alice', board.roomId);
    await board.appended(alice, new Uint8Array([1]));
    const auth = { Authorization: `Bearer ${alice.token}` };
    for (const query of ['', '?member=', '?member=x', `?member=${'k'.repeat(40)}`]) {
      const response = await server.request(`/${board.roomId}/entries${query}`, { headers: auth });
      assert.equal(response.status, 400, query);
      assert.match(await errorOf(response), /member/);
    }
    for (const after of ['-1', 'x', '1.5', '1e3', '']) {
      const response = await board.get(alice, '/entries', `&after=${after}`);
      assert.equal(response.status, 400, after);
      assert.match(await errorOf(response), /after/);
    }
    const noMember = await server.post(`/${board.roomId}/entries`, { data: 'AA==' }, alice.token);
    assert.equal(noMember.status, 400);
    for (const upto of [0, -1, 1.5, '1', null, undefined]) {
      const response = await board.compact(alice, upto, 'AA==');
      assert.equal(response.status, 400, String(upto));
      assert.match(await errorOf(response), /upto/);
    }
    assert.equal((await board.get(alice, '/snapshots/x')).status, 400);
    assert.equal((await server.request(`/no/entries?member=${alice.key}`, { headers: auth })).status, 404);
    assert.equal((await server.request(`/${board.roomId}/entries?member=${alice.key}`)).status, 401, 'no token');
  });

  it('lets only a widget in the room now read or write its board: 403 for anyone else', async () => {
    const board = new Board(server, 'entries-members-only');
    const alice = await member(server, 'alice', board.roomId);
    await board.appended(alice, new TextEncoder().encode('secret-ish'));
    await board.compact(alice, 1, new TextEncoder().encode('snapshot'));
    const eve = await member(server, 'eve', 'entries-eves-own-room');
    const eveElsewhere = widgetOf(eve, 'widget-never-joined');
    for (const visitor of [eve, eveElsewhere]) {
      for (const response of [
        await board.get(visitor, '/entries'),
        await board.get(visitor, '/snapshots'),
        await board.get(visitor, '/snapshots/1'),
        await board.append(visitor, 'AA=='),
        await board.compact(visitor, 1, 'AA=='),
      ]) {
        assert.equal(response.status, 403, response.url);
        const error = await errorOf(response);
        assert.match(error, /is not in room entries-members-only: join the room/);
        assert.doesNotMatch(error, /secret|snapshot/);
      }
    }
    // Eve naming Alice's member key is still Eve's own widget: the member id is made from her token's user.
    assert.equal((await board.get({ ...eve, key: alice.key }, '/entries')).status, 403);
    assert.equal((await server.leave(alice, board.roomId)).status, 200);
    assert.equal((await board.get(alice, '/entries')).status, 403, 'a widget that left reads no more');
    assert.equal((await board.read(await member(server, 'bob', board.roomId))).lastSeq, 1, 'the board stays for the next visitor');
  });

  it('replaces the entries up to a seq by one snapshot, keeps those after, and refuses one a compaction already covers', async () => {
    const board = new Board(server, 'entries-compact');
    const alice = await member(server, 'alice', board.roomId);
    for (let i = 1; i <= 5; i++) await board.appended(alice, new Uint8Array([i]));
    const compacted = await board.compact(alice, 3, new Uint8Array([1, 2, 3]));
    assert.equal(compacted.status, 200);
    assert.deepEqual(await compacted.json(), { seq: 3 });
    assert.deepEqual(await board.read(alice), { entries: [{ seq: 3, data: base64(new Uint8Array([1, 2, 3])) }, { seq: 4, data: 'BA==' }, { seq: 5, data: 'BQ==' }], lastSeq: 5 });
    const stale = await board.compact(alice, 2, new Uint8Array([1, 2]));
    assert.equal(stale.status, 409);
    assert.deepEqual(await stale.json(), { error: 'room entries-compact was compacted up to 3 meanwhile: read its entries again', code: 'compacted-meanwhile' });
    const beyond = await board.compact(alice, 6, new Uint8Array([9]));
    assert.equal(beyond.status, 400);
    assert.match(await errorOf(beyond), /past room entries-compact's last entry \(5\)/);
  });

  it('loses no update when two members compact at once while others keep appending', async () => {
    const roomId = 'entries-compaction-race';
    const alice = await member(server, 'alice', roomId);
    const bob = await member(server, 'bob', roomId);
    await raceCompactions([new Board(server, roomId), new Board(server, roomId)], [alice, bob]);
  });

  it('serves an entry corrupted in the database as it is stored, and the others intact', async () => {
    const board = new Board(server, 'entries-corrupted');
    const alice = await member(server, 'alice', board.roomId);
    for (const text of ['first', 'second', 'third']) await board.appended(alice, new TextEncoder().encode(text));
    const db = new Database(stack.file);
    db.prepare('UPDATE entries SET data = ? WHERE room = ? AND seq = 2').run(Buffer.from([0xff, 0x00, 0xfe]), board.roomId);
    db.close();
    const { entries } = await board.read(alice);
    assert.deepEqual(
      entries.map((e) => Buffer.from(e.data, 'base64').toString('latin1')),
      ['first', '\xff\x00\xfe', 'third'],
      'the server never opens entries: what does not open is the widget’s to skip',
    );
  });

  it('keeps the last five snapshots with their times, for a member to list and fetch', async () => {
    const clock = new FakeClock(Date.UTC(2026, 5, 1));
    const timed = await boardServer({}, { clock });
    try {
      const board = new Board(timed.server, 'entries-snapshots');
      const alice = await member(timed.server, 'alice', board.roomId);
      const times: number[] = [];
      for (let i = 1; i <= 7; i++) {
        await board.appended(alice, new Uint8Array([i]));
        clock.advance(60_000);
        times.push(clock.now());
        assert.equal((await board.compact(alice, i, new TextEncoder().encode(`snapshot ${i}`))).status, 200);
      }
      const list = (await (await board.get(alice, '/snapshots')).json()) as SnapshotInfo[];
      assert.deepEqual(list, [7, 6, 5, 4, 3].map((seq) => ({ seq, at: times[seq - 1] })));
      const fifth = (await (await board.get(alice, '/snapshots/5')).json()) as SnapshotAnswer;
      assert.deepEqual(fifth, { seq: 5, at: times[4], data: base64(new TextEncoder().encode('snapshot 5')) });
      const gone = await board.get(alice, '/snapshots/2');
      assert.equal(gone.status, 404);
      assert.match(await errorOf(gone), /keeps no snapshot 2/);
    } finally {
      await timed.close();
    }
  });

  it('answers 413 room-too-large, in words the widget can show, once the room would pass MAX_ROOM_BYTES', async () => {
    const small = await boardServer({ maxRoomBytes: 100_000 });
    try {
      const board = new Board(small.server, 'entries-room-limit');
      const alice = await member(small.server, 'alice', board.roomId);
      assert.equal(await board.appended(alice, new Uint8Array(60_000)), 1);
      const refused = await board.append(alice, new Uint8Array(50_000));
      assert.equal(refused.status, 413);
      assert.deepEqual(await refused.json(), { error: 'This board is too large to save (110000 bytes, at most 100000)', code: 'room-too-large', limit: 100_000 });
      assert.equal(await board.appended(alice, new Uint8Array(40_000)), 2, 'up to the limit itself is fine');
      const bigSnapshot = await board.compact(alice, 1, new Uint8Array(70_000));
      assert.equal(bigSnapshot.status, 413);
      assert.equal(((await bigSnapshot.json()) as { code: string }).code, 'room-too-large');
      assert.equal((await board.compact(alice, 2, new Uint8Array(1000))).status, 200, 'a compaction that shrinks the room goes through');
      assert.equal(await board.appended(alice, new Uint8Array(50_000)), 3);
    } finally {
      await small.close();
    }
  });

  it('forgets a room not visited for ROOM_RETENTION_DAYS, on its own clock, and keeps one visited meanwhile', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const lines: Array<{ event: string; fields: Record<string, unknown> }> = [];
    const days = (n: number) => n * 24 * 3600 * 1000;
    const timed = await boardServer({ retentionDays: 90 }, { clock, log: (event, fields = {}) => lines.push({ event, fields }) });
    try {
      const kept = new Board(timed.server, 'entries-retention-kept');
      const gone = new Board(timed.server, 'entries-retention-gone');
      const alice = await member(timed.server, 'alice', kept.roomId);
      const aliceOther = widgetOf(alice, 'widget-other');
      assert.equal((await timed.server.join(aliceOther, gone.roomId)).status, 200);
      await kept.appended(alice, new Uint8Array([1]));
      await gone.appended(aliceOther, new Uint8Array([2]));

      clock.advance(days(60));
      // A join is a visit: 60 days in, someone opens the kept room and leaves.
      await member(timed.server, 'bob', kept.roomId);
      clock.advance(days(31));
      await eventually('the sweep has logged', () => lines.some((l) => l.event === 'rooms-expired'));
      assert.deepEqual(lines.filter((l) => l.event === 'rooms-expired').map((l) => l.fields), [{ count: 1, retentionDays: 90 }]);

      const carol = await member(timed.server, 'carol', kept.roomId);
      assert.deepEqual((await kept.read(carol)).entries, [{ seq: 1, data: 'AQ==' }], 'visited 31 days ago: kept');
      const carolOther = widgetOf(carol, 'widget-other');
      assert.equal((await timed.server.join(carolOther, gone.roomId)).status, 200);
      assert.deepEqual(await gone.read(carolOther), { entries: [], lastSeq: 0 }, 'not visited for 91 days: forgotten');
    } finally {
      await timed.close();
    }
  });

  it('answers the 11th append or compaction of a member within a second 429 with Retry-After, and takes its append a second later', async () => {
    const clock = new FakeClock();
    const timed = await boardServer({}, { clock });
    try {
      const board = new Board(timed.server, 'entries-rate-limit');
      const alice = await member(timed.server, 'alice', board.roomId);
      const bob = await member(timed.server, 'bob', board.roomId);
      for (let i = 1; i <= 9; i++) assert.equal(await board.appended(alice, new Uint8Array([i])), i);
      assert.equal((await board.compact(alice, 9, new Uint8Array([0]))).status, 200, 'a compaction is the 10th write');
      const refused = await board.append(alice, new Uint8Array([11]));
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.deepEqual(await refused.json(), {
        error: `too many writes to the board of room ${board.roomId} by member ${alice.member.id}: at most 10 appends and compactions a second on average`,
      });
      assert.equal((await board.compact(alice, 9, new Uint8Array([0]))).status, 429, 'compactions count with appends');
      assert.equal(await board.appended(bob, new Uint8Array([12])), 10, 'per member: another member of the room is not held back');
      clock.advance(1000);
      assert.equal(await board.appended(alice, new Uint8Array([11])), 11, 'taken after Retry-After');
      assert.deepEqual((await board.readAll(bob)).map((entry) => entry.seq), [9, 10, 11], 'the refused append stored nothing');
    } finally {
      await timed.close();
    }
  });

  it('answers 429 past a member\'s BOARD_BYTES_PER_SECOND, with the wait its bytes need, and counts a snapshot larger than the burst as the burst', async () => {
    const clock = new FakeClock();
    const limits = { boardBytesPerSecond: 64 * 1024, boardBytesBurst: 128 * 1024 };
    const timed = await boardServer({}, { clock, limits });
    try {
      const board = new Board(timed.server, 'entries-bytes-limit');
      const alice = await member(timed.server, 'alice', board.roomId);
      assert.equal(await board.appended(alice, new Uint8Array(100 * 1024)), 1);
      const refused = await board.append(alice, new Uint8Array(100 * 1024));
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '2', '72 KB more at 64 KB a second');
      assert.match(await errorOf(refused), /at most 65536 bytes a second on average/);
      clock.advance(2000);
      assert.equal(await board.appended(alice, new Uint8Array(100 * 1024)), 2);
      clock.advance(10_000);
      assert.equal((await board.compact(alice, 2, new Uint8Array(300 * 1024))).status, 200, 'a full bucket takes a snapshot larger than the burst');
    } finally {
      await timed.close();
    }
  });

  it('answers 404 no-storage on a server that keeps no boards', async () => {
    const bare = await SignalingServer.start();
    try {
      const alice = await member(bare, 'alice', 'entries-no-storage', false);
      const response = await new Board(bare, 'entries-no-storage').append(alice, 'AA==');
      assert.equal(response.status, 404);
      assert.deepEqual(await response.json(), { error: 'this server keeps no boards', code: 'no-storage' });
    } finally {
      await bare.close();
    }
  });
});

describe('a room’s stored board shared by two instances through Redis', () => {
  let redis: RedisServer;
  const instances: Array<{ server: SignalingServer; services: RedisServices }> = [];
  before(async () => {
    redis = await RedisServer.start();
    for (let i = 0; i < 2; i++) {
      const services = connectRedis(redis.url, () => {});
      await services.ready;
      const server = await SignalingServer.start({ bus: services.bus, rooms: services.rooms, storage: { store: services.roomStore }, limits: UNTHROTTLED_BOARD_WRITES });
      instances.push({ server, services });
    }
  });
  after(async () => {
    for (const { server, services } of instances) {
      await server.close();
      await services.close({ handOverMs: 0 });
    }
    await redis.stop();
  });

  it('reads on one instance what a member of the room appended on the other, and refuses a non-member on either', async () => {
    const [a, b] = instances.map((instance) => instance.server) as [SignalingServer, SignalingServer];
    const roomId = 'entries-redis-shared';
    const alice = await member(a, 'alice', roomId);
    const bob = await member(b, 'bob', roomId);
    assert.equal(await new Board(a, roomId).appended(alice, new Uint8Array([1, 2, 3])), 1);
    assert.deepEqual(await new Board(b, roomId).read(bob), { entries: [{ seq: 1, data: 'AQID' }], lastSeq: 1 });
    const eve = await member(b, 'eve', 'entries-redis-elsewhere');
    assert.equal((await new Board(b, roomId).get(eve, '/entries')).status, 403);
  });

  it('loses no update when members on both instances compact at once while others keep appending', async () => {
    const [a, b] = instances.map((instance) => instance.server) as [SignalingServer, SignalingServer];
    const roomId = 'entries-redis-race';
    const alice = await member(a, 'alice', roomId);
    const bob = await member(b, 'bob', roomId);
    await raceCompactions([new Board(a, roomId), new Board(b, roomId)], [alice, bob]);
  });
});
