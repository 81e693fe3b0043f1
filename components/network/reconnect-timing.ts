const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
/** A renewal that failed is tried again no sooner than this, so a token near its end cannot spin on a dead network. */
const RENEWAL_RETRY_MS = 5_000;

/**
 * Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to 30 s, each between half and all of that, so the
 * clients of a restarted server do not all come back in the same instant.
 */
export function nextRetryDelay(failures: number, random = Math.random()): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures, 16));
  return ceiling * (0.5 + random / 2);
}

/** The wait a server asked for (Retry-After), stretched by up to half so its clients do not return together. */
export function requestedRetryDelay(requestedMs: number, random = Math.random()): number {
  return Math.max(0, requestedMs) * (1 + random / 2);
}

/**
 * After a server-restart notice: between once and twice the wait it announced, so the clients of a restarted
 * server spread over that time instead of arriving in the same instant.
 */
export function restartRetryDelay(retryAfterMs: number, random = Math.random()): number {
  return Math.max(0, Number(retryAfterMs) || 0) * (1 + random);
}

/** When to renew a token: a minute before it expires, or at 80% of what is left for short-lived tokens. */
export function tokenRenewalDelay(expiresAt: number, now: number): number {
  const left = Math.max(0, expiresAt - now);
  return left - Math.min(60_000, left * 0.2);
}

/** When to try a renewal again after one failed (network down, 5xx): as planned, but never at once. */
export function renewalRetryDelay(expiresAt: number, now: number): number {
  return Math.max(RENEWAL_RETRY_MS, tokenRenewalDelay(expiresAt, now));
}
