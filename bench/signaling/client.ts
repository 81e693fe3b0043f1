import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';

// What both processes of `npm run bench:signaling`'s load generator use: access tokens and raw event streams.

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
export const now = () => performance.timeOrigin + performance.now();

export function post(url: string, body: unknown, token?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The one widget each bench client joins its room with (JoinRequest.member). */
export const BENCH_MEMBER_KEY = 'bench-widget';

export interface Client {
  token: string;
  /** The user id. */
  id: string;
  /** Its widget's member id in its room, "<id>.<BENCH_MEMBER_KEY>": what peers address it by. */
  memberId: string;
  socket: Socket;
  connected: Promise<void>;
}

/** POST /access then a raw-socket event stream; `onEvent` sees each event's name and data. */
export async function openClient(url: string, name: string, onEvent?: (event: string, data: string) => void): Promise<Client> {
  const { text } = await post(`${url}/access`, { username: name });
  const { token } = JSON.parse(text) as { token: string };
  const id = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { id: string }).id;
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.setNoDelay(true);
  let buffer = '';
  let resolveConnected!: () => void;
  const connected = new Promise<void>((resolve) => (resolveConnected = resolve));
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      if (event === 'connected') resolveConnected();
      if (event && onEvent) onEvent(event, /^data: (.*)$/m.exec(frame)?.[1] ?? '');
    }
    // Idle clients keep no more than the last partial frame.
    if (!onEvent && buffer.length > 4096) buffer = buffer.slice(-4096);
  });
  socket.on('error', () => {});
  socket.write(`GET /connect?token=${token} HTTP/1.1\r\nHost: ${hostname}\r\nAccept: text/event-stream\r\n\r\n`);
  return { token, id, memberId: `${id}.${BENCH_MEMBER_KEY}`, socket, connected };
}
