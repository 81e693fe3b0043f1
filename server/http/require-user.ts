import type { MiddlewareHandler } from 'hono';
import type { AppEnv, AppServices } from '../signaling/context.js';
import { authenticate } from './bearer.js';

/**
 * Bearer-token authentication for Hono routes; the verified user is available as c.get('user') and the token's
 * expiry as c.get('expiresAt'). Refusals are bearer.ts's HttpErrors, answered like those of node:http's routes.
 */
export function requireUser({ tokens }: AppServices): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const { user, expiresAt } = authenticate(tokens, c.req.header('authorization'));
    c.set('user', user);
    c.set('expiresAt', expiresAt);
    return next();
  };
}
