import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Bus, BusMessage, EventListener } from './bus.js';

const CHANNEL_PREFIX = 'draw-room:to:';
const STREAM_KEY_PREFIX = 'draw-room:stream:';
const RENEW_BATCH = 200;

// Deletes a user's stream key only if this instance still holds it (the user may have moved to another).
const DELETE_IF_MINE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface RedisBusOptions {
  /** Commands (publish, keys). */
  redis: Redis;
  /** A second connection for subscriptions: a subscribed connection can run no other commands. */
  subscriber: Redis;
  /** How long a stream counts as connected without this instance renewing it (it died). */
  streamTtlMs?: number;
}

/**
 * Delivery across server instances through Redis pub/sub. Each user has a channel; only the instance holding
 * that user's stream subscribes to it. Which users are connected lives in keys with an expiry this instance
 * renews, so an instance that dies stops counting as holding its users soon after.
 */
export class RedisBus implements Bus {
  readonly instanceId = randomUUID();
  private readonly listeners = new Map<string, EventListener>();
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly streamTtlMs: number;
  private readonly renewal: ReturnType<typeof setInterval>;

  constructor(options: RedisBusOptions) {
    this.redis = options.redis;
    this.subscriber = options.subscriber;
    this.streamTtlMs = options.streamTtlMs ?? 30_000;
    this.subscriber.on('message', (channel: string, text: string) => this.deliver(channel, text));
    this.renewal = setInterval(() => void this.renewStreams(), this.streamTtlMs / 3);
    this.renewal.unref?.();
  }

  async subscribe(userId: string, listener: EventListener): Promise<void> {
    this.listeners.set(userId, listener);
    await Promise.all([
      this.subscriber.subscribe(CHANNEL_PREFIX + userId),
      this.redis.set(STREAM_KEY_PREFIX + userId, this.instanceId, 'PX', this.streamTtlMs),
    ]);
  }

  unsubscribe(userId: string, listener: EventListener): void {
    if (this.listeners.get(userId) !== listener) return;
    this.listeners.delete(userId);
    void this.subscriber.unsubscribe(CHANNEL_PREFIX + userId).catch(() => {});
    void this.redis.eval(DELETE_IF_MINE, 1, STREAM_KEY_PREFIX + userId, this.instanceId).catch(() => {});
  }

  async publish(userId: string, message: BusMessage): Promise<void> {
    // A user held here gets it at once; anyone else through their instance's subscription.
    const local = this.listeners.get(userId);
    if (local) return local(message);
    await this.redis.publish(CHANNEL_PREFIX + userId, JSON.stringify(message));
  }

  async isConnected(userId: string): Promise<boolean> {
    if (this.listeners.has(userId)) return true;
    return (await this.redis.exists(STREAM_KEY_PREFIX + userId)) === 1;
  }

  /** Users whose streams this instance holds. */
  get localUsers(): string[] {
    return [...this.listeners.keys()];
  }

  async close(): Promise<void> {
    clearInterval(this.renewal);
    const held = [...this.listeners.keys()];
    this.listeners.clear();
    await Promise.all(held.map((userId) => this.redis.eval(DELETE_IF_MINE, 1, STREAM_KEY_PREFIX + userId, this.instanceId).catch(() => {})));
  }

  private deliver(channel: string, text: string): void {
    if (!channel.startsWith(CHANNEL_PREFIX)) return;
    const listener = this.listeners.get(channel.slice(CHANNEL_PREFIX.length));
    if (!listener) return;
    try {
      listener(JSON.parse(text) as BusMessage);
    } catch {
      // Only instances of this server publish here; a message that does not parse is not ours to deliver.
    }
  }

  /**
   * Renews this instance's claim on its users' streams; after a Redis restart this puts them back. In batches,
   * each awaited: 5k keys in one pipeline stalled this instance's relays for tens of milliseconds.
   */
  private async renewStreams(): Promise<void> {
    const held = [...this.listeners.keys()];
    for (let start = 0; start < held.length; start += RENEW_BATCH) {
      const batch = this.redis.pipeline();
      for (const userId of held.slice(start, start + RENEW_BATCH)) batch.set(STREAM_KEY_PREFIX + userId, this.instanceId, 'PX', this.streamTtlMs);
      await batch.exec().catch(() => {});
    }
  }
}
