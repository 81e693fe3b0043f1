import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Chromium, with `extraArgs` for a test that needs them (one serving a self-signed certificate, say). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROME_PATH,
    // Root needs --no-sandbox; the rest keeps Chromium from calling out to a network that is not there.
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...extraArgs],
  });
}

/** A browser context as one visitor's browser profile (on its own device, if given): its tabs share it. */
export async function newVisitorContext(browser: Browser, device: BrowserContextOptions = { viewport: { width: 900, height: 700 } }): Promise<BrowserContext> {
  const context = await browser.newContext(device);
  // tsx compiles named functions inside page.evaluate callbacks to __name(...) calls; give pages that helper.
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  return context;
}

/** A page in its own browser context, so each behaves like a separate visitor (on its own device, if given). */
export async function newVisitorPage(browser: Browser, device?: BrowserContextOptions): Promise<Page> {
  const context = await newVisitorContext(browser, device);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  if (process.env.PAGE_CONSOLE) page.on('console', (message) => console.error(`[page] ${message.text()}`));
  return page;
}
