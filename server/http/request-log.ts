import type { MiddlewareHandler } from 'hono';
import type { AppEnv, AppServices } from '../signaling/context.js';
import type { NodeRequest } from './node-request.js';

/** What the request log says of one answered request. */
export interface AnsweredRequest {
  method: string;
  /** The path without its query string (which carries /connect's token). */
  path: string;
  status: number;
  /** performance.now() when the request came in. */
  started: number;
  userId?: string;
  roomId?: string;
}

/**
 * One structured line per request, for Hono's routes and node:http's alike: method, path, status, time taken, and
 * the user and room when the route knew them. An answer of 400 or more also names the client's address (as the
 * per-client limits count it): refusals are digested per client when there is no valid token to count them by.
 */
export function logRequest(services: Pick<AppServices, 'log' | 'clientAddress'>, request: AnsweredRequest, incoming: NodeRequest | undefined): void {
  const { method, path, status, started, userId, roomId } = request;
  const fields: Record<string, unknown> = { method, path: path.slice(0, 200), status, ms: elapsedMs(started), userId, roomId };
  if (status >= 400) fields.clientAddress = services.clientAddress(incoming?.headers ?? {}, incoming?.socket.remoteAddress);
  services.log('request', fields);
}

/** Milliseconds since `started` (performance.now()), to a tenth. */
const elapsedMs = (started: number) => Math.round((performance.now() - started) * 10) / 10;

/** The request log of Hono's routes (nodeRoute writes node:http's). */
export function requestLog(services: Pick<AppServices, 'log' | 'clientAddress'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const answered = { method: c.req.method, path: c.req.path, status: c.res.status, started, userId: c.get('user')?.id, roomId: c.get('roomId') };
    logRequest(services, answered, c.env?.incoming);
  };
}
