import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppEnv } from '../signaling/context.js';
import type { NodeListener } from './node-request.js';
import type { NodeRoute } from './node-route.js';

export interface Routes {
  /** Served on node:http directly (nodeRoute), matched first by method and path. */
  node: NodeRoute[];
  /** Hono sub-apps, mounted at / in this order on `api`, which answers every request no node route matched. */
  hono: Hono<AppEnv>[];
}

/**
 * The whole server as one listener for node:http and node:http2 alike: a request goes to the first node route
 * that matches it, else to Hono (whose adapter takes either kind).
 */
export function routeListener(api: Hono<AppEnv>, routes: Routes): NodeListener {
  for (const app of routes.hono) api.route('/', app);
  const viaHono = getRequestListener(api.fetch);
  const { node } = routes;
  return (request, response) => {
    const url = request.url ?? '/';
    for (const route of node) {
      if (request.method !== route.method) continue;
      const match = route.pattern.exec(url);
      if (match) return route.serve(request, response, match);
    }
    void viaHono(request, response);
  };
}
