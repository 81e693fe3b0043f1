import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import type { AppEnv, AppServices } from '../signaling/context.js';

export const MISSING_BEARER = 'missing Authorization: Bearer <token> header';
export const MALFORMED_BEARER = 'Authorization header must be "Bearer <token>"';

// hono/bearer-auth's token syntax (RFC 6750 b64token).
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

/**
 * Bearer-token authentication; the verified user is available as c.get('user') and the token's expiry as
 * c.get('expiresAt'). A refused token gets 401 {error} saying whether it expired or is invalid.
 */
export function requireUser({ tokens }: AppServices): MiddlewareHandler<AppEnv> {
  return bearerAuth<AppEnv>({
    verifyToken: (token, c) => {
      const check = tokens.check(token);
      if ('refused' in check) {
        c.set('refusal', check.refused);
        return false;
      }
      c.set('user', check.user);
      c.set('expiresAt', check.expiresAt);
      return true;
    },
    noAuthenticationHeader: { message: { error: MISSING_BEARER } },
    invalidAuthenticationHeader: { message: { error: MALFORMED_BEARER } },
    invalidToken: { message: (c) => ({ error: c.get('refusal') ?? 'invalid token' }) },
  });
}
