import type { TokenCheck, TokenIssuer } from '../signaling/auth.js';
import { HttpError } from './errors.js';

export const MISSING_BEARER = 'missing Authorization: Bearer <token> header';
export const MALFORMED_BEARER = 'Authorization header must be "Bearer <token>"';

// RFC 6750's b64token, as hono/bearer-auth (which these routes used before) accepts it.
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

// RFC 6750 challenges: none given (401 with the realm), unreadable (400), refused (401).
const NO_CREDENTIALS = Object.freeze({ 'WWW-Authenticate': 'Bearer realm=""' });
const INVALID_REQUEST = Object.freeze({ 'WWW-Authenticate': 'Bearer error="invalid_request"' });
const INVALID_TOKEN = Object.freeze({ 'WWW-Authenticate': 'Bearer error="invalid_token"' });

/** A 401 for a token that was read but refused (expired, forged, replaced, session over), with its challenge. */
export function refusedToken(reason: string): HttpError {
  return new HttpError(401, reason, INVALID_TOKEN);
}

/**
 * The token of an `Authorization: Bearer <token>` header; throws the HttpError that says what is wrong: 401 when
 * there is none, 400 when it is not a bearer token.
 */
export function bearerToken(header: string | undefined): string {
  if (!header) throw new HttpError(401, MISSING_BEARER, NO_CREDENTIALS);
  const token = BEARER.exec(header)?.[1];
  if (!token) throw new HttpError(400, MALFORMED_BEARER, INVALID_REQUEST);
  return token;
}

/** Who sent a request with this `Authorization` header, or the HttpError (400/401) that refuses it. */
export function authenticate(tokens: TokenIssuer, header: string | undefined): Exclude<TokenCheck, { refused: string }> {
  const check = tokens.check(bearerToken(header));
  if ('refused' in check) throw refusedToken(check.refused);
  return check;
}
