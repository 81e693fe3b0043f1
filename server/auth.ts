import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { v4 as uuidv4, validate as isUuid } from 'uuid';
import type { User } from './protocol.js';

export interface Access {
  token: string;
  user: User;
  /** When the token stops being accepted, in ms since the epoch. */
  expiresAt: number;
}

/** What a presented token is worth: its user until `expiresAt`, or why it is refused. */
export type TokenCheck = { user: User; expiresAt: number } | { refused: string };

export interface TokenIssuer {
  /** A new user with a token. */
  issue(username: string): Access;
  /** A fresh token for a user who still holds a valid one: same id, new expiry. */
  renew(user: User): Access;
  check(token: string): TokenCheck;
}

// A KeyObject made once: jsonwebtoken re-derives a key from a string secret on every call (~50x slower).
export function createTokenIssuer(secret: string, ttlSeconds: number): TokenIssuer {
  const key: KeyObject = createSecretKey(Buffer.from(secret, 'utf8'));
  const sign = (user: User): Access => {
    const token = jwt.sign({ id: user.id, username: user.username }, key, { algorithm: 'HS256', expiresIn: ttlSeconds });
    return { token, user, expiresAt: (jwt.decode(token) as { exp: number }).exp * 1000 };
  };
  return {
    issue: (username) => sign({ id: uuidv4(), username }),
    renew: (user) => sign(user),
    check(token) {
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
    },
  };
}
