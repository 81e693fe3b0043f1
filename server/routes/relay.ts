import type { AppServices } from '../signaling/context.js';
import { authenticate } from '../http/bearer.js';
import { HttpError } from '../http/errors.js';
import { readNodeJsonObject } from '../http/json-body.js';
import type { NodeRouteHandler } from '../http/node-route.js';
import { RELAY_EVENTS, isRelayEvent, userIdOfMember } from '../../protocol/signaling.js';
import { isMemberId, senderMemberOf } from '../signaling/members.js';

export const RELAY_BODY_LIMIT_BYTES = 16 * 1024;

const DELIVERED = Object.freeze({ delivered: true });

/**
 * POST /relay/:peerId/:event {from, data} → member `peerId` receives `event` with {to: peerId, peer: the sender's
 * member record, data}. Both are members (widgets) of one room; the sender is one of the token's user's, the
 * peer may be too (another tab of the same browser). The hot path of signaling (every ICE candidate), so on
 * node:http like /connect (nodeRoute): through Hono a relay cost twice the CPU of a do-nothing relay server and
 * carried fewer relays a second (measured: see bench/README.md#relay). CORS preflights for it still go through
 * Hono.
 */
export function relayRoute(services: AppServices): NodeRouteHandler {
  return async (exchange) => {
    const { request } = exchange;
    const sender = authenticate(services.tokens, request.headers.authorization).user;
    exchange.userId = sender.id;
    const peerId = exchange.param('peerId');
    const event = exchange.param('event');
    if (!isRelayEvent(event)) throw new HttpError(400, `cannot relay "${event.slice(0, 40)}": allowed events are ${RELAY_EVENTS.join(', ')}`);
    if (!isMemberId(peerId)) throw new HttpError(400, 'peer id must be a member id: "<user id>.<member key>"');
    const body = await readNodeJsonObject(request, RELAY_BODY_LIMIT_BYTES);
    const from = senderMemberOf(body, sender.id);
    if (peerId === from) throw new HttpError(400, 'cannot relay to yourself');
    const { data } = body;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new HttpError(400, 'data must be a JSON object');
    // Per member: a browser's one user carries every widget of every tab, each with its own peers to signal to;
    // and per user, so that member ids made up for fresh buckets buy nothing.
    const wait = Math.max(services.relayRateOfUser.take(sender.id), services.relayRate.take(from));
    if (wait > 0) {
      services.log('relay-rate-limited', { userId: sender.id, memberId: from });
      const retryAfter = String(Math.max(1, Math.ceil(wait)));
      throw new HttpError(429, `too many relays: at most ${services.limits.relayPerSecond} a second on average`, { 'Retry-After': retryAfter });
    }

    // A stranger gets the same answer whether the peer is online or not: otherwise anyone could test who is.
    // Its request line (404, sender, path) is the only log of it: one line a refusal, digested per client.
    const peer = await services.rooms.relaySender(from, peerId);
    if (!peer) throw notReachable(peerId);
    // A member whose instance died is still listed until the sweep: nothing took the message, so say so.
    const delivered = await services.bus.publish(userIdOfMember(peerId)!, { event, data: { to: peerId, peer, data } });
    if (!delivered) throw notReachable(peerId);
    return DELIVERED;
  };
}

const notReachable = (peerId: string) => new HttpError(404, `peer ${peerId} is not connected to a room of yours`);
