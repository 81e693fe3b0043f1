import { validate as isUuid } from 'uuid';
import type { AppServices } from '../signaling/context.js';
import { authenticate } from '../http/bearer.js';
import { HttpError } from '../http/errors.js';
import { readNodeJsonObject } from '../http/json-body.js';
import type { NodeRouteHandler } from '../http/node-route.js';
import { RELAY_EVENTS, isRelayEvent } from '../../protocol/signaling.js';

export const RELAY_BODY_LIMIT_BYTES = 16 * 1024;

const DELIVERED = Object.freeze({ delivered: true });

/**
 * POST /relay/:peerId/:event → the peer receives `event` with {peer: sender, data: body}. The hot path of
 * signaling (every ICE candidate), so on node:http like /connect (nodeRoute): through Hono a relay cost twice the
 * CPU of a do-nothing relay server and carried fewer relays a second (measured: see bench/README.md#relay).
 * CORS preflights for it still go through Hono.
 */
export function relayRoute(services: AppServices): NodeRouteHandler {
  return async (exchange) => {
    const { request } = exchange;
    const sender = authenticate(services.tokens, request.headers.authorization).user;
    exchange.userId = sender.id;
    const wait = services.relayRate.take(sender.id);
    if (wait > 0) {
      services.log('relay-rate-limited', { userId: sender.id });
      const retryAfter = String(Math.max(1, Math.ceil(wait)));
      throw new HttpError(429, `too many relays: at most ${services.limits.relayPerSecond} a second on average`, { 'Retry-After': retryAfter });
    }
    const peerId = exchange.param('peerId');
    const event = exchange.param('event');
    if (!isRelayEvent(event)) throw new HttpError(400, `cannot relay "${event.slice(0, 40)}": allowed events are ${RELAY_EVENTS.join(', ')}`);
    if (!isUuid(peerId)) throw new HttpError(400, 'peer id must be a user id (uuid)');
    if (peerId === sender.id) throw new HttpError(400, 'cannot relay to yourself');
    const data = await readNodeJsonObject(request, RELAY_BODY_LIMIT_BYTES);

    // A stranger gets the same answer whether the peer is online or not: otherwise anyone could test who is.
    // Its request line (404, sender, path) is the only log of it: one line a refusal, digested per client.
    if (!(await services.rooms.shareRoom(sender.id, peerId))) throw notReachable(peerId);
    // A member whose instance died is still listed until the sweep: nothing took the message, so say so.
    if (!(await services.bus.publish(peerId, { event, data: { peer: sender, data } }))) throw notReachable(peerId);
    return DELIVERED;
  };
}

const notReachable = (peerId: string) => new HttpError(404, `peer ${peerId} is not connected to a room of yours`);
