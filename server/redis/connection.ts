import { Redis } from 'ioredis';
import { SERVER_DEFAULTS } from '../defaults.js';
import type { Logger } from '../log/log.js';
import { RedisBus } from './bus.js';
import { InstanceLiveness } from './liveness.js';
import { RedisOutageLog } from './outage-log.js';
import { RedisRoomRegistry } from './rooms.js';
import { RedisTokenSerials } from './token-serials.js';
import { RedisRoomStore } from '../storage/redis-room-store.js';

export interface RedisServices {
  /** Connected and listening on this instance's channel: serve only after this. */
  ready: Promise<void>;
  bus: RedisBus;
  rooms: RedisRoomRegistry;
  /** The rooms' boards, in the same Redis (issue 15). */
  roomStore: RedisRoomStore;
  /** The newest token serial per user, claimed in Redis and heard by every instance. */
  tokenSerials: RedisTokenSerials;
  /**
   * Called when this instance's streams must start over: Redis came back without its data, this instance's
   * subscription lapsed (events may have been missed), or the others swept it as dead.
   */
  onDataLost(listener: () => void): void;
  /**
   * Disconnects. By default the users of this instance keep their rooms for `handOverMs` while they reconnect
   * to another instance (a shutdown); pass 0 to leave them to the sweep at once.
   */
  close(options?: { handOverMs?: number }): Promise<void>;
}

export interface RedisOptions {
  /** A command Redis has not answered in this long fails, and the request answers 503 (default 2000, SERVER_DEFAULTS). */
  commandTimeoutMs?: number;
  /** How often each instance says it is up and sweeps the dead ones (default 1000). */
  livenessIntervalMs?: number;
  /** How long a shutting-down instance's users keep their rooms while they reconnect elsewhere (default 15000). */
  handOverMs?: number;
}

const RESTART_DEBOUNCE_MS = 5000;

/** A bus and room registry shared by every instance through the Redis at `url`. */
export function connectRedis(url: string, log: Logger, options: RedisOptions = {}): RedisServices {
  // Without a timeout a stalled Redis held every request for as long as it lasted; while it is down, a command
  // fails after one reconnection attempt instead of waiting in the offline queue.
  const connection = { lazyConnect: false, commandTimeout: options.commandTimeoutMs ?? SERVER_DEFAULTS.redisCommandTimeoutMs, maxRetriesPerRequest: 1 };
  const redis = new Redis(url, connection);
  const subscriber = new Redis(url, connection);
  const bus = new RedisBus({ redis, subscriber });
  const rooms = new RedisRoomRegistry(redis);
  const roomStore = new RedisRoomStore(redis);
  const tokenSerials = new RedisTokenSerials({ redis, subscriber });
  const commandsOutage = new RedisOutageLog('commands', log);
  const subscriberOutage = new RedisOutageLog('subscriber', log);
  // Our own disconnect at close() is no outage.
  let closing = false;
  const lostListeners: Array<() => void> = [];
  // A Redis restart is seen by both connections, moments apart: the streams start over once, not twice (the
  // second time would end streams that already came back).
  let lastLost = -Infinity;
  const lost = (why: string) => {
    if (performance.now() - lastLost < RESTART_DEBOUNCE_MS) return;
    lastLost = performance.now();
    log('redis-streams-restarted', { reason: why });
    for (const listener of lostListeners) listener();
  };
  const liveness = new InstanceLiveness({
    redis,
    instanceId: bus.instanceId,
    intervalMs: options.livenessIntervalMs ?? 1000,
    onLost: () => lost('this instance was no longer registered: Redis lost its data or swept it'),
    onSwept: (instanceId) => log('redis-instance-swept', { instanceId }),
    // A stall drops no connection: the liveness round is what notices it, and its end.
    onFailed: (error) => commandsOutage.failed(error),
    onAnswered: () => commandsOutage.answered(),
  });
  // Claims published while a connection was down were missed: load what Redis holds (a failure leaves a window, logged).
  const reloadTokenSerials = () =>
    void tokenSerials.listen().catch((error: Error) => log('redis-token-serials-not-reloaded', { error: error.message }));
  let connectedOnce = false;
  redis.on('ready', () => {
    commandsOutage.ready();
    // The first registration waits for the subscription (below); after a reconnection, find out at once what was lost.
    if (connectedOnce) {
      void liveness.check();
      reloadTokenSerials();
    }
    connectedOnce = true;
  });
  let listeningOnce = false;
  subscriber.on('ready', () => {
    subscriberOutage.ready();
    // Messages published while the subscription was down are lost: the streams here start over.
    if (listeningOnce) {
      lost('the subscription to this instance’s channel lapsed');
      reloadTokenSerials();
    }
    listeningOnce = true;
  });
  // ioredis reports each failed reconnection attempt: the outage logs say once that Redis is away, and when it is back.
  redis.on('error', (error: Error) => commandsOutage.failed(error));
  subscriber.on('error', (error: Error) => subscriberOutage.failed(error));
  redis.on('close', () => {
    if (!closing) commandsOutage.failed('connection closed');
  });
  subscriber.on('close', () => {
    if (!closing) subscriberOutage.failed('connection closed');
  });
  const connected = (client: Redis) => new Promise<void>((resolve) => (client.status === 'ready' ? resolve() : client.once('ready', () => resolve())));
  const ready = (async () => {
    await Promise.all([connected(redis), connected(subscriber)]);
    // Listening before registering: an instance registered without a subscriber counts as dead.
    await bus.listen();
    await tokenSerials.listen();
    await liveness.check();
  })();
  return {
    ready,
    bus,
    rooms,
    roomStore,
    tokenSerials,
    onDataLost: (listener) => void lostListeners.push(listener),
    close: async ({ handOverMs = options.handOverMs ?? 15_000 } = {}) => {
      liveness.stop();
      // Redis away at shutdown: the users are swept at once instead of handed over, and that is logged (once).
      await liveness.handOver(handOverMs).catch((error: unknown) => commandsOutage.failed(error));
      await bus.close().catch((error: unknown) => subscriberOutage.failed(error));
      await tokenSerials.close().catch((error: unknown) => subscriberOutage.failed(error));
      closing = true;
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}
