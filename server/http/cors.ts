import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export type AllowedOrigins = '*' | string[];

/** The CORS headers of an answer to a request from `origin`. */
export function corsHeaders(origin: string | undefined, allowed: AllowedOrigins): Record<string, string> {
  if (allowed === '*') return { 'Access-Control-Allow-Origin': '*' };
  if (origin && allowed.includes(origin)) return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  return { Vary: 'Origin' };
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
