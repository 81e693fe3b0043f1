import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppServices } from '../context.js';
import type { User } from '../protocol.js';
import { SSE_HEADERS, SseStream } from '../sse.js';

// setTimeout's longest wait; a later expiry is waited for in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * GET /connect?token=… → the user's event stream (EventSource cannot send an Authorization header).
 * A plain node:http handler, not a Hono route: the adapter's per-request wrapping, alive as long as the
 * stream, cost ~20 KB per connected client (RECIPES.md); the rest of the API stays in Hono.
 */
export function connectHandler(services: AppServices, allowedOrigins: '*' | string[]): NodeHandler {
  return (request, response) => {
    const started = performance.now();
    const cors = corsHeaders(request.headers.origin, allowedOrigins);
    const refuse = (status: number, error: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff', ...cors, ...headers });
      response.end(JSON.stringify({ error }));
      services.log('request', { method: 'GET', path: '/connect', status, ms: elapsed(started) });
    };

    const token = new URL(request.url ?? '/', 'http://host').searchParams.get('token');
    if (!token) return refuse(401, 'missing token: use /connect?token=<token from POST /access>');
    const check = services.tokens.check(token);
    if ('refused' in check) return refuse(401, check.refused);
    if (services.streams.shuttingDown) return refuse(503, 'the server is restarting: connect again in a moment', { 'Retry-After': '2' });
    const { user } = check;

    response.writeHead(200, { ...SSE_HEADERS, 'X-Content-Type-Options': 'nosniff', ...cors });
    response.flushHeaders();
    const stream = new SseStream(
      {
        write: (chunk) => {
          // Events to one client in the same tick leave in one packet.
          if (response.writableCorked === 0) {
            response.cork();
            process.nextTick(() => response.uncork());
          }
          response.write(chunk);
        },
        get bufferedBytes() {
          return response.writableLength;
        },
        end: () => response.end(),
        destroy: () => response.destroy(),
      },
      services.stream,
    );
    services.log('request', { method: 'GET', path: '/connect', status: 200, ms: elapsed(started), userId: user.id });
    openStream(services, user, check.expiresAt, stream);
    response.on('close', () => stream.disconnected());
  };
}

/** Wires a user's new stream: replaces an older one, ends with the token, leaves rooms when it closes. */
function openStream(services: AppServices, user: User, expiresAt: number, stream: SseStream): void {
  services.streams.add(user.id, stream);
  // The stream lives as long as its token; a renewal (POST /access/refresh) moves the end.
  const expiry = new Deadline(expiresAt, () => {
    stream.send({ event: 'expired', data: { reason: 'token expired: get a new one and reconnect' } });
    stream.close('token expired');
  });
  const subscription = services.bus.subscribe(user.id, (message) => {
    if (message.event === 'token-renewed') expiry.moveTo(message.data.expiresAt);
    else stream.send(message);
  });
  stream.onClose((reason) => {
    expiry.cancel();
    subscription.unsubscribe();
    services.log('stream-closed', { userId: user.id, reason });
    if (!services.streams.remove(user.id, stream)) return;
    // In a shutdown everyone reconnects to the next server; their peer connections need not end.
    if (!services.streams.shuttingDown) void leaveRooms(services, user);
  });
  // `connected` once events from any instance can reach this stream: only then does the client join rooms.
  subscription.ready.then(
    () => {
      stream.send({ event: 'connected', data: { user } });
      services.log('stream-opened', { userId: user.id });
    },
    (error: unknown) => {
      services.log('subscribe-failed', { userId: user.id, error: String(error) });
      stream.close('could not subscribe to its events');
    },
  );
}

function corsHeaders(origin: string | undefined, allowed: '*' | string[]): Record<string, string> {
  if (allowed === '*') return { 'Access-Control-Allow-Origin': '*' };
  if (origin && allowed.includes(origin)) return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  return { Vary: 'Origin' };
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

/** Calls `onReached` at a time that can be moved later. */
class Deadline {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private at: number,
    private readonly onReached: () => void,
  ) {
    this.arm();
  }

  moveTo(at: number): void {
    this.at = at;
    this.cancel();
    this.arm();
  }

  cancel(): void {
    clearTimeout(this.timer);
  }

  private arm(): void {
    const wait = Math.max(0, this.at - Date.now());
    this.timer = setTimeout(() => (Date.now() >= this.at ? this.onReached() : this.arm()), Math.min(wait, MAX_TIMER_MS));
    this.timer.unref?.();
  }
}

async function leaveRooms(services: AppServices, user: User): Promise<void> {
  try {
    for (const { roomId, remaining } of await services.rooms.leaveAll(user.id)) {
      await Promise.all(
        remaining.map((member) =>
          services.bus.publish(member.id, { event: 'remove-peer', data: { peer: user, roomId } }),
        ),
      );
      services.log('left-room', { userId: user.id, roomId });
    }
  } catch (error) {
    services.log('leave-failed', { userId: user.id, error: String(error) });
  }
}
