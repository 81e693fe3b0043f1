import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startEmbedHost, type EmbedHost } from '../../examples/embed-host.js';
import { startServer, type RunningServer } from '../../server/listen.js';
import { silentLogger } from '../../server/log.js';
import { countPixels, drawLine, peerNames, pickColor } from '../support/board.js';
import { eventually, launchChromium, newVisitorPage } from '../support/browser.js';
import { startHostSite, type HostSite } from '../support/host-page.js';

const RED = '#cf1717';
const GREEN = '#17cf60';

const statusOf = (page: Page, selector = 'draw-room') =>
  page.evaluate((s) => (document.querySelector(s) as unknown as { status: string }).status, selector);

describe('late joiners, clear, and the cross-origin embed example', () => {
  let server: RunningServer;
  let site: HostSite;
  let embed: EmbedHost;
  let browser: Browser;

  before(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', tokenSecret: 'e2e-secret-of-at-least-32-characters', log: silentLogger });
    site = await startHostSite(server.url);
    embed = await startEmbedHost(0, server.url);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await embed?.close();
    await site?.close();
    await server?.close();
  });

  async function visit(url: string, selector = 'draw-room'): Promise<Page> {
    const page = await newVisitorPage(browser);
    await page.goto(url);
    await eventually(`${url} is connected`, async () => (await statusOf(page, selector)) === 'connected');
    return page;
  }

  it('shows a late joiner everything drawn before it came, and syncs clear to everyone', async () => {
    const room = 'late-join-room-1';
    const first = await visit(site.roomPage(room, 'first'));
    await pickColor(first, RED);
    await drawLine(first, [0.1, 0.2], [0.9, 0.2]);
    await drawLine(first, [0.1, 0.8], [0.9, 0.8]);
    const drawn = await countPixels(first, RED);

    const late = await visit(site.roomPage(room, 'late'));
    await eventually('the late joiner paints both earlier strokes', async () => (await countPixels(late, RED)) >= drawn * 0.9);

    await late.locator('draw-room draw-toolbar [part="clear"]').click();
    await eventually('clear reaches the first page', async () => (await countPixels(first, RED)) === 0);
    assert.equal(await countPixels(late, RED), 0);
    for (const page of [first, late]) await page.context().close();
  });

  it('lets a third-party page on another origin embed two isolated rooms', async () => {
    const one = await visit(embed.url, '#left');
    await eventually('both widgets on the page connect', async () => (await statusOf(one, '#right')) === 'connected');
    const sharedUrl = one.url();
    assert.match(sharedUrl, /rooms=[A-Za-z0-9_-]{22}(,|%2C)[A-Za-z0-9_-]{22}/, 'the page keeps its two room ids in its URL');
    assert.notEqual(new URL(sharedUrl).origin, new URL(server.url).origin, 'the embedding page is another origin');

    const two = await visit(sharedUrl, '#left');
    await eventually('the left rooms connect peer to peer', async () =>
      (await peerNames(one, '#left')).length === 1 && (await peerNames(two, '#left')).length === 1);

    await pickColor(one, GREEN, '#left');
    await drawLine(one, [0.2, 0.5], [0.8, 0.5], '#left');
    const drawn = await countPixels(one, GREEN, '#left');
    assert.ok(drawn > 100, `the stroke is painted on the left board (${drawn} px)`);
    await eventually('the other window paints it in its left room', async () => (await countPixels(two, GREEN, '#left')) >= drawn * 0.9);
    assert.equal(await countPixels(one, GREEN, '#right'), 0, 'the right room on the same page stays empty');
    assert.equal(await countPixels(two, GREEN, '#right'), 0, 'the right room in the other window stays empty');
    for (const page of [one, two]) await page.context().close();
  });
});
