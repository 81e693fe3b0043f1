import { Hono } from 'hono';
import type { AppEnv, AppServices } from '../signaling/context.js';
import type { Clock } from '../signaling/clock.js';
import { requireUser } from '../http/require-user.js';
import { iceServersFor, type IceServerOptions } from '../signaling/turn-credentials.js';

/**
 * GET /ice-servers (Bearer) → {iceServers, expiresAt}: STUN_URLS, and TURN_URLS with credentials for this user
 * that coturn accepts until expiresAt. Only for holders of a token: a TURN relay is bandwidth we pay for.
 */
export function iceServerRoutes(services: AppServices, options: IceServerOptions, clock: Clock): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/ice-servers', requireUser(services), (c) => {
    // Credentials: no cache or proxy may keep them, or hand one user's to another.
    c.header('Cache-Control', 'no-store');
    return c.json(iceServersFor(c.get('user').id, options, clock.now()));
  });
  return app;
}
