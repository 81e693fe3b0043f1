import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export type AllowedOrigins = '*' | string[];

const ANY_ORIGIN: Readonly<Record<string, string>> = Object.freeze({ 'Access-Control-Allow-Origin': '*' });
const OTHER_ORIGIN: Readonly<Record<string, string>> = Object.freeze({ Vary: 'Origin' });

/** The CORS headers of an answer to a request from `origin` (the same objects every time when they can be). */
export function corsHeaders(origin: string | undefined, allowed: AllowedOrigins): Readonly<Record<string, string>> {
  if (allowed === '*') return ANY_ORIGIN;
  if (origin && allowed.includes(origin)) return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  return OTHER_ORIGIN;
}

/**
 * CORS for the API: preflights through hono/cors; on every other answer the headers are set after the route,
 * on the finished response. hono/cors touches the response before the route runs, which made Hono rebuild
 * each answer as a full web Response with a body stream: much of what a relay allocated (bench/README.md#cors).
 */
export function apiCors(allowed: AllowedOrigins): MiddlewareHandler {
  const preflight = cors({
    origin: allowed,
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    for (const [name, value] of Object.entries(corsHeaders(c.req.header('origin'), allowed))) {
      // Added to a route's own Vary (the widget script varies on Accept-Encoding), never replacing it.
      if (name === 'Vary') c.res.headers.append(name, value);
      else c.res.headers.set(name, value);
    }
  };
}
