import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { EntriesAnswer } from '../../protocol/room-entries.js';
import { newVisitorPage } from '../../test/support/browser.js';
import { eventually } from '../../test/support/eventually.js';

// The floor of bench:storage's cold open: a page fetching the same answer GET /:roomId/entries gives (the same
// stored bytes, in the same JSON) from a node:http server that does nothing else, and decoding it as the widget
// does (atob, byte by byte): no script to load, no token, no join, no key, no Yjs, no paint.

export interface FloorRead {
  /** Navigation start → every entry decoded to bytes. */
  decodedMs: number;
  /** The fetch alone, start → response end (Resource Timing). */
  readMs: number;
  bytes: number;
}

const pageHtml = `<!doctype html><meta charset="utf-8"><script type="module">
const answer = await (await fetch('/entries')).json();
const entries = answer.entries.map(({ data }) => {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
});
const read = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/entries'));
window.floorRead = { decodedMs: performance.now(), readMs: read.responseEnd - read.startTime, bytes: entries.reduce((sum, bytes) => sum + bytes.length, 0) };
</script>`;

/** Opens the floor page in a fresh profile of `browser`, `answer` being what its fetch gets; the page's figures. */
export async function floorRead(browser: Browser, answer: EntriesAnswer): Promise<FloorRead> {
  const body = JSON.stringify(answer);
  const server = createServer((request, response) => {
    if (request.url === '/entries') response.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    else response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(pageHtml);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const page = await newVisitorPage(browser);
  try {
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await eventually('the floor page decoded the entries', () => page.evaluate(() => 'floorRead' in window), 30_000);
    const figures = await page.evaluate(() => (window as unknown as { floorRead: FloorRead }).floorRead);
    return { decodedMs: Math.round(figures.decodedMs * 10) / 10, readMs: Math.round(figures.readMs * 10) / 10, bytes: figures.bytes };
  } finally {
    await page.context().close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
