import type { DrawRoom } from '../../components/elements/draw-room.js';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { AppOptions } from '../../server/app.js';
import { startServer, type RunningServer } from '../../server/listen.js';
import { silentLogger } from '../../server/log/log.js';
import { peerNames } from './board.js';
import { launchChromium, newVisitorPage } from './browser.js';
import { eventually } from './eventually.js';
import { startHostSite, type HostSite } from './host-page.js';

/** A real server on a free port, a third-party origin embedding the widget, and a Chromium to visit them. */
export interface E2eStack {
  server: RunningServer;
  site: HostSite;
  browser: Browser;
  /** A new visitor on the host site's page for `room`, once its widget is connected. */
  visit(room: string, username: string): Promise<Page>;
  /** Alice and Bob on the host site's page for `room`, once each sees the other as a peer. */
  visitPair(room: string): Promise<[alice: Page, bob: Page]>;
  /** A new visitor on `url` (on `device`, if given), once the widget matching `selector` is connected. */
  visitUrl(url: string, selector?: string, device?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

export function statusOf(page: Page, selector = 'draw-room'): Promise<string> {
  return page.evaluate((s) => (document.querySelector<DrawRoom>(s)!).status, selector);
}

/** `server` adds to the server's options: STUN and TURN servers (`iceServers`), a log to watch. */
export async function startE2eStack(options: { server?: Partial<AppOptions> } = {}): Promise<E2eStack> {
  const server = await startServer({ port: 0, host: '127.0.0.1', tokenSecret: 'e2e-secret-of-at-least-32-characters', log: silentLogger, ...options.server });
  const site = await startHostSite(server.url);
  const browser = await launchChromium();
  const visitUrl = async (url: string, selector = 'draw-room', device?: BrowserContextOptions) => {
    const page = await newVisitorPage(browser, device);
    await page.goto(url);
    await eventually(`${selector} on ${url} is connected`, async () => (await statusOf(page, selector)) === 'connected', 30_000);
    return page;
  };
  return {
    server,
    site,
    browser,
    visitUrl,
    visit: (room, username) => visitUrl(site.roomPage(room, username)),
    async visitPair(room) {
      const alice = await visitUrl(site.roomPage(room, 'alice'));
      const bob = await visitUrl(site.roomPage(room, 'bob'));
      await eventually('alice and bob see each other', async () => (await peerNames(alice)).length === 1 && (await peerNames(bob)).length === 1);
      return [alice, bob];
    },
    close: async () => {
      await browser.close();
      await site.close();
      await server.close();
    },
  };
}
