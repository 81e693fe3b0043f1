import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { v4 as uuidv4, validate as isUuid } from 'uuid';
import type { User } from './protocol.js';

export interface TokenIssuer {
  issue(username: string): { token: string; user: User };
  /** The user the token was issued to, or null when it is malformed, forged or expired. */
  verify(token: string): User | null;
}

// A KeyObject made once: jsonwebtoken re-derives a key from a string secret on every call (~50x slower).
export function createTokenIssuer(secret: string, ttlSeconds: number): TokenIssuer {
  const key: KeyObject = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    issue(username) {
      const user: User = { id: uuidv4(), username };
      const token = jwt.sign({ id: user.id, username }, key, { algorithm: 'HS256', expiresIn: ttlSeconds });
      return { token, user };
    },
    verify(token) {
      try {
        const payload = jwt.verify(token, key, { algorithms: ['HS256'] });
        if (typeof payload !== 'object' || payload === null) return null;
        const { id, username } = payload as Record<string, unknown>;
        if (typeof id !== 'string' || !isUuid(id) || typeof username !== 'string') return null;
        return { id, username };
      } catch {
        return null;
      }
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
