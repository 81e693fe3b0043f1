import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One widget on a boards page: the room it joins, the name it shows there and its room key, if any. */
export interface Board {
  room: string;
  username: string;
  roomKey?: string;
}

/** How a room page's widget is set up beyond its room and name. */
export interface RoomPageOptions {
  /** The widget's `room-key` attribute: its room is end-to-end encrypted under this key. Absent: unencrypted. */
  roomKey?: string;
  /** The widget's `persist` attribute (none, local, server). Absent: the widget's default. */
  persist?: string;
}

export interface HostSite {
  /** URL of a page on this other origin embedding one <draw-room> in `room`. */
  roomPage(room: string, username: string, options?: RoomPageOptions): string;
  /**
   * URL of a page on this other origin embedding one <draw-room> per board, side by side, each with id
   * `board-1`, `board-2`… in order. Every widget on every boards page has the same size, whatever their number,
   * so pixel counts compare across pages.
   */
  boardsPage(boards: readonly Board[]): string;
  close(): Promise<void>;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const roomKeyAttribute = (roomKey: string | undefined) => (roomKey === undefined ? '' : ` room-key="${escapeAttribute(roomKey)}"`);

function roomPageHtml(serverUrl: string, room: string, username: string, roomKey: string | undefined, persist: string | null): string {
  const persistAttribute = persist === null ? '' : ` persist="${escapeAttribute(persist)}"`;
  return `<!doctype html>
<html><head><meta charset="utf-8"><script type="module" src="${serverUrl}/draw-room.js"></script>
<style>body{margin:0} draw-room{--draw-room-height:600px}</style></head>
<body><draw-room server-url="${serverUrl}" room="${escapeAttribute(room)}" username="${escapeAttribute(username)}"${roomKeyAttribute(roomKey)}${persistAttribute} ice-servers="[]"></draw-room></body></html>`;
}

function boardsPageHtml(serverUrl: string, boards: readonly Board[]): string {
  const widgets = boards.map(({ room, username, roomKey }, i) =>
    `<draw-room id="board-${i + 1}" server-url="${serverUrl}" room="${escapeAttribute(room)}" username="${escapeAttribute(username)}"${roomKeyAttribute(roomKey)} ice-servers="[]"></draw-room>`);
  return `<!doctype html>
<html><head><meta charset="utf-8"><script type="module" src="${serverUrl}/draw-room.js"></script>
<style>body{margin:0;display:flex;gap:8px} draw-room{width:600px;flex:none;--draw-room-height:440px}</style></head>
<body>${widgets.join('\n')}</body></html>`;
}

/** A third-party origin serving minimal host pages that embed the widget from `serverUrl`. */
export function startHostSite(serverUrl: string): Promise<HostSite> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host');
    // A key travels to this host page in its query (it is the host's page), never to the draw-room server; an
    // empty `key` stands for a board without one, so boards with and without keys can share a page.
    const keyOf = (i: number) => url.searchParams.getAll('key')[i] || undefined;
    const html = url.pathname === '/boards.html'
      ? boardsPageHtml(serverUrl, url.searchParams.getAll('room').map((room, i) => ({ room, username: url.searchParams.getAll('username')[i] ?? '', roomKey: keyOf(i) })))
      : roomPageHtml(serverUrl, url.searchParams.get('room') ?? '', url.searchParams.get('username') ?? '', keyOf(0), url.searchParams.get('persist'));
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        roomPage: (room, username, options = {}) => {
          const query = new URLSearchParams({ room, username });
          if (options.roomKey !== undefined) query.set('key', options.roomKey);
          if (options.persist !== undefined) query.set('persist', options.persist);
          return `${origin}/room.html?${query}`;
        },
        boardsPage: (boards) => {
          const query = new URLSearchParams();
          const anyKey = boards.some((board) => board.roomKey !== undefined);
          for (const { room, username, roomKey } of boards) {
            query.append('room', room);
            query.append('username', username);
            if (anyKey) query.append('key', roomKey ?? '');
          }
          return `${origin}/boards.html?${query}`;
        },
        close: () => new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
