import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { v4 as uuidv4, validate as isUuid } from 'uuid';
import type { AccessGrant, User } from './protocol.js';

/** What a presented token is worth: its user until `expiresAt`, or why it is refused. */
export type TokenCheck = { user: User; expiresAt: number } | { refused: string };

export interface TokenIssuer {
  /** A new user with a token. */
  issue(username: string): AccessGrant;
  /** A fresh token for a user who still holds a valid one: same id, new expiry. */
  renew(user: User): AccessGrant;
  /** Verifies a token presented once (the event stream): nothing of it is kept. */
  verify(token: string): TokenCheck;
  /** Verifies a token presented again and again (bearer API calls), remembering the answer until it expires. */
  check(token: string): TokenCheck;
}

/** Tokens already verified, remembered up to this many: a client presents the same one on every relay. */
const VERIFIED_CACHE_SIZE = 20_000;

// A KeyObject made once: jsonwebtoken re-derives a key from a string secret on every call (~50x slower).
export function createTokenIssuer(secret: string, ttlSeconds: number): TokenIssuer {
  // Verifying (HMAC and JSON) was a large part of each relay; a token's answer cannot change but by expiring,
  // which is checked on every use.
  const verified = new Map<string, { user: User; expiresAt: number }>();
  const key: KeyObject = createSecretKey(Buffer.from(secret, 'utf8'));
  const sign = (user: User): AccessGrant => {
    const token = jwt.sign({ id: user.id, username: user.username }, key, { algorithm: 'HS256', expiresIn: ttlSeconds });
    return { token, user, expiresAt: (jwt.decode(token) as { exp: number }).exp * 1000 };
  };
  const verify = (token: string): TokenCheck => {
    let payload: unknown;
    try {
      // Only HS256: a token saying alg "none" (or any other) is refused.
      payload = jwt.verify(token, key, { algorithms: ['HS256'] });
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) return { refused: 'token expired: get a new one from POST /access' };
      return { refused: 'invalid token' };
    }
    const { id, username, exp } = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
    if (typeof id !== 'string' || !isUuid(id) || typeof username !== 'string' || typeof exp !== 'number') {
      return { refused: 'invalid token: it does not name a user' };
    }
    return { user: { id, username }, expiresAt: exp * 1000 };
  };
  return {
    issue: (username) => sign({ id: uuidv4(), username }),
    renew: (user) => sign(user),
    verify,
    check(token) {
      const known = verified.get(token);
      if (known && known.expiresAt > Date.now()) return known;
      if (known) verified.delete(token);
      const answer = verify(token);
      if ('refused' in answer) return answer;
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
      verified.set(token, answer);
      return answer;
    },
  };
}
