import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { randomId } from '../../protocol/random-id.js';
import { countPixels, drawLine, peerNames, pickColor } from '../support/board.js';
import { newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, statusOf, type E2eStack } from '../support/e2e-stack.js';

// The server's room page and its links: `/` makes a room whose key the page makes and keeps in the fragment,
// "Copy link to invite" hands out that link, and a link without a usable key opens nothing.

const RED = '#cf1717';
const ROOM_LINK = /^\/([A-Za-z0-9_-]{22})#key=([A-Za-z0-9_-]{43})$/;
/** The API a widget calls to take part in a room; a page that joins nothing asks none of it. */
const ROOM_API = /^\/(access|connect|[A-Za-z0-9_-]+\/join)$/;
const NO_KEY = 'This link has no key. Ask for the full link.';

/** Every request the context's pages make, as they leave the browser: method, URL, headers and body. */
function recordRequests(context: BrowserContext): string[] {
  const requests: string[] = [];
  context.on('request', (request) =>
    requests.push(`${request.method()} ${request.url()}\n${JSON.stringify(request.headers())}\n${request.postData() ?? ''}`));
  return requests;
}

const pathOf = (request: string) => new URL(request.slice(request.indexOf(' ') + 1, request.indexOf('\n'))).pathname;
const alertText = async (page: Page) => (await page.getByRole('alert').textContent())?.trim();

describe('room links carry the room key in their fragment', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  it('/ lands on /<room>#key=<43 characters>; the copied link brings a second visitor who draws with the first', async () => {
    const clipboard = { permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 900, height: 700 } };
    const first = await newVisitorPage(stack.browser, clipboard);
    const sent = recordRequests(first.context());
    await first.goto(`${stack.server.url}/`);
    const link = new URL(first.url());
    const [, roomId, key] = ROOM_LINK.exec(`${link.pathname}${link.hash}`) ?? [];
    assert.ok(roomId && key, `the page's address is a room link with a key: ${link.pathname}${link.hash}`);
    assert.equal(await first.locator('draw-room').getAttribute('room-key'), key, 'the widget has the link\'s key');
    await eventually('the first visitor is connected', async () => (await statusOf(first)) === 'connected');

    await first.getByRole('button', { name: 'Copy link to invite' }).click();
    const copied = await first.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, `${stack.server.url}/${roomId}#key=${key}`, 'the copied link is the room link, key included');

    const second = await newVisitorPage(stack.browser);
    sent.push(...recordRequests(second.context()));
    await second.goto(copied);
    assert.equal(await second.locator('draw-room').getAttribute('room-key'), key);
    await eventually('the two visitors reach each other', async () =>
      (await peerNames(first)).length === 1 && (await peerNames(second)).length === 1, 30_000);
    await pickColor(second, RED);
    await drawLine(second, [0.2, 0.4], [0.8, 0.6]);
    const drawn = await countPixels(second, RED);
    assert.ok(drawn > 500, `the second visitor's stroke is painted (${drawn} px)`);
    await eventually('the first visitor paints the stroke', async () => (await countPixels(first, RED)) >= drawn * 0.9);
    for (const page of [first, second]) {
      assert.equal(await page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.encrypted), true, 'both boards are encrypted');
    }

    assert.ok(sent.some((request) => ROOM_API.test(pathOf(request))), 'the pages did talk to the server');
    const leaks = sent.filter((request) => request.includes(key));
    assert.deepEqual(leaks, [], 'no request carries the key: not in a URL, a header or a body');
    for (const page of [first, second]) await page.context().close();
  });

  for (const [what, fragment, message] of [
    ['without a fragment', '', NO_KEY],
    ['with a fragment but no key', '#room=x', NO_KEY],
    ['with a key cut short', `#key=${'A'.repeat(20)}`, 'This link\'s key is not valid: it may have been cut short. Ask for the full link.'],
    ['with a key that is not base64url', `#key=${'%21'.repeat(30)}`, 'This link\'s key is not valid: it may have been cut short. Ask for the full link.'],
  ] as const) {
    it(`a room link ${what} shows why instead of a board, and asks nothing of the server's API`, async () => {
      const page = await newVisitorPage(stack.browser);
      const sent = recordRequests(page.context());
      // networkidle: the page has made every request it was going to make on its own.
      const roomId = randomId();
      await page.goto(`${stack.server.url}/${roomId}${fragment}`, { waitUntil: 'networkidle' });
      assert.equal(await alertText(page), message, 'an alert says what is wrong with the link');
      assert.ok(await page.getByRole('alert').isVisible());
      assert.equal(await page.locator('draw-room').count(), 0, 'no board, so no widget that could join later');
      assert.equal(await page.getByRole('button', { name: 'Copy link to invite' }).isVisible(), false, 'nothing to invite to');
      const paths = sent.map(pathOf);
      assert.ok(paths.includes('/draw-room.js'), 'the page did load (the widget\'s module included)');
      const pageAssets = new Set([`/${roomId}`, '/draw-room.js', '/favicon.svg', '/favicon.ico']);
      assert.deepEqual(paths.filter((path) => !pageAssets.has(path)), [], 'nothing but the page and its files: no /access, /connect, /join');
      await page.context().close();
    });
  }

  it('another key pasted into the address bar opens the room with that key', async () => {
    const roomId = randomId();
    const page = await newVisitorPage(stack.browser);
    await page.goto(`${stack.server.url}/${roomId}`);
    assert.equal(await alertText(page), NO_KEY);
    const key = 'B'.repeat(42) + 'A';
    await page.goto(`${stack.server.url}/${roomId}#key=${key}`);
    // The page starts over when its fragment changes: read it once the new one has loaded.
    const opened = () => page.evaluate(() => {
      const room = document.querySelector<DrawRoom>('draw-room');
      return room ? `${room.getAttribute('room-key')} ${room.status}` : null;
    }).catch(() => null);
    await eventually('the page joins the room with the pasted key', async () => (await opened()) === `${key} connected`);
    await page.context().close();
  });
});
