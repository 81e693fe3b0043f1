import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/listen.js';
import { launchChromium, newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { statusOf } from '../support/e2e-stack.js';
import { startHostSite, type HostSite } from '../support/host-page.js';

describe('token renewal in the widget', () => {
  const lines: Array<{ event: string; userId?: unknown }> = [];
  let server: RunningServer;
  let site: HostSite;
  let browser: Browser;
  before(async () => {
    // Three-second tokens: the widget must renew several times a test, keeping its one stream.
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      tokenSecret: 'e2e-renewal-secret-of-at-least-32-characters',
      tokenTtlSeconds: 3,
      log: (event, fields) => lines.push({ event, ...fields }),
    });
    site = await startHostSite(server.url);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.close(500);
  });

  it('renews its token before it expires, keeping the same user and the same stream', async () => {
    const page = await newVisitorPage(browser);
    await page.goto(site.roomPage('renewal-room-one', 'alice'));
    await eventually('alice connects', async () => (await statusOf(page)) === 'connected', 30_000);
    const userId = await page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.user!.userId);
    await page.evaluate(() => {
      const seen: string[] = (window.statuses = []);
      document.querySelector<DrawRoom>('draw-room')!.addEventListener('draw-room-status', (event) => seen.push(event.detail.status));
    });
    await new Promise((resolve) => setTimeout(resolve, 7000));
    const mine = lines.filter((line) => line.userId === userId);
    assert.ok(mine.filter((line) => line.event === 'access-renewed').length >= 2, 'renewed at least twice in 7 s of 3-second tokens');
    assert.equal(mine.filter((line) => line.event === 'stream-opened').length, 1, 'one stream all along');
    assert.ok(!mine.some((line) => line.event === 'stream-closed'), 'the stream never ended');
    assert.deepEqual(await page.evaluate(() => window.statuses), [], 'the status never changed');
    assert.equal(await statusOf(page), 'connected');
    await page.context().close();
  });
});
