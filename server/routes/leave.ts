import { Hono } from 'hono';
import type { AppEnv, AppServices } from '../signaling/context.js';
import { readJsonObject } from '../http/json-body.js';
import { memberIdOf } from '../../protocol/signaling.js';
import { requireUser } from '../http/require-user.js';
import { memberKeyOf } from '../signaling/members.js';
import { MEMBERSHIP_BODY_LIMIT_BYTES, roomIdOf } from './room-param.js';

/**
 * POST /:roomId/leave {member} → {left}: the user's widget `member` leaves the room (it was removed from its
 * page, or its tab closed while another tab keeps the stream); the members who remain hear remove-peer. Not
 * counted against the joins a client address may make: a leave tells nothing about other people's rooms.
 */
export function leaveRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/:roomId/leave', requireUser(services), async (c) => {
    const roomId = roomIdOf(c.req.param('roomId'));
    const user = c.get('user');
    c.set('roomId', roomId);
    const memberId = memberIdOf(user.id, memberKeyOf(await readJsonObject(c, MEMBERSHIP_BODY_LIMIT_BYTES)));
    const left = await services.rooms.leave(roomId, memberId);
    if (left) services.log('left-room', { userId: user.id, memberId, roomId });
    return c.json({ left });
  });
  return app;
}
