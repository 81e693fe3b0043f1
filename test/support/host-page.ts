import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostSite {
  /** URL of a page on this other origin embedding one <draw-room> in `room`. */
  roomPage(room: string, username: string): string;
  close(): Promise<void>;
}

/** A third-party origin serving minimal host pages that embed the widget from `serverUrl`. */
export function startHostSite(serverUrl: string): Promise<HostSite> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host');
    const room = url.searchParams.get('room') ?? '';
    const username = url.searchParams.get('username') ?? '';
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html><head><meta charset="utf-8"><script type="module" src="${serverUrl}/draw-room.js"></script>
<style>body{margin:0} draw-room{--draw-room-height:600px}</style></head>
<body><draw-room server-url="${serverUrl}" room="${room}" username="${username}" ice-servers="[]"></draw-room></body></html>`);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        roomPage: (room, username) =>
          `http://127.0.0.1:${port}/room.html?room=${encodeURIComponent(room)}&username=${encodeURIComponent(username)}`,
        close: () => new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
