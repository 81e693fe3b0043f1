import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DrawRoom } from '../../components/elements/draw-room.js';
import { boardDigest, countPixels, drawLine, itemCount, peerNames, pickColor, unsyncedOf } from '../support/board.js';
import { launchChromium, newVisitorContext } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { statusOf } from '../support/e2e-stack.js';
import { startHostSite, type HostSite, type RoomPageOptions } from '../support/host-page.js';
import { ServerProcess } from '../support/server-process.js';

const RED = '#cf1717';
const BLUE = '#1760cf';
const WIDGET_BUNDLE = fileURLToPath(new URL('../../dist/draw-room.js', import.meta.url));

const statusLine = (page: Page) => page.evaluate(() => document.querySelector('draw-room')!.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim());

/** Draws `count` horizontal strokes with the mouse, one under the other. */
async function drawStrokes(page: Page, count: number, color = RED, top = 0.1): Promise<void> {
  await pickColor(page, color);
  for (let i = 0; i < count; i++) await drawLine(page, [0.1, top + i * 0.08], [0.8, top + i * 0.08]);
}

describe('the board survives a reload, on the device', () => {
  let server: ServerProcess;
  let site: HostSite;
  let browser: Browser;
  before(async () => {
    server = await ServerProcess.start('e2e-board-on-device-secret-of-at-least-32-characters', 'built');
    site = await startHostSite(server.url);
    browser = await launchChromium();
  });
  /** A test that stops the server and fails before it starts it again leaves it down: the next one starts it. */
  let serverDown = false;
  const stopServer = async () => {
    serverDown = true;
    await server.kill();
  };
  const startServerAgain = async () => {
    await server.restart();
    serverDown = false;
  };
  afterEach(async () => {
    if (serverDown) await startServerAgain();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.kill();
  });

  /**
   * A visitor's browser profile (its IndexedDB outlives its pages' reloads). The host page ships the widget
   * itself here, as a site bundling draw-room would: the server serves draw-room.js `no-cache`, so a reload with
   * the server down could not load it from there.
   */
  async function visitor(): Promise<BrowserContext> {
    const context = await newVisitorContext(browser);
    await context.route('**/draw-room.js', (route) => route.fulfill({ path: WIDGET_BUNDLE, contentType: 'text/javascript; charset=utf-8' }));
    return context;
  }

  async function open(context: BrowserContext, room: string, username: string, options: RoomPageOptions = {}): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    await page.goto(site.roomPage(room, username, options));
    await eventually(`${username} connects`, async () => (await statusOf(page)) === 'connected', 30_000);
    return page;
  }

  it('paints 5 strokes drawn alone again after a reload, with no peer to get them from', async () => {
    const context = await visitor();
    // persist="local": the server keeps no copy, so nothing else holds them (board-on-server.test covers it).
    const page = await open(context, 'device-reload-room', 'alone', { persist: 'local' });
    await drawStrokes(page, 5);
    const drawn = await boardDigest(page);
    assert.equal(await itemCount(page), 5);
    assert.equal(await unsyncedOf(page), 5, 'nobody else has them');
    assert.match(await statusLine(page), /Connected · 0 peers · 5 changes not shared yet/);

    await page.reload();
    await eventually('the reloaded page paints the 5 strokes', async () => (await itemCount(page)) === 5 && (await boardDigest(page)) === drawn);
    assert.deepEqual(await peerNames(page), [], 'no peer gave them');
    assert.ok((await countPixels(page, RED)) > 1000);
    await context.close();
  });

  it('paints the board after a reload with the server down, and says it is still trying to reach the server', async () => {
    const context = await visitor();
    const page = await open(context, 'device-offline-room', 'offline');
    await drawStrokes(page, 3);
    const drawn = await boardDigest(page);
    await stopServer();
    await page.reload();
    await eventually('the page paints its strokes without the server', async () => (await boardDigest(page)) === drawn);
    assert.equal(await itemCount(page), 3);
    // A page that never reached the server is still making its first connection: 'connecting', retrying.
    await eventually('the status says it is trying to reach the server', async () => ['connecting', 'reconnecting', 'offline'].includes(await statusOf(page)));
    assert.match(await statusLine(page), /^(Connecting|Reconnecting|Offline)/);
    // History stays in the toolbar (its layout does not jump), and says why it has nothing to show.
    await page.locator('draw-room draw-toolbar button[part="history"]').click();
    const history = page.locator('draw-room dialog[part="history"]');
    await eventually('History says the server cannot be reached', async () => /cannot be reached right now/.test((await history.getByRole('alert').textContent()) ?? ''));
    await page.keyboard.press('Escape');
    await startServerAgain();
    await context.close();
  });

  it('syncs a board drawn partly offline with a peer, doubling nothing, and then has nothing unsynced', async () => {
    const room = 'device-offline-sync-room';
    const aliceContext = await visitor();
    const bobContext = await visitor();
    const alice = await open(aliceContext, room, 'alice');
    const bob = await open(bobContext, room, 'bob');
    await eventually('alice and bob connect', async () => (await peerNames(alice)).length === 1);
    await drawStrokes(alice, 2, RED);
    await drawStrokes(bob, 1, BLUE, 0.6);
    await eventually('both hold the 3 strokes', async () => (await itemCount(alice)) === 3 && (await itemCount(bob)) === 3);
    await eventually("alice's strokes reached bob, and she knows it", async () => (await unsyncedOf(alice)) === 0);

    await stopServer();
    await alice.reload();
    await eventually('alice paints the 3 strokes from her device', async () => (await itemCount(alice)) === 3);
    await alice.evaluate(() => {
      window.unsyncedCounts = [];
      document.querySelector('draw-room')!.addEventListener('draw-room-unsynced', (event) => window.unsyncedCounts!.push(event.detail.count));
    });
    await drawStrokes(alice, 2, RED, 0.3);
    assert.equal(await unsyncedOf(alice), 2, 'drawn while nobody can get them');
    assert.match(await statusLine(alice), /2 changes not shared yet/);

    await startServerAgain();
    await eventually('alice and bob reconnect to each other', async () => (await peerNames(alice)).length === 1 && (await peerNames(bob)).length === 1, 45_000);
    await eventually('both hold the 5 strokes', async () => (await itemCount(alice)) === 5 && (await itemCount(bob)) === 5, 20_000);
    await eventually('alice hears that bob holds them', async () => (await unsyncedOf(alice)) === 0);
    const counts = await alice.evaluate(() => window.unsyncedCounts!);
    assert.deepEqual([counts.slice(0, 2), counts.at(-1)], [[1, 2], 0], `draw-room-unsynced said ${counts.join(', ')}`);
    assert.doesNotMatch(await statusLine(alice), /not shared/);
    // The 3 strokes reached alice twice, from her device and from bob: still 3 of them, pixel for pixel the same.
    await eventually('both boards are pixel-identical', async () => (await boardDigest(alice)) === (await boardDigest(bob)));
    assert.equal(await itemCount(alice), 5);
    await aliceContext.close();
    await bobContext.close();
  });

  it('keeps nothing with persist="none": a reload alone starts empty', async () => {
    const context = await visitor();
    const page = await open(context, 'device-none-room', 'forgetful', { persist: 'none' });
    assert.equal(await page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.persist), 'none');
    await drawStrokes(page, 2);
    await page.reload();
    await eventually('the page connects again', async () => (await statusOf(page)) === 'connected', 30_000);
    assert.equal(await itemCount(page), 0);
    assert.equal(await countPixels(page, RED), 0);
    assert.deepEqual(await page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name)), [], 'no database was made');
    await context.close();
  });

  it('asks before closing only while some change has reached no peer', async () => {
    const closeAndListen = async (page: Page) => {
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.type());
        void dialog.accept();
      });
      await page.close({ runBeforeUnload: true });
      await eventually('the page closes', () => page.isClosed());
      return dialogs;
    };
    const room = 'device-beforeunload-room';
    const aliceContext = await visitor();
    const bobContext = await visitor();
    // persist="local": only peers can hold a change here, not the server.
    const alice = await open(aliceContext, room, 'alice', { persist: 'local' });
    await drawStrokes(alice, 1);
    const bob = await open(bobContext, room, 'bob', { persist: 'local' });
    await drawStrokes(bob, 1, BLUE, 0.5);
    await eventually('each holds the other\'s stroke, and knows the other holds its own', async () =>
      (await itemCount(bob)) === 2 && (await unsyncedOf(alice)) === 0 && (await unsyncedOf(bob)) === 0);
    assert.deepEqual(await closeAndListen(bob), [], 'bob drew, but alice has it all: nothing to lose');

    await eventually('alice is alone', async () => (await peerNames(alice)).length === 0);
    await drawStrokes(alice, 1, RED, 0.7);
    assert.equal(await unsyncedOf(alice), 1);
    assert.deepEqual(await closeAndListen(alice), ['beforeunload'], 'a stroke nobody else has: asks');
    await aliceContext.close();
    await bobContext.close();
  });

  it('snapshot() and load() carry a board into another room, where its peers get it too, and change events tell the host', async () => {
    const context = await visitor();
    const source = await open(context, 'device-snapshot-source', 'source');
    await source.evaluate(() => {
      window.boardChanges = 0;
      document.querySelector('draw-room')!.addEventListener('draw-room-change', () => (window.boardChanges = window.boardChanges! + 1));
    });
    await drawStrokes(source, 3);
    await eventually('the host heard the board changed', async () => (await source.evaluate(() => window.boardChanges!)) > 0);
    const bytes = await source.evaluate(() => [...document.querySelector<DrawRoom>('draw-room')!.snapshot()]);

    const target = await open(await visitor(), 'device-snapshot-target', 'target');
    const watcher = await open(await visitor(), 'device-snapshot-target', 'watcher');
    await eventually('target and watcher connect', async () => (await peerNames(target)).length === 1);
    await target.evaluate((snapshot) => document.querySelector<DrawRoom>('draw-room')!.load(new Uint8Array(snapshot)), bytes);
    await target.evaluate((snapshot) => document.querySelector<DrawRoom>('draw-room')!.load(new Uint8Array(snapshot)), bytes);
    assert.equal(await itemCount(target), 3, 'loaded twice, merged once');
    assert.equal(await boardDigest(target), await boardDigest(source));
    await eventually('the watcher in the target room gets the loaded board', async () => (await boardDigest(watcher)) === (await boardDigest(source)));

    await target.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.undo());
    assert.equal(await itemCount(target), 0, 'one undo takes the load back');
    await eventually('for the watcher too', async () => (await itemCount(watcher)) === 0);
    await Promise.all([source, target, watcher].map((page) => page.context().close()));
  });
});
