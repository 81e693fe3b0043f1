import { Hono } from 'hono';
import { validate as isUuid } from 'uuid';
import type { AppEnv, AppServices } from '../context.js';
import { errorResponse } from '../errors.js';
import { readJsonObject } from '../json-body.js';
import { RELAY_EVENTS, isRelayEvent } from '../protocol.js';
import { requireUser } from '../require-user.js';

export const RELAY_BODY_LIMIT_BYTES = 16 * 1024;

/** POST /relay/:peerId/:event → the peer receives `event` with {peer: sender, data: body}. */
export function relayRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post(
    '/relay/:peerId/:event',
    requireUser(services),
    async (c) => {
      const { peerId, event } = c.req.param();
      const sender = c.get('user');
      const wait = services.relayRate.take(sender.id);
      if (wait > 0) {
        services.log('relay-rate-limited', { userId: sender.id });
        c.header('Retry-After', String(Math.max(1, Math.ceil(wait))));
        return errorResponse(c, 429, `too many relays: at most ${services.limits.relayPerSecond} a second on average`);
      }
      if (!isRelayEvent(event)) {
        return errorResponse(c, 400, `cannot relay "${event.slice(0, 40)}": allowed events are ${RELAY_EVENTS.join(', ')}`);
      }
      if (!isUuid(peerId)) return errorResponse(c, 400, 'peer id must be a user id (uuid)');
      if (peerId === sender.id) return errorResponse(c, 400, 'cannot relay to yourself');
      const data = await readJsonObject(c, RELAY_BODY_LIMIT_BYTES);

      if (!(await services.rooms.shareRoom(sender.id, peerId))) {
        if (await services.bus.isConnected(peerId)) {
          services.log('relay-refused', { userId: sender.id, peerId, event });
          return errorResponse(c, 403, `peer ${peerId} is not in any room of yours`);
        }
        return errorResponse(c, 404, `peer ${peerId} is not connected`);
      }
      await services.bus.publish(peerId, { event, data: { peer: sender, data } });
      return c.json({ delivered: true });
    },
  );
  return app;
}
