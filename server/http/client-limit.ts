import type { MiddlewareHandler } from 'hono';
import type { LimitRefusal } from '../signaling/client-limits.js';
import type { AppEnv, AppServices } from '../signaling/context.js';

/**
 * Counts a request against its client address's allowance (`take` is ClientGate's takeAccess or takeJoin),
 * answering 429 with Retry-After when it is spent. Before the route's work: a refused flood costs nothing more.
 */
export function clientLimit(services: AppServices, take: (address: string) => LimitRefusal | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.env?.incoming;
    const refusal = take(services.clientAddress(incoming?.headers ?? {}, incoming?.socket.remoteAddress));
    if (!refusal) return next();
    return c.json({ error: refusal.error }, 429, { 'Retry-After': String(refusal.retryAfterSeconds) });
  };
}
