import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app.js';

export interface RunningServer {
  url: string;
  port: number;
  /** Asks every client to reconnect and rejoin, the server staying up (Redis lost the rooms). */
  restartStreams(): void;
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
  const { listener, closeStreams, restartStreams } = createApp(options);
  const server = createServer(listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
      resolve({
        url: `http://${host}:${port}`,
        port,
        // Spread over a few seconds, so the whole cluster's clients do not come back at once.
        restartStreams: () => restartStreams(RECONNECT_AFTER_MS + Math.round(Math.random() * 2000)),
        close: (deadlineMs = 5000) =>
          new Promise<void>((done) => {
            server.close(() => {
              clearTimeout(cut);
              clearInterval(idleSweep);
              done();
            });
            closeStreams(RECONNECT_AFTER_MS);
            // Keep-alive connections become idle as their last response ends: close each as soon as it does.
            const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
            const cut = setTimeout(() => {
              clearInterval(idleSweep);
              server.closeAllConnections();
            }, deadlineMs);
          }),
      });
    });
  });
}
