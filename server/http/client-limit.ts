import type { MiddlewareHandler } from 'hono';
import type { LimitRefusal } from '../signaling/client-limits.js';
import type { AppEnv, AppServices } from '../signaling/context.js';
import { HttpError } from './errors.js';

/** A client over one of its allowances: 429, and when to try again. */
export function overLimit(refusal: LimitRefusal): HttpError {
  return new HttpError(429, refusal.error, { 'Retry-After': String(refusal.retryAfterSeconds) });
}

/**
 * Counts a request against its client address's allowance (`take` is ClientGate's takeAccess or takeJoin),
 * refusing it with 429 and Retry-After when it is spent. Before the route's work: a refused flood costs nothing more.
 */
export function clientLimit(services: AppServices, take: (address: string) => LimitRefusal | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.env?.incoming;
    const refusal = take(services.clientAddress(incoming?.headers ?? {}, incoming?.socket.remoteAddress));
    if (refusal) throw overLimit(refusal);
    return next();
  };
}
