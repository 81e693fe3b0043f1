import { Hono } from 'hono';
import type { AppEnv, AppServices } from '../signaling/context.js';
import { clientLimit } from '../http/client-limit.js';
import { HttpError } from '../http/errors.js';
import { readJsonObject } from '../http/json-body.js';
import { normalizeUsername, usernameProblem } from '../../protocol/signaling.js';
import { bearerToken, refusedToken } from '../http/bearer.js';
import { requireUser } from '../http/require-user.js';

/**
 * POST /access {username} → {token, user, expiresAt}: who you are for the next TOKEN_TTL_SECONDS.
 * POST /access/refresh (Bearer, still valid) → the same for the same user, with a new expiry; the presented token
 * is refused from then on, and the user's open stream lasts as long as the new one. Refused (401) once the
 * session began SESSION_MAX_SECONDS ago: a stolen token cannot be kept alive for ever.
 */
const ACCESS_BODY_LIMIT_BYTES = 1024;

export function accessRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post(
    '/access',
    clientLimit(services, (address) => services.clients.takeAccess(address)),
    async (c) => {
      const body = await readJsonObject(c, ACCESS_BODY_LIMIT_BYTES);
      if (typeof body.username !== 'string') throw new HttpError(400, 'username must be a string');
      const problem = usernameProblem(body.username);
      if (problem) throw new HttpError(400, problem);
      const username = normalizeUsername(body.username);
      const { token, user, expiresAt } = services.tokens.issue(username);
      services.log('access', { userId: user.id });
      return c.json({ token, user, expiresAt });
    },
  );
  app.post('/access/refresh', requireUser(services), async (c) => {
    const renewed = await services.tokens.renew(bearerToken(c.req.header('authorization')));
    if ('refused' in renewed) throw refusedToken(renewed.refused);
    const { token, user, expiresAt } = renewed;
    // The new token is issued and the old one refused already: a stream that misses the news ends with the old
    // token's expiry and reconnects with the new one, so a failure here must not cost the client its token.
    await services.bus.publish(user.id, { event: 'token-renewed', data: { expiresAt } }).catch((error: unknown) => {
      services.log('renewal-not-told', { userId: user.id, error: String(error) });
    });
    services.log('access-renewed', { userId: user.id });
    return c.json({ token, user, expiresAt });
  });
  return app;
}
