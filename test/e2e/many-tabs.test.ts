import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { randomId } from '../../protocol/random-id.js';
import { startServer, type RunningServer } from '../../server/listen.js';
import { silentLogger } from '../../server/log/log.js';
import { countPixels, drawLine, pickColor } from '../support/board.js';
import { launchChromium, newVisitorContext } from '../support/browser.js';
import { statusOf } from '../support/e2e-stack.js';
import { eventually } from '../support/eventually.js';
import { makeTestCertificate, type TestCertificate } from '../support/tls.js';
import { roomLink } from '../support/room-link.js';

const TABS = 10;
const RED = '#cf1717';

/** The protocol each of the page's loads went over, by URL: its navigation and every resource it fetched. */
function protocolsOf(page: Page): Promise<Array<{ name: string; protocol: string }>> {
  return page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .filter((entry) => entry instanceof PerformanceResourceTiming)
      .map((entry) => ({ name: entry.name, protocol: entry.nextHopProtocol })));
}

/**
 * One browser (one profile: one context), many tabs of one room, against the server given TLS_CERT/TLS_KEY.
 * Over HTTP/1.1 this cannot work: each widget's event stream holds one of the 6 connections a browser allows an
 * origin, so the 7th tab of a room cannot even load its page, and every request to the server waits, relays
 * included (issue 13). This test against a plain-HTTP server showed it again: the 7th tab's page.goto timed out
 * after 30 s, and the first tabs' loads said http/1.1. Over HTTP/2 every tab's stream and requests share one
 * connection.
 */
describe(`${TABS} tabs of one room in one browser, over HTTP/2`, () => {
  let certificate: TestCertificate;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  before(async () => {
    certificate = await makeTestCertificate();
    server = await startServer({ port: 0, host: '127.0.0.1', tokenSecret: 'e2e-secret-of-at-least-32-characters', log: silentLogger, tls: certificate });
    // The certificate is self-signed: this browser, and only this test's, accepts it.
    browser = await launchChromium(['--ignore-certificate-errors']);
    context = await newVisitorContext(browser);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await certificate?.remove();
  });

  it(`loads and connects every tab, carries a stroke from the first to the last, all over h2`, async () => {
    const roomUrl = roomLink(server.url, randomId());
    const tabs: Page[] = [];
    for (let i = 0; i < TABS; i++) {
      const tab = await context.newPage();
      tab.on('pageerror', (error) => console.error(`[tab ${i + 1} page error] ${error.message}`));
      await tab.goto(roomUrl);
      tabs.push(tab);
    }
    for (const [i, tab] of tabs.entries()) {
      await eventually(`tab ${i + 1} of ${TABS} is connected`, async () => (await statusOf(tab)) === 'connected', 30_000);
    }

    const [first, last] = [tabs[0]!, tabs.at(-1)!];
    await first.bringToFront();
    await pickColor(first, RED);
    await drawLine(first, [0.2, 0.3], [0.8, 0.6]);
    const drawn = await countPixels(first, RED);
    assert.ok(drawn > 500, `the first tab paints its own stroke (${drawn} px)`);
    await last.bringToFront();
    await eventually(`the ${TABS}th tab paints the first tab's stroke`, async () => (await countPixels(last, RED)) >= drawn * 0.9, 60_000);

    const origin = new URL(server.url).origin;
    for (const [i, tab] of tabs.entries()) {
      const loads = (await protocolsOf(tab)).filter((load) => new URL(load.name).origin === origin);
      assert.ok(loads.some((load) => load.name.endsWith('/draw-room.js')), `tab ${i + 1} loaded the widget from the server`);
      assert.deepEqual(loads.filter((load) => load.protocol !== 'h2'), [], `tab ${i + 1} loaded everything over h2`);
    }
  });
});
