const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/**
 * Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to 30 s, each between half and all of that, so the
 * clients of a restarted server do not all come back in the same instant.
 */
export function nextRetryDelay(failures: number, random = Math.random()): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures, 16));
  return ceiling * (0.5 + random / 2);
}

/** When to renew a token: a minute before it expires, or at 80% of what is left for short-lived tokens. */
export function tokenRenewalDelay(expiresAt: number, now: number): number {
  const left = Math.max(0, expiresAt - now);
  return left - Math.min(60_000, left * 0.2);
}
