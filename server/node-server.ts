import { createServer } from 'node:http';
import { createSecureServer, type ServerHttp2Session } from 'node:http2';
import type { Server, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { NodeListener, NodeRequest, NodeResponse } from './http/node-request.js';

/** A certificate and its private key, PEM (TLS_CERT, TLS_KEY). */
export interface TlsCredentials {
  cert: Buffer | string;
  key: Buffer | string;
}

/** The node server an app runs on, not yet listening, and how it lets its connections go when it closes. */
export interface NodeServer {
  server: Server;
  scheme: 'http' | 'https';
  /**
   * Called once the server stopped accepting connections and the event streams were told to go: ends every
   * connection as soon as it has no request in flight, and cuts whatever is left after `deadlineMs`. Returns
   * what stops its timers once the server has closed.
   */
  drain(deadlineMs: number): () => void;
}

/** How often a closing server looks for HTTP/1.1 keep-alive connections that have gone idle. */
const IDLE_SWEEP_MS = 50;

/** Plain HTTP/1.1 (node:http). */
export function plainServer(listener: NodeListener): NodeServer {
  const server = createServer(listener);
  return {
    server,
    scheme: 'http',
    drain: (deadlineMs) => {
      // Keep-alive connections become idle as their last response ends: close each as soon as it does.
      const idleSweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
      const cut = setTimeout(() => {
        clearInterval(idleSweep);
        server.closeAllConnections();
      }, deadlineMs);
      return () => {
        clearInterval(idleSweep);
        clearTimeout(cut);
      };
    },
  };
}

/**
 * HTTPS with HTTP/2 (node:http2's compatibility API), and HTTP/1.1 for clients that do not offer h2. Browsers
 * speak HTTP/2 only over TLS, and only HTTP/2 carries any number of event streams (one per widget) over one
 * connection: over HTTP/1.1 a browser holds 6 connections to an origin, and a 7th tab cannot even load.
 *
 * node:http2 has no closeAllConnections, nor a closeIdleConnections for its sessions (its close() closes the
 * HTTP/1.1 connections idle at that moment, no more), so this keeps its own books: HTTP/2 sessions get GOAWAY
 * (no new streams, those open run to their end), HTTP/1.1 connections close once their requests are answered,
 * and at the deadline every connection, TLS handshakes included, is cut.
 */
export function secureServer(listener: NodeListener, tls: TlsCredentials): NodeServer {
  const server = createSecureServer({ cert: tls.cert, key: tls.key, allowHTTP1: true }, listener);
  let draining = false;
  const sockets = new Set<Socket>();
  const sessions = new Set<ServerHttp2Session>();
  /** HTTP/1.1 connections, with how many of their requests are not answered yet. */
  const http1 = new Map<Socket, number>();

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
    // Its handshake ended after the server began closing: it gets GOAWAY like the others.
    if (draining) session.close();
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    if (socket.alpnProtocol === 'h2') return;
    http1.set(socket, 0);
    socket.once('close', () => http1.delete(socket));
  });
  // node:http2 types its requests as HTTP/2's; with allowHTTP1 they are node:http's when the client spoke 1.1.
  server.on('request', (request: NodeRequest, response: NodeResponse) => {
    if (request.httpVersionMajor >= 2) return;
    const { socket } = request;
    http1.set(socket, (http1.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const unanswered = http1.get(socket);
      if (unanswered !== undefined) http1.set(socket, unanswered - 1);
    });
  });

  const closeIdleHttp1 = () => {
    for (const [socket, unanswered] of http1) if (unanswered === 0) socket.destroy();
  };
  return {
    server,
    scheme: 'https',
    drain: (deadlineMs) => {
      draining = true;
      // The event streams already ended (after `server-restart`): each session closes as its last stream does.
      for (const session of sessions) session.close();
      const idleSweep = setInterval(closeIdleHttp1, IDLE_SWEEP_MS);
      const cut = setTimeout(() => {
        clearInterval(idleSweep);
        for (const session of sessions) session.destroy();
        for (const socket of sockets) socket.destroy();
      }, deadlineMs);
      return () => {
        clearInterval(idleSweep);
        clearTimeout(cut);
      };
    },
  };
}
