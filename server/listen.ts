import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app.js';
import { plainServer, secureServer, type TlsCredentials } from './node-server.js';

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

export interface ListenOptions {
  port: number;
  host?: string;
  /** Serve HTTPS, with HTTP/2 for clients that offer it (and HTTP/1.1 for the rest); absent: plain HTTP/1.1. */
  tls?: TlsCredentials;
}

/** Serves a new app on `port` (0 picks a free one) and resolves once it is listening. */
export function startServer(options: AppOptions & ListenOptions): Promise<RunningServer> {
  const { listener, closeStreams, restartStreams } = createApp(options);
  const { server, scheme, drain } = options.tls ? secureServer(listener, options.tls) : plainServer(listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
      resolve({
        url: `${scheme}://${host}:${port}`,
        port,
        // Spread over a few seconds, so the whole cluster's clients do not come back at once.
        restartStreams: () => restartStreams(RECONNECT_AFTER_MS + Math.round(Math.random() * 2000)),
        close: (deadlineMs = 5000) =>
          new Promise<void>((done) => {
            server.close(() => {
              stopDraining();
              done();
            });
            closeStreams(RECONNECT_AFTER_MS);
            const stopDraining = drain(deadlineMs);
          }),
      });
    });
  });
}
