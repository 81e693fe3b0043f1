import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { PatternRouter } from 'hono/router/pattern-router';
import { createTokenIssuer } from './signaling/auth.js';
import { systemClock, type Clock } from './signaling/clock.js';
import { SERVER_DEFAULTS } from './defaults.js';
import { clientAddressOf } from './http/client-address.js';
import { ClientGate, DEFAULT_CLIENT_LIMITS, type ClientLimits } from './signaling/client-limits.js';
import type { TokenSerials } from './signaling/token-serials.js';
import { apiCors, type AllowedOrigins } from './http/cors.js';
import { MemoryBus, type Bus } from './signaling/bus.js';
import { errorAnswer } from './http/error-answer.js';
import type { NodeListener } from './http/node-request.js';
import { nodeRoute, type NodeRouteToolkit } from './http/node-route.js';
import { routeListener } from './http/route-table.js';
import type { AppEnv, AppServices } from './signaling/context.js';
import { DEFAULT_LIMITS, WIDGETS_AT_FULL_RATE, type Limits } from './signaling/limits.js';
import { jsonLineLogger, type Logger } from './log/log.js';
import { RateLimiter } from './signaling/rate-limit.js';
import { requestLog } from './http/request-log.js';
import { securityHeaders } from './http/security-headers.js';
import { StreamRegistry } from './signaling/streams.js';
import { MemoryRoomRegistry, type RoomRegistry } from './signaling/rooms.js';
import { accessRoutes } from './routes/access.js';
import { iceServerRoutes } from './routes/ice-servers.js';
import type { IceServerOptions } from './signaling/turn-credentials.js';
import { connectRoute } from './routes/connect.js';
import { joinRoutes } from './routes/join.js';
import { leaveRoutes } from './routes/leave.js';
import { pageRoutes, type PageFiles } from './routes/pages.js';
import { framesRoute } from './routes/frames.js';
import { relayRoute } from './routes/relay.js';
import { entryRoutes } from './routes/entries.js';
import { snapshotRoutes } from './routes/snapshots.js';
import type { RoomStore } from './storage/room-store.js';
import { startRetention } from './storage/retention.js';

export interface AppOptions {
  tokenSecret: string;
  tokenTtlSeconds?: number;
  /** How long after its first token a session can still be refreshed (default 24 h). */
  sessionMaxSeconds?: number;
  /** The newest token serial per user; in memory unless given (several instances must share one). */
  tokenSerials?: TokenSerials;
  allowedOrigins?: AllowedOrigins;
  bus?: Bus;
  rooms?: RoomRegistry;
  heartbeatMs?: number;
  /** How long a user whose stream ended stays in its rooms, waiting for a newer stream (SERVER_DEFAULTS.leaveGraceMs). */
  leaveGraceMs?: number;
  maxBufferedBytes?: number;
  log?: Logger;
  files?: Partial<PageFiles>;
  limits?: Partial<Limits>;
  /** Per client address and per instance: identities, joins, open streams. */
  clientLimits?: Partial<ClientLimits>;
  /** What tokens are stamped with, streams expire by and rate limits refill by; the system's unless given (tests pass a fake one). */
  clock?: Clock;
  /** Behind a proxy: the header it sets to the client's address (X-Forwarded-For, X-Real-IP). Unset: the socket's. */
  trustedProxyHeader?: string;
  /** STUN and TURN servers for GET /ice-servers; none unless given (peers then use host candidates only). */
  iceServers?: IceServerOptions;
  /** Where the rooms' boards are kept, with their limits; absent: this server keeps no boards (its routes answer 404). */
  storage?: StorageOptions;
}

export interface StorageOptions {
  store: RoomStore;
  /** The most a room may hold (MAX_ROOM_BYTES; SERVER_DEFAULTS.maxRoomBytes). */
  maxRoomBytes?: number;
  /** Rooms not visited for this long are forgotten (ROOM_RETENTION_DAYS; SERVER_DEFAULTS.roomRetentionDays), by `clock`. */
  retentionDays?: number;
}

const projectFile = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export interface DrawRoomApp {
  /** The whole server as one listener for node:http or node:http2, routed by the route table in createApp. */
  listener: NodeListener;
  /** Tells every open stream the server is going (`server-restart`) and closes them; new streams get 503. */
  closeStreams(retryAfterMs: number): void;
  /** Asks every client to reconnect and rejoin (its rooms were lost, say in a Redis restart); the server stays up. */
  restartStreams(retryAfterMs: number): void;
}

export function createApp(options: AppOptions): DrawRoomApp {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  // Token times, stream expiry and the rate limits all read one clock: a test can stop time for all of them.
  const clock = options.clock;
  // One timer sends every open stream its heartbeat.
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const memoryBus = new MemoryBus();
  const services: AppServices = {
    limits,
    leaveGraceMs: options.leaveGraceMs ?? SERVER_DEFAULTS.leaveGraceMs,
    relayRate: new RateLimiter(limits.relayPerSecond, limits.relayBurst, clock && (() => clock.now())),
    frameUploads: new RateLimiter(limits.frameUploadsPerSecond, limits.frameUploadsPerSecond * 2, clock && (() => clock.now())),
    frameBytes: new RateLimiter(limits.frameBytesPerSecond, limits.frameBytesBurst, clock && (() => clock.now())),
    boardWrites: new RateLimiter(limits.boardWritesPerSecond, limits.boardWritesPerSecond, clock && (() => clock.now())),
    boardBytes: new RateLimiter(limits.boardBytesPerSecond, limits.boardBytesBurst, clock && (() => clock.now())),
    relayRateOfUser: new RateLimiter(limits.relayPerSecond * WIDGETS_AT_FULL_RATE, limits.relayBurst * WIDGETS_AT_FULL_RATE, clock && (() => clock.now())),
    frameUploadsOfUser: new RateLimiter(
      limits.frameUploadsPerSecond * WIDGETS_AT_FULL_RATE,
      limits.frameUploadsPerSecond * 2 * WIDGETS_AT_FULL_RATE,
      clock && (() => clock.now()),
    ),
    tokens: createTokenIssuer({
      secret: options.tokenSecret,
      ttlSeconds: options.tokenTtlSeconds,
      sessionMaxSeconds: options.sessionMaxSeconds,
      serials: options.tokenSerials,
      clock: options.clock,
    }),
    bus: options.bus ?? memoryBus,
    rooms: options.rooms ?? new MemoryRoomRegistry(memoryBus),
    storage: options.storage
      ? { store: options.storage.store, maxRoomBytes: options.storage.maxRoomBytes ?? SERVER_DEFAULTS.maxRoomBytes, now: () => (clock ?? systemClock).now() }
      : null,
    stream: { maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024 },
    log: options.log ?? jsonLineLogger,
    streams: new StreamRegistry(heartbeatMs, options.clock),
    clients: new ClientGate({ ...DEFAULT_CLIENT_LIMITS, ...options.clientLimits }, clock && (() => clock.now())),
    clientAddress: (headers, socketAddress) => clientAddressOf(headers, socketAddress, options.trustedProxyHeader),
  };
  const files: PageFiles = {
    widgetFile: options.files?.widgetFile ?? projectFile('dist/draw-room.js'),
    roomPageFile: options.files?.roomPageFile ?? projectFile('examples/index.html'),
    assetsDir: options.files?.assetsDir ?? projectFile('server/assets'),
  };

  // Auth is by bearer token, never cookies, so allowing any origin exposes nothing by default.
  const allowedOrigins = options.allowedOrigins ?? SERVER_DEFAULTS.allowedOrigins;
  const toolkit: NodeRouteToolkit = { log: services.log, clientAddress: services.clientAddress, allowedOrigins };

  // The route table. node:http routes are matched first, by method and path; every other request goes to Hono.
  const listener = routeListener(honoApi(services, allowedOrigins), {
    node: [
      // The event stream: Hono's per-request wrapping would live as long as the stream (memory per client).
      nodeRoute(toolkit, 'GET', '/connect', connectRoute(services)),
      // The hot path, every ICE candidate: through Hono it cost twice the CPU. Its CORS preflight is Hono's.
      nodeRoute(toolkit, 'POST', '/relay/:peerId/:event', relayRoute(services)),
      // Drawing frames for peers no data channel reaches: as hot as /relay while they draw.
      nodeRoute(toolkit, 'POST', '/frames', framesRoute(services)),
    ],
    hono: [
      accessRoutes(services), // POST /access, POST /access/refresh
      joinRoutes(services), // POST /:roomId/join
      leaveRoutes(services), // POST /:roomId/leave
      entryRoutes(services), // GET and POST /:roomId/entries
      snapshotRoutes(services), // POST /:roomId/compact, GET /:roomId/snapshots, GET /:roomId/snapshots/:seq
      // Before the pages: /ice-servers would otherwise be taken for a room id.
      iceServerRoutes(services, options.iceServers ?? noIceServers(), clock ?? systemClock), // GET /ice-servers
      pageRoutes(files), // GET /, /draw-room.js, /favicon.svg, /favicon.ico, /:roomId
    ],
  });

  const stopRetention = options.storage
    ? startRetention(options.storage.store, options.storage.retentionDays ?? SERVER_DEFAULTS.roomRetentionDays, clock ?? systemClock, services.log)
    : () => {};

  const closeStreams = (retryAfterMs: number) => {
    services.log('shutting-down', { streams: services.streams.size });
    stopRetention();
    services.streams.closeAll({ event: 'server-restart', data: { reason: 'the server is restarting', retryAfterMs } }, 'server shutting down');
  };
  const restartStreams = (retryAfterMs: number) => {
    services.log('restarting-streams', { streams: services.streams.size });
    const farewell = { event: 'server-restart' as const, data: { reason: 'the server lost its rooms: join again', retryAfterMs } };
    services.streams.closeAll(farewell, 'rooms lost', false);
  };
  return { listener, closeStreams, restartStreams };
}

/** What GET /ice-servers answers when none are configured: an empty list (host candidates only). */
const noIceServers = (): IceServerOptions => ({ stunUrls: [], turnUrls: [], turnSecret: undefined, turnTtlSeconds: SERVER_DEFAULTS.turnTtlSeconds });

/**
 * Hono with the middleware every Hono route shares (request log, CORS, security headers) and the answers for
 * what no route takes and for thrown errors (errorAnswer, as node:http's routes answer them).
 */
function honoApi(services: AppServices, allowedOrigins: AllowedOrigins): Hono<AppEnv> {
  // Hono's fastest router (RegExpRouter) cannot hold both /access/refresh and /:roomId/join, and the TrieRouter
  // it falls back to was a tenth of what a relay allocated; PatternRouter matches with one regex per route.
  const api = new Hono<AppEnv>({ router: new PatternRouter() });
  api.use('*', requestLog(services));
  api.use('*', apiCors(allowedOrigins));
  api.use('*', securityHeaders());
  api.notFound((c) => c.json({ error: `no route for ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 100)}` }, 404));
  api.onError((error, c) => {
    const answer = errorAnswer(error, services.log, { method: c.req.method, path: new URL(c.req.url).pathname, userId: c.get('user')?.id });
    return c.json(answer.body, answer.status, answer.headers);
  });
  return api;
}
