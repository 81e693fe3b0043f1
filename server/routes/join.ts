import { Hono } from 'hono';
import type { AppEnv, AppServices } from '../signaling/context.js';
import { clientLimit } from '../http/client-limit.js';
import { HttpError } from '../http/errors.js';
import { readJsonObject } from '../http/json-body.js';
import { memberIdOf, normalizeUsername, usernameProblem, type JoinAnswer, type Member, type User } from '../../protocol/signaling.js';
import { requireUser } from '../http/require-user.js';
import { memberKeyOf } from '../signaling/members.js';
import { MEMBERSHIP_BODY_LIMIT_BYTES, roomIdOf } from './room-param.js';

/**
 * POST /:roomId/join {member, username?} → the user's widget `member` joins the room as "<userId>.<member>":
 * every member already there gets add-peer {offer:false}; the joiner gets add-peer {offer:true} for each of them
 * and makes the offers. The answer says how many direct connections a browser may hold (MAX_MESH_PEERS): the
 * widget relays the pairs beyond.
 */
export function joinRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Joins are limited per address too: self-chosen room ids can be short enough to guess by trying.
  app.post('/:roomId/join', clientLimit(services, (address) => services.clients.takeJoin(address)), requireUser(services), async (c) => {
    const roomId = roomIdOf(c.req.param('roomId'));
    const user = c.get('user');
    c.set('roomId', roomId);
    const member = memberOf(user, await readJsonObject(c, MEMBERSHIP_BODY_LIMIT_BYTES));
    // The registry announces the join to the members and the members to the joiner, in the same step.
    const result = await services.rooms.join(roomId, member, services.limits);
    if (!result.joined && 'notConnected' in result) {
      throw new HttpError(409, 'open the event stream (GET /connect?token=…) before joining a room');
    }
    if (!result.joined && 'inRoom' in result) {
      throw new HttpError(400, `member ${member.id} is in room ${result.inRoom}: a widget joins one room; use a new key`);
    }
    if (!result.joined) {
      services.log('join-refused', { userId: user.id, memberId: member.id, roomId, reason: result.reason });
      throw new HttpError(409, result.reason, undefined, { code: result.code, limit: result.limit });
    }
    const { others, alreadyMember } = result;
    if (!alreadyMember) services.log('joined-room', { userId: user.id, memberId: member.id, roomId, members: others.length + 1 });
    await noteVisit(services, roomId);
    const answer: JoinAnswer = { roomId, member, peers: others, meshPeers: services.limits.maxMeshPeers, storage: services.storage !== null };
    return c.json(answer);
  });
  return app;
}

/**
 * A join is a visit to the room's stored board, which keeps it from expiring (ROOM_RETENTION_DAYS). The join
 * itself is done: a store that fails here is logged, not answered.
 */
async function noteVisit({ storage, log }: AppServices, roomId: string): Promise<void> {
  if (!storage) return;
  await storage.store.touch(roomId, storage.now()).catch((error: unknown) => log('visit-not-noted', { roomId, error: error instanceof Error ? error.message : String(error) }));
}

/** The member a join body asks for: the user's widget `member`, named `username` or else as the token is. */
function memberOf(user: User, body: Record<string, unknown>): Member {
  const key = memberKeyOf(body);
  const { username } = body;
  if (username === undefined) return { id: memberIdOf(user.id, key), userId: user.id, username: user.username };
  if (typeof username !== 'string') throw new HttpError(400, 'username must be a string');
  const problem = usernameProblem(username);
  if (problem) throw new HttpError(400, problem);
  return { id: memberIdOf(user.id, key), userId: user.id, username: normalizeUsername(username) };
}
