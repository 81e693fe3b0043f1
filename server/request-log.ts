import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import type { Logger } from './log.js';
import { elapsedMs } from './node-answer.js';

/**
 * One structured line per request: method, path (never the query string, which carries /connect's token),
 * status, time taken, and the user and room when the route knew them.
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
    });
  };
}
