import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { generateRoomKey } from '../../components/network/room-key.js';
import { randomId } from '../../protocol/random-id.js';
import { startServer, type RunningServer } from '../../server/listen.js';
import { silentLogger } from '../../server/log/log.js';
import { launchChromium, newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { statusOf } from '../support/e2e-stack.js';
import { startHostSite, type HostSite } from '../support/host-page.js';

// A page over plain HTTP on a name other than localhost is not a secure context: the browser gives it no
// crypto.subtle. A board given a room key there must refuse to connect rather than send anything in the clear.
const INSECURE_HOST = 'insecure-host.test';

/** The host page's URL on a name that is not loopback, so the page is not a secure context. */
const onInsecureHost = (url: string) => url.replace('//127.0.0.1:', `//${INSECURE_HOST}:`);

describe('a room key on a page that is not a secure context', () => {
  let server: RunningServer;
  let site: HostSite;
  let browser: Browser;
  before(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', tokenSecret: 'e2e-secret-of-at-least-32-characters', log: silentLogger });
    site = await startHostSite(server.url);
    browser = await launchChromium([`--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`]);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.close(500);
  });

  /** The page, and the paths of every request it made to the draw-room server. */
  async function open(url: string): Promise<{ page: Page; serverRequests: string[] }> {
    const page = await newVisitorPage(browser);
    const serverRequests: string[] = [];
    const serverOrigin = new URL(server.url).origin;
    page.on('request', (request) => {
      const requested = new URL(request.url());
      if (requested.origin === serverOrigin) serverRequests.push(requested.pathname);
    });
    await page.goto(url);
    return { page, serverRequests };
  }

  it('refuses the board with a clear reason, and sends the server nothing but the widget\'s script request', async () => {
    const { page, serverRequests } = await open(onInsecureHost(site.roomPage(randomId(), 'ada', { roomKey: generateRoomKey() })));
    assert.equal(await page.evaluate(() => window.isSecureContext), false, 'the page is not a secure context');
    await eventually('the board is refused', async () => (await statusOf(page)) === 'refused');
    const reason = await page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.statusReason);
    assert.equal(reason, 'This page cannot encrypt: open it over HTTPS (a secure context)');
    const statusLine = await page.evaluate(() => document.querySelector('draw-room')!.shadowRoot!.querySelector('[part=status]')!.textContent!.trim());
    assert.match(statusLine, /This page cannot encrypt/);
    assert.equal(await page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.encrypted), false);
    assert.deepEqual(serverRequests.filter((path) => path !== '/draw-room.js'), [], 'no token, stream or join was asked for');
    await page.context().close();
  });

  it('still connects a board without a key there, unencrypted, and says so', async () => {
    const { page } = await open(onInsecureHost(site.roomPage(randomId(), 'bea')));
    await eventually('the board connects', async () => (await statusOf(page)) === 'connected', 30_000);
    const encryption = await page.evaluate(() => document.querySelector('draw-room')!.shadowRoot!.querySelector('[part=encryption]')!.textContent!.trim());
    assert.equal(encryption, 'Not encrypted');
    await page.context().close();
  });
});
