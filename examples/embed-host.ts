import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface EmbedHost {
  url: string;
  close(): Promise<void>;
}

const embedPage = fileURLToPath(new URL('./embed.html', import.meta.url));

/**
 * A stand-in for a third-party site: serves examples/embed.html on its own port (another origin),
 * pointing it at the draw-room server through ?server=.
 */
export function startEmbedHost(port: number, serverUrl: string): Promise<EmbedHost> {
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    if (path !== '/' && path !== '/embed.html') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    if (!new URL(request.url ?? '/', 'http://host').searchParams.has('server')) {
      response.writeHead(302, { Location: `/embed.html?server=${encodeURIComponent(serverUrl)}` }).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(await readFile(embedPage));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://localhost:${actual}/embed.html?server=${encodeURIComponent(serverUrl)}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
