import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import type { AppEnv, AppServices } from './context.js';

/** Bearer-token authentication; the verified user is available as c.get('user'). */
export function requireUser({ tokens }: AppServices): MiddlewareHandler<AppEnv> {
  return bearerAuth<AppEnv>({
    verifyToken: (token, c) => {
      const user = tokens.verify(token);
      if (user) c.set('user', user);
      return user !== null;
    },
    noAuthenticationHeader: { message: { error: 'missing Authorization: Bearer <token> header' } },
    invalidAuthenticationHeader: { message: { error: 'Authorization header must be "Bearer <token>"' } },
    invalidToken: { message: { error: 'invalid or expired token' } },
  });
}
