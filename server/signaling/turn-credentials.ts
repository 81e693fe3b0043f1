import { createHmac } from 'node:crypto';
import type { IceServer, IceServersAnswer } from '../../protocol/ice-servers.js';

/** The ICE servers this server hands out (STUN_URLS, TURN_URLS, TURN_SECRET, TURN_TTL_SECONDS). */
export interface IceServerOptions {
  stunUrls: string[];
  turnUrls: string[];
  /** coturn's static-auth-secret; required when turnUrls is not empty. Never logged, never answered. */
  turnSecret: string | undefined;
  /** How long the TURN credentials of one answer work. */
  turnTtlSeconds: number;
}

/**
 * A TURN REST credential (draft-uberti-behave-turn-rest, what coturn's use-auth-secret checks): the password of
 * `username` is base64(HMAC-SHA1(secret, username)), so coturn can check it without asking us.
 */
export function turnCredential(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

/**
 * The ICE servers for `userId` at `nowMs`: the STUN URLs as they are, and the TURN URLs with a username
 * `<expiry unix seconds>:<userId>` and its credential, good for turnTtlSeconds. With nothing configured the
 * list is empty: peers then offer host candidates only.
 */
export function iceServersFor(userId: string, options: IceServerOptions, nowMs: number): IceServersAnswer {
  const expirySeconds = Math.floor(nowMs / 1000) + options.turnTtlSeconds;
  const iceServers: IceServer[] = [];
  if (options.stunUrls.length > 0) iceServers.push({ urls: [...options.stunUrls] });
  if (options.turnUrls.length > 0 && options.turnSecret) {
    const username = `${expirySeconds}:${userId}`;
    iceServers.push({ urls: [...options.turnUrls], username, credential: turnCredential(options.turnSecret, username) });
  }
  return { iceServers, expiresAt: expirySeconds * 1000 };
}
