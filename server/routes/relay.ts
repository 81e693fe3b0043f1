import type { IncomingMessage } from 'node:http';
import { HTTPException } from 'hono/http-exception';
import { validate as isUuid } from 'uuid';
import type { AppServices } from '../signaling/context.js';
import { corsHeaders, type AllowedOrigins } from '../http/cors.js';
import { StoreUnavailableError } from '../http/errors.js';
import { readNodeJsonObject } from '../http/json-body.js';
import { answerJson, elapsedMs } from '../http/node-answer.js';
import { RELAY_EVENTS, isRelayEvent, type User } from '../../protocol/signaling.js';
import { MALFORMED_BEARER, MISSING_BEARER } from '../http/require-user.js';
import type { NodeHandler } from './connect.js';

export const RELAY_BODY_LIMIT_BYTES = 16 * 1024;
/** The requests this handler takes; any other path under /relay/ is Hono's (and a 404). */
export const RELAY_PATH = /^\/relay\/([^/?]+)\/([^/?]+)(?:\?|$)/;

// hono/bearer-auth's token syntax (RFC 6750 b64token).
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/** Why a relay is refused: its status, message and headers. */
class Refusal {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

/**
 * POST /relay/:peerId/:event → the peer receives `event` with {peer: sender, data: body}. The hot path of
 * signaling (every ICE candidate), so on node:http like /connect: through Hono a relay cost twice the CPU of a
 * do-nothing relay server and carried fewer relays a second (measured: see bench/README.md#relay).
 * CORS preflights for it still go through Hono.
 */
export function relayHandler(services: AppServices, allowedOrigins: AllowedOrigins): NodeHandler {
  return (request, response) => {
    const started = performance.now();
    const path = (request.url ?? '').split('?')[0]!.slice(0, 200);
    const seen: { sender?: User } = {};
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      answerJson(response, status, body, { ...corsHeaders(request.headers.origin, allowedOrigins), ...headers });
      // Refusals name the client's address too: the log digests them per client, signed in or not.
      const clientAddress = status >= 400 ? request.socket.remoteAddress : undefined;
      services.log('request', { method: 'POST', path, status, ms: elapsedMs(started), userId: seen.sender?.id, clientAddress });
    };
    relay(services, request, seen).then(
      () => answer(200, { delivered: true }),
      (error: unknown) => {
        if (error instanceof Refusal) return answer(error.status, { error: error.error }, error.headers);
        if (error instanceof HTTPException) return answer(error.status, { error: error.message });
        if (error instanceof StoreUnavailableError) {
          return answer(503, { error: error.message }, { 'Retry-After': String(error.retryAfterSeconds) });
        }
        services.log('internal-error', { method: 'POST', path, error: String(error) });
        answer(500, { error: 'internal server error' });
      },
    );
  };
}

async function relay(services: AppServices, request: IncomingMessage, seen: { sender?: User }): Promise<void> {
  const [, rawPeerId = '', rawEvent = ''] = RELAY_PATH.exec(request.url ?? '') ?? [];
  const sender = authenticate(services, request.headers.authorization);
  seen.sender = sender;
  const wait = services.relayRate.take(sender.id);
  if (wait > 0) {
    services.log('relay-rate-limited', { userId: sender.id });
    const retryAfter = String(Math.max(1, Math.ceil(wait)));
    throw new Refusal(429, `too many relays: at most ${services.limits.relayPerSecond} a second on average`, { 'Retry-After': retryAfter });
  }
  const [peerId, event] = [decode(rawPeerId), decode(rawEvent)];
  if (!isRelayEvent(event)) throw new Refusal(400, `cannot relay "${event.slice(0, 40)}": allowed events are ${RELAY_EVENTS.join(', ')}`);
  if (!isUuid(peerId)) throw new Refusal(400, 'peer id must be a user id (uuid)');
  if (peerId === sender.id) throw new Refusal(400, 'cannot relay to yourself');
  const data = await readNodeJsonObject(request, RELAY_BODY_LIMIT_BYTES);

  // A stranger gets the same answer whether the peer is online or not: otherwise anyone could test who is.
  // Its request line (404, sender, path) is the only log of it: one line a refusal, digested per client.
  if (!(await services.rooms.shareRoom(sender.id, peerId))) {
    throw new Refusal(404, notReachable(peerId));
  }
  // A member whose instance died is still listed until the sweep: nothing took the message, so say so.
  if (!(await services.bus.publish(peerId, { event, data: { peer: sender, data } }))) {
    throw new Refusal(404, notReachable(peerId));
  }
}

/** The sender, from `Authorization: Bearer <token>`, with hono/bearer-auth's statuses and challenges. */
function authenticate(services: AppServices, header: string | undefined): User {
  if (!header) throw new Refusal(401, MISSING_BEARER, { 'WWW-Authenticate': 'Bearer realm=""' });
  const token = BEARER.exec(header)?.[1];
  if (!token) throw new Refusal(400, MALFORMED_BEARER, { 'WWW-Authenticate': 'Bearer error="invalid_request"' });
  const check = services.tokens.check(token);
  if ('refused' in check) throw new Refusal(401, check.refused, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  return check.user;
}

const notReachable = (peerId: string) => `peer ${peerId} is not connected to a room of yours`;

/** A path segment as Hono's params give it: percent-decoded when that is valid. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
