import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../signaling/context.js';
import type { Logger } from '../log/log.js';
import { elapsedMs } from './node-answer.js';

/**
 * One structured line per request: method, path (never the query string, which carries /connect's token),
 * status, time taken, and the user and room when the route knew them; a refused request (4xx) also names the
 * client's address, which is what its refusals are counted by when it has no valid token.
 */
export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log('request', {
      method: c.req.method,
      path: c.req.path.slice(0, 200),
      status: c.res.status,
      ms: elapsedMs(started),
      userId: c.get('user')?.id,
      roomId: c.get('roomId'),
      ...(c.res.status >= 400 && c.res.status < 500 ? { clientAddress: clientAddress(c.env) } : {}),
    });
  };
}

/** The address the request came from, under node:http (absent when Hono is called directly, as in app.request()). */
function clientAddress(env: unknown): string | undefined {
  return (env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress;
}
