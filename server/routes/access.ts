import { Hono } from 'hono';
import type { AppEnv, AppServices } from '../context.js';
import { errorResponse } from '../errors.js';
import { readJsonObject } from '../json-body.js';
import { normalizeUsername, usernameProblem } from '../protocol.js';
import { requireUser } from '../require-user.js';

/**
 * POST /access {username} → {token, user, expiresAt}: who you are for the next TOKEN_TTL_SECONDS.
 * POST /access/refresh (Bearer, still valid) → the same for the same user, with a new expiry; the user's open
 * stream then lasts as long as the new token.
 */
const ACCESS_BODY_LIMIT_BYTES = 1024;

export function accessRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post(
    '/access',
    async (c) => {
      const body = await readJsonObject(c, ACCESS_BODY_LIMIT_BYTES);
      if (typeof body.username !== 'string') return errorResponse(c, 400, 'username must be a string');
      const problem = usernameProblem(body.username);
      if (problem) return errorResponse(c, 400, problem);
      const username = normalizeUsername(body.username);
      const { token, user, expiresAt } = services.tokens.issue(username);
      services.log('access', { userId: user.id });
      return c.json({ token, user, expiresAt });
    },
  );
  app.post('/access/refresh', requireUser(services), async (c) => {
    const { token, user, expiresAt } = services.tokens.renew(c.get('user'));
    await services.bus.publish(user.id, { event: 'token-renewed', data: { expiresAt } });
    services.log('access-renewed', { userId: user.id });
    return c.json({ token, user, expiresAt });
  });
  return app;
}
