import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv, AppServices } from '../context.js';
import { errorResponse, readJsonObject } from '../errors.js';
import { USERNAME_MAX_LENGTH } from '../protocol.js';

/** POST /access {username} → {token, user}: who you are for the next TOKEN_TTL_SECONDS. */
export function accessRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post(
    '/access',
    bodyLimit({ maxSize: 1024, onError: (c) => errorResponse(c, 413, 'request body is over the 1 KB limit') }),
    async (c) => {
      const body = await readJsonObject(c);
      if (typeof body.username !== 'string') return errorResponse(c, 400, 'username must be a string');
      const username = body.username.trim();
      if (username.length < 1 || username.length > USERNAME_MAX_LENGTH) {
        return errorResponse(c, 400, `username must be 1 to ${USERNAME_MAX_LENGTH} characters after trimming`);
      }
      const { token, user } = services.tokens.issue(username);
      services.log('access', { userId: user.id });
      return c.json({ token, user });
    },
  );
  return app;
}
