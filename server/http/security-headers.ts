import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Security headers: the full hono/secure-headers set on what a browser loads (GET: pages, the widget script,
 * redirects); only nosniff on the JSON answers to API calls, where the rest mean nothing and each header more
 * was measurable work on every relay.
 */
export function securityHeaders(): MiddlewareHandler {
  // The widget script is loaded by other origins' pages: its resource policy must allow them.
  const forPages = secureHeaders({ crossOriginResourcePolicy: 'cross-origin' });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return forPages(c, next);
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  };
}
