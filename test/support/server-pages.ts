import type { Browser, Page } from 'playwright-core';
import { launchChromium, newVisitorContext } from './browser.js';
import { eventually } from './eventually.js';
import { statusOf } from './e2e-stack.js';
import { startHostSite, type HostSite, type RoomPageOptions } from './host-page.js';
import { ServerProcess } from './server-process.js';

/** A built server in a process of its own (killable, with its DATA_DIR), a host site embedding it, and Chromium. */
export interface ServerPages {
  server: ServerProcess;
  site: HostSite;
  browser: Browser;
  /**
   * A room page in a browser profile of its own (its own IndexedDB: nothing it shows comes from another's device),
   * once connected. `beforeLoad` runs before navigation (init scripts, exposed functions).
   */
  open(room: string, username: string, options?: RoomPageOptions, beforeLoad?: (page: Page) => Promise<void>): Promise<Page>;
  close(): Promise<void>;
}

export async function startServerPages(secret: string, env: Record<string, string> = {}): Promise<ServerPages> {
  const server = await ServerProcess.start(secret, 'built', env);
  const site = await startHostSite(server.url);
  const browser = await launchChromium();
  return {
    server,
    site,
    browser,
    async open(room, username, options = {}, beforeLoad) {
      const context = await newVisitorContext(browser);
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
      await beforeLoad?.(page);
      await page.goto(site.roomPage(room, username, options));
      await eventually(`${username} connects`, async () => (await statusOf(page)) === 'connected', 30_000);
      return page;
    },
    async close() {
      await browser.close();
      await site.close();
      await server.kill();
    },
  };
}
