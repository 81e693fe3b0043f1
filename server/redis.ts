import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from './log.js';
import { RedisBus } from './redis-bus.js';
import { RedisRoomRegistry } from './redis-rooms.js';

export interface RedisServices {
  /** Both connections are up: serve only after this (a subscription made earlier can be lost). */
  ready: Promise<void>;
  bus: RedisBus;
  rooms: RedisRoomRegistry;
  /** Called when Redis came back without its data (it restarted): streams must reconnect and rejoin. */
  onDataLost(listener: () => void): void;
  close(): Promise<void>;
}

// Present while Redis keeps its data; gone after a restart without persistence.
const EPOCH_KEY = 'draw-room:epoch';

/** A bus and room registry shared by every instance through the Redis at `url`. */
export function connectRedis(url: string, log: Logger, ttlMs = 30_000): RedisServices {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const subscriber = new Redis(url, { lazyConnect: false });
  const bus = new RedisBus({ redis, subscriber, streamTtlMs: ttlMs });
  const rooms = new RedisRoomRegistry({
    redis,
    memberTtlMs: ttlMs,
    localUsers: () => bus.localUsers,
    onGone: (roomId, gone, remaining) => {
      log('member-expired', { userId: gone.id, roomId });
      for (const member of remaining) void bus.publish(member.id, { event: 'remove-peer', data: { peer: gone, roomId } }).catch(() => {});
    },
  });
  const lostListeners: Array<() => void> = [];
  // Every instance remembers the epoch it saw; after a restart the key is gone, one instance writes a new
  // one, and each instance finds it differs from what it remembers.
  let epoch: string | null = null;
  redis.on('ready', () => {
    log(epoch === null ? 'redis-connected' : 'redis-reconnected', {});
    void (async () => {
      await redis.set(EPOCH_KEY, randomUUID(), 'NX');
      const current = await redis.get(EPOCH_KEY);
      if (epoch !== null && current !== epoch) {
        log('redis-data-lost', {});
        for (const listener of lostListeners) listener();
      }
      epoch = current;
    })().catch(() => {});
  });
  redis.on('error', (error: Error) => log('redis-error', { error: error.message }));
  subscriber.on('error', () => {});
  const connected = (client: Redis) => new Promise<void>((resolve) => (client.status === 'ready' ? resolve() : client.once('ready', () => resolve())));
  return {
    ready: Promise.all([connected(redis), connected(subscriber)]).then(() => undefined),
    bus,
    rooms,
    onDataLost: (listener) => void lostListeners.push(listener),
    close: async () => {
      rooms.close();
      await bus.close();
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}
