import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { RoomCipher } from '../../components/network/room-cipher.js';
import { boardDigest, drawLine, drawThreeStrokesTogether, itemCount, peerNames, pickColor, pickTool, unsyncedOf } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import type { RoomPageOptions } from '../support/host-page.js';
import { roomKeyFor } from '../support/room-link.js';
import { startServerPages, type ServerPages } from '../support/server-pages.js';

const RED = '#cf1717';
const BLUE = '#1760cf';


describe('the board kept on the server (persist="server", the default)', () => {
  let pages: ServerPages;
  const open = (room: string, username: string, options?: RoomPageOptions) => pages.open(room, username, options);
  before(async () => (pages = await startServerPages('e2e-board-on-server-secret-of-at-least-32-characters')));
  after(() => pages?.close());

  /** How many items the server's SQLite file holds for `room`, its entries opened as a member holding `key` would. */
  async function storedItems(room: string, key?: string): Promise<number> {
    const database = new Database(join(pages.server.dataDir, 'rooms.sqlite'), { readonly: true, fileMustExist: true });
    let rows: Array<{ data: Buffer }>;
    try {
      rows = database.prepare('SELECT data FROM entries WHERE room = ? ORDER BY seq').all(room) as Array<{ data: Buffer }>;
    } finally {
      database.close();
    }
    const cipher = key === undefined ? null : await RoomCipher.create(key, room);
    const board = new Y.Doc();
    for (const { data } of rows) {
      const update = cipher ? await cipher.open(new Uint8Array(data), { purpose: 'entry', roomId: room }) : new Uint8Array(data);
      assert.ok(update, `an entry of ${room} does not open under its key`);
      Y.applyUpdate(board, update);
    }
    return board.getArray('items').length;
  }

  /** The server's files, WAL included: where a marker would be if the server kept it readable. */
  function storedBytes(): string {
    const file = join(pages.server.dataDir, 'rooms.sqlite');
    return [file, `${file}-wal`].filter(existsSync).map((path) => readFileSync(path).toString('latin1')).join('');
  }

  async function typeText(page: Page, text: string): Promise<void> {
    await pickTool(page, 'text');
    const box = (await page.locator('draw-room').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.5);
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }

  it('gives a keyed board drawn by two pages back, pixel for pixel, to a new page after the server was killed and restarted', async () => {
    const room = 'server-board-keyed-room';
    const roomKey = roomKeyFor(room);
    const alice = await open(room, 'alice', { roomKey });
    const bob = await open(room, 'bob', { roomKey });
    await eventually('alice and bob connect', async () => (await peerNames(alice)).length === 1 && (await peerNames(bob)).length === 1);
    await drawThreeStrokesTogether(alice, bob, RED, BLUE);
    await eventually('the server holds the 3 strokes, sealed', async () => (await storedItems(room, roomKey)) === 3);
    const drawn = await boardDigest(alice);
    assert.equal(await boardDigest(bob), drawn);
    await alice.context().close();
    await bob.context().close();

    await pages.server.kill('SIGKILL');
    await pages.server.restart();
    const carol = await open(room, 'carol', { roomKey });
    await eventually('carol paints the board from the server alone', async () => (await itemCount(carol)) === 3 && (await boardDigest(carol)) === drawn, 20_000);
    assert.deepEqual(await peerNames(carol), [], 'no peer gave it');
  });

  it('counts the server as holding what a page drew alone: nothing unsynced, no peer needed', async () => {
    const room = 'server-board-alone-room';
    const page = await open(room, 'alone');
    await pickColor(page, RED);
    await drawLine(page, [0.1, 0.2], [0.8, 0.2]);
    await drawLine(page, [0.1, 0.5], [0.8, 0.5]);
    assert.equal(await itemCount(page), 2);
    await eventually('the server has both strokes, and the page knows it', async () => (await unsyncedOf(page)) === 0);
    assert.deepEqual(await peerNames(page), []);
    assert.equal(await storedItems(room), 2);
    await page.context().close();
  });

  it('sends a stroke drawn just before the page is closed: a new page, with no peer, gets it from the server', async () => {
    const room = 'server-board-closed-at-once';
    const roomKey = roomKeyFor(room);
    const leaving = await open(room, 'leaving', { roomKey });
    await pickColor(leaving, RED);
    await drawLine(leaving, [0.1, 0.3], [0.8, 0.6]);
    // Far sooner than the batch's 500 ms: only the flush as the page goes can save the stroke on the server.
    await leaving.close();
    const next = await open(room, 'next', { roomKey });
    await eventually('the new page paints the stroke', async () => (await itemCount(next)) === 1, 20_000);
    assert.deepEqual(await peerNames(next), [], 'no peer gave it: it came from the server');
    assert.equal(await storedItems(room, roomKey), 1);
    await next.context().close();
  });

  it('keeps text typed on a keyed board out of the server\'s file, which holds an unkeyed board\'s text as typed', async () => {
    const sealedMarker = 'sealed-marker-7d1f3b';
    const plainMarker = 'plain-marker-4a9c2e';
    const keyedRoom = 'server-board-marker-keyed';
    const plainRoom = 'server-board-marker-plain';
    const keyed = await open(keyedRoom, 'writer', { roomKey: roomKeyFor(keyedRoom) });
    const plain = await open(plainRoom, 'writer');
    await typeText(keyed, sealedMarker);
    await typeText(plain, plainMarker);
    await eventually('both boards are stored', async () =>
      (await storedItems(keyedRoom, roomKeyFor(keyedRoom))) === 1 && (await storedItems(plainRoom)) === 1);
    const bytes = storedBytes();
    assert.ok(bytes.includes(plainMarker), 'the check can see text stored as it is');
    assert.ok(!bytes.includes(sealedMarker), 'the keyed board\'s text is ciphertext on the server');
    await keyed.context().close();
    await plain.context().close();
  });
});
