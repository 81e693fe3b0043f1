import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Attachment, Bus, BusMessage, EventListener } from '../signaling/bus.js';
import { storeCall } from '../http/errors.js';
import { CLAIM, DELIVER, INSTANCE_CHANNEL, RELEASE, STREAM_OF, defineScript, type Script } from './scripts.js';

export interface RedisBusOptions {
  /** Commands and scripts. */
  redis: Redis;
  /** A second connection for this instance's channel: a subscribed connection can run no other commands. */
  subscriber: Redis;
}

interface Held {
  streamId: string;
  listener: EventListener;
}

/**
 * Delivery across server instances through Redis. Which stream holds each user is one key for the whole cluster;
 * a message for a user goes, in one script, to the channel of the instance that key names, tagged with the
 * stream, and only that stream takes it. Nothing is delivered locally without asking Redis: a stream here may
 * have been replaced by one on another instance.
 */
export class RedisBus implements Bus {
  readonly instanceId = randomUUID();
  private readonly streams = new Map<string, Held>();
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly claim: Script;
  private readonly release: Script;
  private readonly send: Script;
  private nextStream = 1;

  constructor(options: RedisBusOptions) {
    this.redis = options.redis;
    this.subscriber = options.subscriber;
    this.claim = defineScript(this.redis, 'drawRoomClaim', CLAIM);
    this.release = defineScript(this.redis, 'drawRoomRelease', RELEASE);
    this.send = defineScript(this.redis, 'drawRoomDeliver', DELIVER);
    this.subscriber.on('message', (channel: string, text: string) => this.deliver(channel, text));
  }

  get channel(): string {
    return INSTANCE_CHANNEL + this.instanceId;
  }

  /** Listens on this instance's channel; resolves once messages published for its streams arrive. */
  async listen(): Promise<void> {
    await this.subscriber.subscribe(this.channel);
  }

  attach(userId: string, listener: EventListener): Attachment {
    const streamId = `${this.instanceId}#${this.nextStream++}`;
    this.streams.set(userId, { streamId, listener });
    const claimed = storeCall('claim stream', this.claim(userId, streamId, this.instanceId)).then(() => undefined);
    return { streamId, claimed };
  }

  async detach(userId: string, streamId: string): Promise<boolean> {
    if (this.streams.get(userId)?.streamId === streamId) this.streams.delete(userId);
    return (await storeCall('release stream', this.release(userId, streamId))) === 1;
  }

  async publish(userId: string, message: BusMessage): Promise<boolean> {
    return Number(await storeCall('deliver', this.send(userId, JSON.stringify(message)))) > 0;
  }

  async isConnected(userId: string): Promise<boolean> {
    return (await storeCall('find stream', this.redis.exists(STREAM_OF + userId))) === 1;
  }

  /** How many streams this instance holds. */
  get size(): number {
    return this.streams.size;
  }

  /** Forgets the streams and stops listening; rejects when Redis cannot be told (the connection is closing anyway). */
  async close(): Promise<void> {
    this.streams.clear();
    await this.subscriber.unsubscribe(this.channel);
  }

  /** "<userId> <streamId> <json>": to the stream only if it still holds the user here. */
  private deliver(channel: string, text: string): void {
    if (channel !== this.channel) return;
    const userEnd = text.indexOf(' ');
    const streamEnd = text.indexOf(' ', userEnd + 1);
    const userId = text.slice(0, userEnd);
    const held = this.streams.get(userId);
    if (!held || held.streamId !== text.slice(userEnd + 1, streamEnd)) return;
    let message: BusMessage;
    try {
      message = JSON.parse(text.slice(streamEnd + 1)) as BusMessage;
    } catch {
      // Only instances of this server publish here; a message that does not parse is not ours to deliver.
      return;
    }
    // A replaced stream no longer holds its user: its end is not the user leaving.
    if (message.event === 'replaced') this.streams.delete(userId);
    held.listener(message);
  }
}
