import { Hono } from 'hono';
import type { AppEnv, AppServices } from '../context.js';
import { errorResponse } from '../errors.js';
import type { User } from '../protocol.js';
import { SSE_HEADERS, SseStream } from '../sse.js';

// setTimeout's longest wait; a later expiry is waited for in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** GET /connect?token=… → the user's event stream (EventSource cannot send an Authorization header). */
export function connectRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/connect', (c) => {
    const token = c.req.query('token');
    if (!token) return errorResponse(c, 401, 'missing token: use /connect?token=<token from POST /access>');
    const check = services.tokens.check(token);
    if ('refused' in check) return errorResponse(c, 401, check.refused);
    if (services.streams.shuttingDown) {
      c.header('Retry-After', '2');
      return errorResponse(c, 503, 'the server is restarting: connect again in a moment');
    }
    const { user } = check;
    c.set('user', user);

    const stream = new SseStream(services.stream);
    services.streams.add(user.id, stream);
    // The stream lives as long as its token; a renewal (POST /access/refresh) moves the end.
    const expiry = new Deadline(check.expiresAt, () => {
      stream.send({ event: 'expired', data: { reason: 'token expired: get a new one and reconnect' } });
      stream.close('token expired');
    });
    const unsubscribe = services.bus.subscribe(user.id, (message) => {
      if (message.event === 'token-renewed') expiry.moveTo(message.data.expiresAt);
      else stream.send(message);
    });
    stream.onClose((reason) => {
      expiry.cancel();
      unsubscribe();
      services.log('stream-closed', { userId: user.id, reason });
      if (!services.streams.remove(user.id, stream)) return;
      // In a shutdown everyone reconnects to the next server; their peer connections need not end.
      if (!services.streams.shuttingDown) void leaveRooms(services, user);
    });
    c.req.raw.signal.addEventListener('abort', () => stream.close('client disconnected'));

    stream.send({ event: 'connected', data: { user } });
    services.log('stream-opened', { userId: user.id });
    return c.body(stream.body, 200, SSE_HEADERS);
  });
  return app;
}

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
