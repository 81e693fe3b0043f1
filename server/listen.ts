import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, type AppOptions } from './app.js';

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Stops accepting connections, tells every event stream the server is restarting, lets requests in flight
   * finish, and cuts whatever is still open after `deadlineMs`.
   */
  close(deadlineMs?: number): Promise<void>;
}

/** How long after a restart clients are told to wait before reconnecting. */
const RECONNECT_AFTER_MS = 1000;

/** Serves a new app on `port` (0 picks a free one) and resolves once it is listening. */
export function startServer(options: AppOptions & { port: number; host?: string }): Promise<RunningServer> {
  const { app, closeStreams } = createApp(options);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info: AddressInfo) => {
      const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: (deadlineMs = 5000) =>
          new Promise<void>((done) => {
            server.close(() => {
              clearTimeout(cut);
              clearInterval(idleSweep);
              done();
            });
            closeStreams(RECONNECT_AFTER_MS);
            // Keep-alive connections become idle as their last response ends: close each as soon as it does.
            const idleSweep = setInterval(() => 'closeIdleConnections' in server && server.closeIdleConnections(), 50);
            const cut = setTimeout(() => {
              clearInterval(idleSweep);
              if ('closeAllConnections' in server) server.closeAllConnections();
            }, deadlineMs);
          }),
      });
    });
    server.once('error', reject);
  });
}
