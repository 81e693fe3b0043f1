import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startEmbedHost, type EmbedHost } from '../../examples/embed-host.js';
import { startServer, type RunningServer } from '../../server/listen.js';
import { silentLogger } from '../../server/log/log.js';
import { launchChromium, newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import type { Browser } from 'playwright-core';
import { roomLink } from '../support/room-link.js';

/** Every answer of 400 or more the page got, and every console message, from the moment of the call. */
function watch(page: Page): { failed: string[]; console: string[] } {
  const seen = { failed: [] as string[], console: [] as string[] };
  page.on('response', (response) => {
    if (response.status() >= 400) seen.failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => seen.console.push(message.text()));
  return seen;
}

describe('what the browser console and network panel show', () => {
  let server: RunningServer;
  let browser: Browser;
  let embed: EmbedHost;
  const secret = 'e2e-secret-of-at-least-32-characters';
  before(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', tokenSecret: secret, log: silentLogger });
    embed = await startEmbedHost(0, server.url);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await embed?.close();
    await server?.close();
  });

  it('loads the room page and the embed example without a single failed request (favicon included)', async () => {
    for (const url of [roomLink(server.url, 'Favicon_room_0123456789'), embed.url]) {
      const page = await newVisitorPage(browser);
      const seen = watch(page);
      await page.goto(url);
      await eventually(`the widget on ${url} is connected`, () =>
        page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.status === 'connected'));
      // Chromium asks for the icon after the page has loaded.
      await page.waitForTimeout(1500);
      assert.deepEqual(seen.failed, [], `no 4xx or 5xx while loading ${url}`);
      assert.ok(await page.evaluate(() => document.querySelector('link[rel="icon"]') !== null), 'the page names its icon');
      await page.context().close();
    }
  });

  it('names the server by its full URL when it cannot be reached, even for server-url="/"', async () => {
    const own = await startServer({ port: 0, host: '127.0.0.1', tokenSecret: secret, log: silentLogger });
    const page = await newVisitorPage(browser);
    const seen = watch(page);
    await page.goto(roomLink(own.url, 'Unreachable_room_0123'));
    await eventually('connected', () =>
      page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.status === 'connected'));
    await own.close();
    await eventually('the widget reports that it cannot reach the server', () =>
      seen.console.some((text) => text.includes('cannot reach the draw-room server')), 30_000);
    const report = seen.console.find((text) => text.includes('cannot reach the draw-room server'))!;
    assert.ok(report.includes(`at ${own.url}:`), `the message names ${own.url}: ${report}`);
    await page.context().close();
  });
});
