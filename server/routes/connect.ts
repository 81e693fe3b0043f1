import { Hono } from 'hono';
import type { AppEnv, AppServices } from '../context.js';
import { errorResponse } from '../errors.js';
import type { User } from '../protocol.js';
import { SSE_HEADERS, SseStream } from '../sse.js';

/** GET /connect?token=… → the user's event stream (EventSource cannot send an Authorization header). */
export function connectRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const openStreams = new Map<string, SseStream>();

  app.get('/connect', (c) => {
    const token = c.req.query('token');
    if (!token) return errorResponse(c, 401, 'missing token: use /connect?token=<token from POST /access>');
    const user = services.tokens.verify(token);
    if (!user) return errorResponse(c, 401, 'invalid or expired token');

    const stream = new SseStream(services.stream);
    // One stream per user: a reconnecting client replaces its old stream instead of doubling every event.
    openStreams.get(user.id)?.close('replaced by a newer stream of the same user');
    openStreams.set(user.id, stream);
    const unsubscribe = services.bus.subscribe(user.id, (event) => stream.send(event));
    stream.onClose((reason) => {
      unsubscribe();
      services.log('stream-closed', { userId: user.id, reason });
      if (openStreams.get(user.id) !== stream) return;
      openStreams.delete(user.id);
      void leaveRooms(services, user);
    });
    c.req.raw.signal.addEventListener('abort', () => stream.close('client disconnected'));

    stream.send({ event: 'connected', data: { user } });
    services.log('stream-opened', { userId: user.id });
    return c.body(stream.body, 200, SSE_HEADERS);
  });
  return app;
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
