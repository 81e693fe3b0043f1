import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DrawRoom } from '../../components/elements/draw-room.js';
import { boardDigest, countPixels, documentSummary, drawLine, peerNames, pickColor } from '../support/board.js';
import { launchChromium, newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { statusOf } from '../support/e2e-stack.js';
import { startHostSite, type HostSite } from '../support/host-page.js';
import { ServerProcess } from '../support/server-process.js';

const RED = '#cf1717';
const GREEN = '#17cf60';
const BLUE = '#1760cf';

/** Counts the page's peer-left events, to show live connections were never dropped. */
async function countPeerLeft(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.peerLeft = 0;
    document.querySelector('draw-room')!.addEventListener('draw-room-peer-left', () => (window.peerLeft = window.peerLeft! + 1));
  });
}
const peerLeftCount = (page: Page) => page.evaluate(() => window.peerLeft!);

describe('recovery: server restarts and broken peer connections', () => {
  let server: ServerProcess;
  let site: HostSite;
  let browser: Browser;
  before(async () => {
    server = await ServerProcess.start('e2e-recovery-secret-of-at-least-32-characters');
    site = await startHostSite(server.url);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.kill();
  });

  async function visit(room: string, username: string): Promise<Page> {
    const page = await newVisitorPage(browser);
    await page.goto(site.roomPage(room, username));
    await eventually(`${username} connects`, async () => (await statusOf(page)) === 'connected', 30_000);
    return page;
  }

  it('keeps two pages drawing through a server crash and restart; a third page joining after sees it all', async () => {
    const room = 'recovery-restart-room';
    const alice = await visit(room, 'alice');
    const bob = await visit(room, 'bob');
    await eventually('alice and bob connect to each other', async () => (await peerNames(alice)).length === 1 && (await peerNames(bob)).length === 1);
    await countPeerLeft(alice);
    await countPeerLeft(bob);
    await pickColor(alice, RED);
    await drawLine(alice, [0.1, 0.2], [0.9, 0.2]);
    await eventually('bob sees the first stroke', async () => (await countPixels(bob, RED)) > 100);

    await server.kill();
    await eventually('both pages notice signaling is down', async () =>
      (await statusOf(alice)) === 'reconnecting' && (await statusOf(bob)) === 'reconnecting', 15_000);
    await pickColor(alice, GREEN);
    await drawLine(alice, [0.1, 0.5], [0.9, 0.5]);
    await pickColor(bob, BLUE);
    await drawLine(bob, [0.2, 0.1], [0.2, 0.9]);
    await eventually('strokes drawn while the server is down cross the live peer connection', async () =>
      (await countPixels(bob, GREEN)) > 100 && (await countPixels(alice, BLUE)) > 100);

    await server.restart();
    await eventually('both pages reconnect to the restarted server', async () =>
      (await statusOf(alice)) === 'connected' && (await statusOf(bob)) === 'connected', 30_000);
    assert.deepEqual([await peerLeftCount(alice), await peerLeftCount(bob)], [0, 0], 'the live peer connection was never dropped');

    const carol = await visit(room, 'carol');
    await eventually('carol connects to both', async () => (await peerNames(carol)).length === 2, 30_000);
    await eventually('carol has every stroke, pixel for pixel', async () => {
      const digests = await Promise.all([alice, bob, carol].map((page) => boardDigest(page)));
      return digests[0] === digests[1] && digests[1] === digests[2];
    }, 20_000);
    const summaries = await Promise.all([alice, bob, carol].map((page) => documentSummary(page)));
    assert.equal(JSON.parse(summaries[0]!).items.length, 3, 'three strokes, none lost or doubled');
    assert.deepEqual(new Set(summaries).size, 1);
    for (const page of [alice, bob, carol]) await page.context().close();
  });

  it('restores a peer connection closed under it, and delivers what was drawn while every connection was down', async () => {
    const room = 'recovery-broken-link-room';
    const alice = await visit(room, 'alice');
    const bob = await visit(room, 'bob');
    await eventually('alice and bob connect to each other', async () => (await peerNames(alice)).length === 1 && (await peerNames(bob)).length === 1);

    // No signaling and no peer connection: alice is on her own.
    await server.kill();
    await alice.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.breakPeerConnections());
    await eventually('both pages lose each other', async () => (await peerNames(alice)).length === 0 && (await peerNames(bob)).length === 0, 20_000);
    await pickColor(alice, RED);
    await drawLine(alice, [0.1, 0.3], [0.9, 0.3]);
    assert.ok((await countPixels(alice, RED)) > 100, 'alice sees her stroke at once');
    assert.equal(await countPixels(bob, RED), 0);

    await server.restart();
    // A data channel again, not only the server relay (which counts as reaching the peer too).
    const linkStates = (page: Page) => page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.participants.filter((p) => !p.local).map((p) => p.state));
    await eventually('the peer connection is restored', async () => (await linkStates(alice)).join() === 'direct' && (await linkStates(bob)).join() === 'direct', 30_000);
    await eventually('bob gets the stroke drawn while alice was cut off', async () => (await boardDigest(alice)) === (await boardDigest(bob)), 10_000);
    assert.ok((await countPixels(bob, RED)) > 100);
    for (const page of [alice, bob]) await page.context().close();
  });

  it('says offline when the browser loses its network, and reconnects when it is back', async () => {
    const alice = await visit('recovery-offline-room', 'alice');
    const statusLine = () => alice.locator('draw-room [part="status"]').textContent();
    await alice.context().setOffline(true);
    await eventually('alice is offline', async () => (await statusOf(alice)) === 'offline');
    assert.match((await statusLine()) ?? '', /Offline · your drawing is kept/);
    await alice.context().setOffline(false);
    await eventually('alice is connected again', async () => (await statusOf(alice)) === 'connected', 15_000);
    assert.match((await statusLine()) ?? '', /Connected · 0 peers/);
    await alice.context().close();
  });
});
