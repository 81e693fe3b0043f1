import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BusMessage } from '../bus.js';
import type { AppServices } from '../context.js';
import { corsHeaders, type AllowedOrigins } from '../cors.js';
import { answerJson, elapsedMs } from '../node-answer.js';
import type { User } from '../protocol.js';
import { SSE_HEADERS, SseStream } from '../sse.js';

export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * GET /connect?token=… → the user's event stream (EventSource cannot send an Authorization header).
 * A plain node:http handler, not a Hono route: the adapter's per-request wrapping, alive as long as the
 * stream, cost ~20 KB per connected client (RECIPES.md); the API but POST /relay stays in Hono.
 */
export function connectHandler(services: AppServices, allowedOrigins: AllowedOrigins): NodeHandler {
  return (request, response) => {
    const started = performance.now();
    const cors = corsHeaders(request.headers.origin, allowedOrigins);
    const refuse = (status: number, error: string, headers: Record<string, string> = {}) => {
      answerJson(response, status, { error }, { ...cors, ...headers });
      services.log('request', { method: 'GET', path: '/connect', status, ms: elapsedMs(started) });
    };

    const token = new URL(request.url ?? '/', 'http://host').searchParams.get('token');
    // The request lives as long as the stream: it keeps no copy of the token (memory per client).
    request.url = '/connect';
    if (!token) return refuse(401, 'missing token: use /connect?token=<token from POST /access>');
    const check = services.tokens.verify(token);
    if ('refused' in check) return refuse(401, check.refused);
    if (services.streams.shuttingDown) return refuse(503, 'the server is restarting: connect again in a moment', { 'Retry-After': '2' });

    response.writeHead(200, { ...SSE_HEADERS, 'X-Content-Type-Options': 'nosniff', ...cors });
    response.flushHeaders();
    services.log('request', { method: 'GET', path: '/connect', status: 200, ms: elapsedMs(started), userId: check.user.id });
    openStream(services, check.user, check.expiresAt, response);
  };
}

/**
 * Wires a user's new stream: replaces an older one, ends with the token, leaves rooms when it closes. Few
 * objects per stream (this holds one per connected client): four closures sharing one context.
 */
function openStream(services: AppServices, user: User, expiresAt: number, response: ServerResponse): void {
  const stream = new SseStream(response, services.stream);
  response.on('close', () => stream.disconnected());
  // The stream lives as long as its token; a renewal (POST /access/refresh) moves the end.
  services.streams.add(user.id, stream, expiresAt);
  const deliver = (message: BusMessage) => {
    if (message.event === 'token-renewed') services.streams.extend(stream, message.data.expiresAt);
    else stream.send(message);
  };
  stream.onClose((reason) => {
    services.bus.unsubscribe(user.id, deliver);
    services.log('stream-closed', { userId: user.id, reason });
    if (!services.streams.remove(user.id, stream)) return;
    // In a shutdown everyone reconnects to the next server; their peer connections need not end.
    if (!services.streams.shuttingDown) void leaveRooms(services, user);
  });
  // `connected` once events from any instance can reach this stream: only then does the client join rooms.
  services.bus.subscribe(user.id, deliver).then(
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
