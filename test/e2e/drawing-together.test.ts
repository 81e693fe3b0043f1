import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { countPixels, drawLine, peerNames, pickColor } from '../support/board.js';
import { newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';

const RED = '#cf1717';
const BLUE = '#1760cf';

/** "name:state" of each participant but this page's own. */
const statesOf = (page: Page) =>
  page.evaluate(() =>
    document.querySelector<DrawRoom>('draw-room')!.participants.filter((p) => !p.local).map(({ name, state }) => `${name}:${state}`).sort(),
  );
const statusLine = (page: Page) =>
  page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim());

describe('drawing together in real Chromium pages', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());
  const openVisitor = (room: string, username: string) => stack.visit(room, username);

  it('shows a stroke drawn in page A on page B, in the same colour (checked in pixels)', async () => {
    const room = 'room-two-pages-1';
    const alice = await openVisitor(room, 'alice');
    const bob = await openVisitor(room, 'bob');
    await eventually('alice and bob see each other', async () =>
      (await peerNames(alice)).join() === 'bob' && (await peerNames(bob)).join() === 'alice');
    await eventually('each lists the other as connected directly', async () =>
      (await statesOf(alice)).join() === 'bob:direct' && (await statesOf(bob)).join() === 'alice:direct');
    assert.equal(await statusLine(alice), 'Connected · 1 peer');

    assert.equal(await countPixels(bob, RED), 0, 'bob starts with no red on his board');
    await pickColor(alice, RED);
    await drawLine(alice, [0.2, 0.5], [0.8, 0.5]);
    const drawnByAlice = await countPixels(alice, RED);
    assert.ok(drawnByAlice > 500, `alice's own stroke is painted (${drawnByAlice} px)`);
    await eventually('bob paints alice\'s stroke', async () => (await countPixels(bob, RED)) >= drawnByAlice * 0.9);
    await alice.context().close();
    await bob.context().close();
  });

  it('forms a full mesh of three pages, and keeps another room isolated', async () => {
    const room = 'room-three-pages';
    const [a, b, c] = [await openVisitor(room, 'ann'), await openVisitor(room, 'ben'), await openVisitor(room, 'cat')];
    const outsider = await openVisitor('room-elsewhere', 'dan');
    await eventually('each of three pages sees the other two', async () =>
      (await peerNames(a)).join() === 'ben,cat' &&
      (await peerNames(b)).join() === 'ann,cat' &&
      (await peerNames(c)).join() === 'ann,ben');

    await pickColor(c, BLUE);
    await drawLine(c, [0.1, 0.3], [0.9, 0.7]);
    const drawn = await countPixels(c, BLUE);
    await eventually('ann and ben paint cat\'s stroke', async () =>
      (await countPixels(a, BLUE)) >= drawn * 0.9 && (await countPixels(b, BLUE)) >= drawn * 0.9);
    assert.deepEqual(await peerNames(outsider), [], 'a page in another room has no peers');
    assert.equal(await countPixels(outsider, BLUE), 0, 'a page in another room sees nothing drawn');

    await c.context().close();
    await eventually('closing cat removes it from the others', async () =>
      (await peerNames(a)).join() === 'ben' && (await peerNames(b)).join() === 'ann');
    for (const page of [a, b, outsider]) await page.context().close();
  });

  it('serves the full-page room: / redirects to a new room whose link brings a second visitor in', async () => {
    const first = await newVisitorPage(stack.browser);
    await first.goto(`${stack.server.url}/`);
    const roomUrl = first.url();
    assert.match(new URL(roomUrl).pathname, /^\/[A-Za-z0-9_-]{22}$/);
    const second = await newVisitorPage(stack.browser);
    await second.goto(roomUrl);
    const roomIds = await Promise.all([first, second].map((page) =>
      page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.roomId)));
    assert.deepEqual(roomIds, [new URL(roomUrl).pathname.slice(1), new URL(roomUrl).pathname.slice(1)]);
    // The room page uses the default public STUN servers, unreachable here: host candidates still connect.
    await eventually('the two visitors of the shared link see each other', async () =>
      (await peerNames(first)).length === 1 && (await peerNames(second)).length === 1);
    for (const page of [first, second]) await page.context().close();
  });
});
