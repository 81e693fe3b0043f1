import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import type { DrawRoom } from '../../components/elements/draw-room.js';
import { RoomCipher } from '../../components/network/room-cipher.js';
import { randomId } from '../../protocol/random-id.js';
import { STORED_ENTRIES } from '../../server/storage/redis-room-scripts.js';
import { boardDigest, drawLine, peerNames, pickColor, pickTool, unsyncedOf } from '../support/board.js';
import { launchChromium, newVisitorContext } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { statusOf } from '../support/e2e-stack.js';
import { RedisServer } from '../support/redis-server.js';
import { roomKeyFor, roomLink } from '../support/room-link.js';
import { ServerProcess } from '../support/server-process.js';

// Issue 15 with several instances: the board lives in the Redis they share, so it must survive both instances
// crashing, Redis itself restarting (from its append-only file), and the widgets' reconnects, with every item
// once: what arrives from the store, the device and the peers is the same Yjs items, merged, never added twice.

const RED = '#cf1717';
const BLUE = '#1760cf';
const GREEN = '#17cf60';
const SECRET = 'e2e-board-on-redis-secret-of-at-least-32-characters';

const itemIds = (page: Page) => page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.drawing.items.map((item) => item.id));

/** What the room's stored entries hold once opened under its key and merged: the items' ids, and Yjs structs stored twice. */
interface StoredBoard {
  itemIds: string[];
  /** `client:clock` of every Yjs struct that more than one entry carries (the same change appended twice). */
  repeated: string[];
}

describe('the board kept in Redis by two instances', () => {
  const redisDir = mkdtempSync(join(tmpdir(), 'draw-room-redis-aof-'));
  let redis: RedisServer;
  let reader: Redis;
  const instances: ServerProcess[] = [];
  let browser: Browser;
  before(async () => {
    redis = await RedisServer.start({ appendOnlyDir: redisDir });
    reader = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    for (let i = 0; i < 2; i++) instances.push(await ServerProcess.start(SECRET, 'built', { REDIS_URL: redis.url }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    for (const instance of instances) await instance.kill();
    reader?.disconnect();
    await redis?.stop();
    rmSync(redisDir, { recursive: true, force: true });
  });

  /** The room's link (key in the fragment) opened on `instance` in a browser profile of its own: nothing comes from another's device. */
  async function open(instance: number, room: string): Promise<Page> {
    const context = await newVisitorContext(browser);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    await page.goto(roomLink(instances[instance]!.url, room));
    await eventually(`a page on instance ${instance + 1} connects`, async () => (await statusOf(page)) === 'connected', 30_000);
    return page;
  }

  /** Alice on instance 1 and Bob on instance 2 in `room`, once they reach each other across the instances. */
  async function openAcrossInstances(room: string): Promise<[alice: Page, bob: Page]> {
    const alice = await open(0, room);
    const bob = await open(1, room);
    await eventually('alice and bob reach each other across the instances', async () =>
      (await peerNames(alice)).length === 1 && (await peerNames(bob)).length === 1, 30_000);
    return [alice, bob];
  }

  /** The room's entries as Redis holds them (server/storage/redis-room-scripts.ts), opened as a member holding its key would. */
  async function storedBoard(room: string): Promise<StoredBoard> {
    const entries = await reader.lrangeBuffer(`${STORED_ENTRIES}${room}`, 0, -1);
    const cipher = await RoomCipher.create(roomKeyFor(room), room);
    const board = new Y.Doc();
    const seen = new Set<string>();
    const repeated: string[] = [];
    for (const entry of entries) {
      const update = await cipher.open(new Uint8Array(entry), { purpose: 'entry', roomId: room });
      assert.ok(update, `an entry of ${room} does not open under its key`);
      for (const struct of Y.decodeUpdate(update).structs) {
        const id = `${struct.id.client}:${struct.id.clock}`;
        if (seen.has(id)) repeated.push(id);
        seen.add(id);
      }
      Y.applyUpdate(board, update);
    }
    return { itemIds: board.getArray<{ id: string }>('items').toArray().map((item) => item.id), repeated };
  }

  async function typeText(page: Page, text: string): Promise<void> {
    await pickTool(page, 'text');
    const box = (await page.locator('draw-room canvas.live').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.5);
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    await pickTool(page, 'pen');
  }

  /** Waits until every page holds `count` items, none unsynced, and Redis holds them too. */
  async function settled(room: string, pages: Page[], count: number): Promise<void> {
    await eventually(`every page holds the ${count} items`, async () => {
      for (const page of pages) if ((await itemIds(page)).length !== count) return false;
      return true;
    }, 20_000);
    await eventually('no page has unsynced changes', async () => {
      for (const page of pages) if ((await unsyncedOf(page)) !== 0) return false;
      return true;
    }, 20_000);
    await eventually(`Redis holds the ${count} items`, async () => (await storedBoard(room)).itemIds.length === count, 20_000);
  }

  const sorted = (ids: string[]) => [...ids].sort();

  function assertOnce(ids: string[], drawn: string[], what: string): void {
    assert.equal(new Set(ids).size, ids.length, `${what}: no item twice (${ids.join(', ')})`);
    assert.deepEqual(sorted(ids), sorted(drawn), `${what}: exactly the items drawn`);
  }

  it('gives a keyed board drawn on both instances back, pixel for pixel and nothing doubled, after both instances and Redis were killed and restarted', async () => {
    const room = randomId();
    const [alice, bob] = await openAcrossInstances(room);
    await pickColor(alice, RED);
    await drawLine(alice, [0.1, 0.2], [0.8, 0.25]);
    await drawLine(alice, [0.1, 0.4], [0.7, 0.3]);
    await pickColor(bob, BLUE);
    await drawLine(bob, [0.2, 0.7], [0.9, 0.6]);
    await typeText(bob, 'kept in redis');
    await settled(room, [alice, bob], 4);
    const drawn = await itemIds(alice);
    const digest = await boardDigest(alice);
    await eventually('bob shows the same board', async () => (await boardDigest(bob)) === digest);
    await alice.context().close();
    await bob.context().close();

    for (const instance of instances) await instance.kill('SIGKILL');
    await redis.stop();
    await redis.restart();
    for (const instance of instances) await instance.restart();

    const carol = await open(1, room);
    await eventually('carol paints the board from Redis alone', async () =>
      (await itemIds(carol)).length === drawn.length && (await boardDigest(carol)) === digest, 20_000);
    assertOnce(await itemIds(carol), drawn, 'carol\'s board');
    assert.deepEqual(await peerNames(carol), [], 'no peer gave it');
    await carol.context().close();
  });

  it('loses and doubles nothing when Redis restarts under two drawing pages: a new page and the stored entries hold every stroke once', async () => {
    const room = randomId();
    const [alice, bob] = await openAcrossInstances(room);
    await pickColor(alice, RED);
    await drawLine(alice, [0.1, 0.2], [0.8, 0.25]);
    await pickColor(bob, BLUE);
    await drawLine(bob, [0.2, 0.7], [0.9, 0.6]);
    await settled(room, [alice, bob], 2);

    // Each page notes its statuses from here on: a restarted Redis makes the instances start their streams over.
    for (const page of [alice, bob]) {
      await page.evaluate(() => {
        const seen: string[] = [];
        window.statuses = seen;
        document.querySelector<DrawRoom>('draw-room')!.addEventListener('draw-room-status', (event) => seen.push(event.detail.status));
      });
    }
    await redis.stop();
    await redis.restart();
    for (const [name, page] of [['alice', alice], ['bob', bob]] as const) {
      await eventually(`${name}'s widget reconnected after the restart`, async () => {
        const seen = await page.evaluate(() => window.statuses ?? []);
        return seen.includes('reconnecting') && (await statusOf(page)) === 'connected';
      }, 30_000);
    }
    await eventually('alice and bob reach each other again', async () =>
      (await peerNames(alice)).length === 1 && (await peerNames(bob)).length === 1, 30_000);

    await pickColor(alice, GREEN);
    await drawLine(alice, [0.1, 0.5], [0.8, 0.55]);
    await drawLine(bob, [0.3, 0.85], [0.9, 0.8]);
    await settled(room, [alice, bob], 4);
    const drawn = await itemIds(alice);
    const digest = await boardDigest(alice);

    // Carol gets the board from Redis and from both peers at once: the same items, merged, once.
    const carol = await open(0, room);
    await eventually('carol holds the board', async () =>
      (await itemIds(carol)).length === drawn.length && (await boardDigest(carol)) === digest, 20_000);
    assertOnce(await itemIds(carol), drawn, 'carol\'s board');
    assertOnce(await itemIds(bob), drawn, 'bob\'s board');
    const stored = await storedBoard(room);
    assertOnce(stored.itemIds, drawn, 'the stored entries');
    assert.deepEqual(stored.repeated, [], 'no change is stored in two entries');
    for (const page of [alice, bob, carol]) await page.context().close();
  });

  it('shows each item once on a page reloaded among peers, which gets them from its device, the server and a peer', async () => {
    const room = randomId();
    const [alice, bob] = await openAcrossInstances(room);
    await pickColor(alice, RED);
    await drawLine(alice, [0.1, 0.2], [0.8, 0.25]);
    await pickColor(bob, BLUE);
    await drawLine(bob, [0.2, 0.7], [0.9, 0.6]);
    await typeText(alice, 'reloaded');
    await settled(room, [alice, bob], 3);
    const drawn = await itemIds(bob);
    const digest = await boardDigest(bob);

    await alice.reload();
    await eventually('alice is back with bob', async () =>
      (await statusOf(alice)) === 'connected' && (await peerNames(alice)).length === 1, 30_000);
    await eventually('alice shows the board again', async () =>
      (await itemIds(alice)).length === drawn.length && (await boardDigest(alice)) === digest, 20_000);
    assertOnce(await itemIds(alice), drawn, 'alice\'s reloaded board');
    assertOnce(await itemIds(bob), drawn, 'bob\'s board');
    const stored = await storedBoard(room);
    assertOnce(stored.itemIds, drawn, 'the stored entries');
    assert.deepEqual(stored.repeated, [], 'the reloaded page sent up none of what its device brought back and the server held');
    for (const page of [alice, bob]) await page.context().close();
  });
});
