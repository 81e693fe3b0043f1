import { Hono } from 'hono';
import type { AppEnv, AppServices } from '../signaling/context.js';
import { clientLimit } from '../http/client-limit.js';
import { HttpError } from '../http/errors.js';
import { isRoomId, type JoinAnswer } from '../../protocol/signaling.js';
import { requireUser } from '../http/require-user.js';

/**
 * POST /:roomId/join → every member already there gets add-peer {offer:false};
 * the joiner gets add-peer {offer:true} for each of them and makes the offers. The answer says how many direct
 * connections a browser may hold (MAX_MESH_PEERS): the widget relays the pairs beyond.
 */
export function joinRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Joins are limited per address too: self-chosen room ids can be short enough to guess by trying.
  app.post('/:roomId/join', clientLimit(services, (address) => services.clients.takeJoin(address)), requireUser(services), async (c) => {
    const roomId = c.req.param('roomId');
    if (!isRoomId(roomId)) throw new HttpError(404, `no such room "${roomId.slice(0, 80)}": room ids are 8-64 characters of A-Z a-z 0-9 _ -`);
    const user = c.get('user');
    c.set('roomId', roomId);
    // The registry announces the join to the members and the members to the joiner, in the same step.
    const result = await services.rooms.join(roomId, user, services.limits);
    if (!result.joined && 'notConnected' in result) {
      throw new HttpError(409, 'open the event stream (GET /connect?token=…) before joining a room');
    }
    if (!result.joined) {
      services.log('join-refused', { userId: user.id, roomId, reason: result.reason });
      throw new HttpError(409, result.reason, undefined, { code: result.code, limit: result.limit });
    }
    const { others, alreadyMember } = result;
    if (!alreadyMember) services.log('joined-room', { userId: user.id, roomId, members: others.length + 1 });
    const answer: JoinAnswer = { roomId, peers: others, meshPeers: services.limits.maxMeshPeers };
    return c.json(answer);
  });
  return app;
}
