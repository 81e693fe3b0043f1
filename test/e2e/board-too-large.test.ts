import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { DrawRoom } from '../../components/elements/draw-room.js';
import { DrawingDocument } from '../../components/drawing/document.js';
import { drawLine, itemCount, unsyncedOf } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import { seededRandom } from '../support/redis-cluster.js';
import { roomKeyFor } from '../support/room-link.js';
import { startServerPages, type ServerPages } from '../support/server-pages.js';

/** The least MAX_ROOM_BYTES the server takes: a board of a few hundred KB is over it. */
const MAX_ROOM_BYTES = 64 * 1024;

const statusLine = (page: Page) => page.locator('draw-room [part="status"]').innerText();

/** A snapshot() of `strokes` scribbles of 1,000 random points each: about 8 bytes a point, far over the room's limit. */
function largeBoard(strokes: number): Uint8Array {
  const random = seededRandom(15);
  const board = new DrawingDocument();
  for (let stroke = 0; stroke < strokes; stroke++) {
    const points = Array.from({ length: 3000 }, (_, index) => (index % 3 === 2 ? 0.5 : Math.round(random() * 1500)));
    board.addItem({ id: `scribble-${stroke}`, author: 'host', kind: 'stroke', color: '#1760cf', width: 2 }, points);
  }
  return board.snapshot();
}

describe('a board larger than the server keeps (MAX_ROOM_BYTES)', () => {
  let pages: ServerPages;
  before(async () => (pages = await startServerPages('e2e-board-too-large-secret-of-at-least-32-characters', { MAX_ROOM_BYTES: String(MAX_ROOM_BYTES) })));
  after(() => pages?.close());

  it('says so in the status line and in an error, and keeps every item on the device through a reload', async () => {
    const room = 'board-too-large-room';
    const errors: string[] = [];
    const page = await pages.open(room, 'host', { roomKey: roomKeyFor(room) }, async (page) => {
      await page.exposeFunction('reportError', (message: string) => errors.push(message));
      await page.addInitScript(() => addEventListener('draw-room-error', (event) => window.reportError?.(event.detail.message)));
    });
    await drawLine(page, [0.1, 0.2], [0.8, 0.25]);
    await eventually('the stroke is saved: nothing unsynced', async () => (await unsyncedOf(page)) === 0);

    const snapshot = [...largeBoard(40)];
    assert.ok(snapshot.length > 2 * MAX_ROOM_BYTES, `the board (${snapshot.length} B) is well over the limit`);
    await page.evaluate((bytes) => document.querySelector<DrawRoom>('draw-room')!.load(new Uint8Array(bytes)), snapshot);
    await eventually('the status line says the board is too large to save', async () => /This board is too large to save on the server/.test(await statusLine(page)));
    assert.ok(errors.some((message) => /This board is too large to save on the server: new changes stay on this device/.test(message)), errors.join('\n'));
    assert.equal(await itemCount(page), 41, 'everything stays on the board');

    await page.reload();
    await eventually('the reloaded page paints all 41 items from the device', async () => (await itemCount(page)) === 41, 20_000);
    await page.context().close();
  });
});
