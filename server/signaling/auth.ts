import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { v4 as uuidv4, validate as isUuid } from 'uuid';
import type { AccessGrant, User } from '../../protocol/signaling.js';
import { SERVER_DEFAULTS } from '../defaults.js';
import { systemClock, type Clock } from './clock.js';
import { MemoryTokenSerials, type TokenSerials } from './token-serials.js';

/** Where a token stands in its user's session: when the session's first token was issued, and which refresh this is. */
export interface Session {
  /** When POST /access issued the session's first token, in ms since the epoch; refreshes carry it on. */
  startedAt: number;
  /** 1 for the first token, one more for each refresh. */
  serial: number;
}

/** What a presented token is worth: its user until `expiresAt`, or why it is refused. */
export type TokenCheck = { user: User; expiresAt: number; session: Session } | { refused: string };

export interface TokenIssuer {
  /** A new user with a token. */
  issue(username: string): AccessGrant;
  /**
   * A token for the same user replacing `token`, which is refused from then on; refused itself once the session
   * began more than the session's maximum ago, or when `token` was replaced already.
   */
  renew(token: string): Promise<AccessGrant | { refused: string }>;
  /** Verifies a token presented once (the event stream): nothing of it is kept. */
  verify(token: string): TokenCheck;
  /** Verifies a token presented again and again (bearer API calls), remembering the answer until it expires. */
  check(token: string): TokenCheck;
}

export interface TokenPolicy {
  secret: string;
  ttlSeconds: number;
  /** A session is refreshed for at most this long after its first token; then the client gets a new identity. */
  sessionMaxSeconds: number;
  /** The newest serial per user, shared by every instance. */
  serials: TokenSerials;
  /** What tokens are stamped and checked against (the system's unless given). */
  clock: Clock;
}

export const TOKEN_REPLACED = 'token replaced by a newer one: use the token from your last POST /access/refresh';
export const sessionOver = (maxSeconds: number) =>
  `session began more than ${maxSeconds} s ago: get a new identity from POST /access`;

/** Tokens already verified, remembered up to this many: a client presents the same one on every relay. */
const VERIFIED_CACHE_SIZE = 20_000;

type Accepted = Exclude<TokenCheck, { refused: string }>;

// A KeyObject made once: jsonwebtoken re-derives a key from a string secret on every call, many
// times slower (measured: see bench/README.md#token-keys).
export function createTokenIssuer(policy: Partial<TokenPolicy> & Pick<TokenPolicy, 'secret'>): TokenIssuer {
  const {
    secret,
    ttlSeconds = SERVER_DEFAULTS.tokenTtlSeconds,
    sessionMaxSeconds = SERVER_DEFAULTS.sessionMaxSeconds,
    clock = systemClock,
    serials = new MemoryTokenSerials(() => clock.now()),
  } = policy;
  // Verifying (HMAC and JSON) was a large part of each relay; a token's answer cannot change but by expiring or
  // being replaced, both checked on every use.
  const verified = new Map<string, Accepted>();
  const key: KeyObject = createSecretKey(Buffer.from(secret, 'utf8'));
  const sign = (user: User, session: Session): AccessGrant => {
    // iat from the clock: jsonwebtoken would read the system's, and exp counts from iat.
    const iat = Math.floor(clock.now() / 1000);
    const claims = { id: user.id, username: user.username, sessionStartedAt: session.startedAt, serial: session.serial, iat };
    const token = jwt.sign(claims, key, { algorithm: 'HS256', expiresIn: ttlSeconds });
    return { token, user, expiresAt: (jwt.decode(token) as { exp: number }).exp * 1000 };
  };
  const replaced = (answer: Accepted) => answer.session.serial < serials.newest(answer.user.id);
  const verify = (token: string): TokenCheck => {
    const answer = verifySignature(token, key, clock.now());
    return 'refused' in answer || !replaced(answer) ? answer : { refused: TOKEN_REPLACED };
  };
  const check = (token: string): TokenCheck => {
    const known = verified.get(token);
    if (known && known.expiresAt > clock.now() && !replaced(known)) return known;
    if (known) verified.delete(token);
    const answer = verify(token);
    if ('refused' in answer) return answer;
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, answer);
    return answer;
  };
  return {
    issue: (username) => sign({ id: uuidv4(), username }, { startedAt: clock.now(), serial: 1 }),
    async renew(token) {
      const current = check(token);
      if ('refused' in current) return current;
      if (clock.now() - current.session.startedAt > sessionMaxSeconds * 1000) return { refused: sessionOver(sessionMaxSeconds) };
      const session = { ...current.session, serial: current.session.serial + 1 };
      const grant = sign(current.user, session);
      // Two refreshes of one token (the owner's and a thief's): only the first gets a token.
      if (!(await serials.claim(current.user.id, session.serial, grant.expiresAt))) return { refused: TOKEN_REPLACED };
      return grant;
    },
    verify,
    check,
  };
}

/** The token's user and session if the signature and claims hold at `now` (ms since the epoch), else why not. */
function verifySignature(token: string, key: KeyObject, now: number): TokenCheck {
  let payload: unknown;
  try {
    // Only HS256: a token saying alg "none" (or any other) is refused.
    payload = jwt.verify(token, key, { algorithms: ['HS256'], clockTimestamp: Math.floor(now / 1000) });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) return { refused: 'token expired: get a new one from POST /access' };
    return { refused: 'invalid token' };
  }
  const claims = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const { id, username, exp, iat, sessionStartedAt, serial } = claims;
  if (typeof id !== 'string' || !isUuid(id) || typeof username !== 'string' || typeof exp !== 'number') {
    return { refused: 'invalid token: it does not name a user' };
  }
  // Tokens issued before sessions were counted carry neither claim: their session began when they were issued.
  const session: Session = {
    startedAt: typeof sessionStartedAt === 'number' ? sessionStartedAt : typeof iat === 'number' ? iat * 1000 : 0,
    serial: typeof serial === 'number' && Number.isSafeInteger(serial) && serial >= 1 ? serial : 1,
  };
  return { user: { id, username }, expiresAt: exp * 1000, session };
}
