import type { Redis } from 'ioredis';
import { storeCall } from '../http/errors.js';
import { defineScript, type Script } from './scripts.js';
import { NewestSerials, type TokenSerials } from '../signaling/token-serials.js';

/** A user's newest token serial, "<serial> <expiresAt>", expiring with that token. */
export const TOKEN_SERIAL_OF = 'draw-room:token-serial:';
/** Every claim that won, heard by every instance: "<userId> <serial> <expiresAt>". */
export const TOKEN_SERIAL_CHANNEL = 'draw-room:token-serials';

/**
 * ARGV: userId, serial, expiresAt. {1, value} when `serial` is now the user's newest (and published), else
 * {0, the newer value}. Unlike the rooms' keys this one expires by time: once the newest token has expired, every
 * older one has too, so there is nothing left to refuse.
 */
const CLAIM_TOKEN_SERIAL = `
local key = '${TOKEN_SERIAL_OF}' .. ARGV[1]
local current = redis.call('GET', key)
if current and (tonumber(string.match(current, '^%d+')) or 0) >= tonumber(ARGV[2]) then return {0, current} end
local value = ARGV[2] .. ' ' .. ARGV[3]
redis.call('SET', key, value)
redis.call('PEXPIREAT', key, ARGV[3])
redis.call('PUBLISH', '${TOKEN_SERIAL_CHANNEL}', ARGV[1] .. ' ' .. value)
return {1, value}
`;

/** How many keys one SCAN step asks for while loading the serials claimed before this instance listened. */
const LOAD_BATCH = 1000;

export interface RedisTokenSerialsOptions {
  /** Commands and scripts. */
  redis: Redis;
  /** The connection already subscribed to this instance's channel: claims arrive on it too. */
  subscriber: Redis;
  now?: () => number;
}

/**
 * Token serials shared by every instance. A claim is one script against the user's key in Redis, so of two
 * refreshes of one token, on any instances, exactly one wins. `newest` is asked on every relay and answers from
 * a local copy, fed by every claim published on one channel and, when this instance starts listening (at start
 * and after its subscription lapsed), by the keys already in Redis.
 *
 * What the copy can miss: claims published while this instance's subscription was down, from then until the
 * reload that follows it answers (a replaced token may be accepted here that long), or for good if that reload
 * fails (logged). A refresh itself never misses one: its claim is decided in Redis.
 */
export class RedisTokenSerials implements TokenSerials {
  private readonly known: NewestSerials;
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly claimScript: Script;

  constructor(options: RedisTokenSerialsOptions) {
    this.redis = options.redis;
    this.subscriber = options.subscriber;
    this.known = new NewestSerials(options.now);
    this.claimScript = defineScript(this.redis, 'drawRoomClaimTokenSerial', CLAIM_TOKEN_SERIAL);
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === TOKEN_SERIAL_CHANNEL) this.hear(text);
    });
  }

  newest(userId: string): number {
    return this.known.newest(userId);
  }

  async claim(userId: string, serial: number, expiresAt: number): Promise<boolean> {
    const answer = await storeCall('claim token serial', this.claimScript(userId, serial, Math.ceil(expiresAt)));
    if (!Array.isArray(answer) || typeof answer[1] !== 'string') throw new Error(`token serial claim answered ${JSON.stringify(answer)}`);
    // Won or lost, the answer is the user's newest serial: this instance knows it before the channel says so.
    this.learn(userId, answer[1]);
    return answer[0] === 1;
  }

  /**
   * Listens for claims, then loads those made before: resolves once this instance knows every serial in Redis.
   * Subscribing first, so no claim falls between the two; the order they arrive in does not matter, the highest wins.
   */
  async listen(): Promise<void> {
    await storeCall('listen for token serials', this.subscriber.subscribe(TOKEN_SERIAL_CHANNEL));
    let cursor = '0';
    do {
      const [next, keys] = await storeCall('load token serials', this.redis.scan(cursor, 'MATCH', `${TOKEN_SERIAL_OF}*`, 'COUNT', LOAD_BATCH));
      cursor = next;
      if (keys.length === 0) continue;
      const values = await storeCall('load token serials', this.redis.mget(keys));
      keys.forEach((key, i) => {
        const value = values[i];
        if (value) this.learn(key.slice(TOKEN_SERIAL_OF.length), value);
      });
    } while (cursor !== '0');
  }

  /** How many users this instance holds a serial for. */
  get size(): number {
    return this.known.size;
  }

  /** Stops listening for claims; rejects when Redis cannot be told (the connection is closing anyway). */
  async close(): Promise<void> {
    await this.subscriber.unsubscribe(TOKEN_SERIAL_CHANNEL);
  }

  /** "<userId> <serial> <expiresAt>" from the channel. */
  private hear(text: string): void {
    const userEnd = text.indexOf(' ');
    if (userEnd > 0) this.learn(text.slice(0, userEnd), text.slice(userEnd + 1));
  }

  /** Records a stored value, "<serial> <expiresAt>"; only instances of this server write them, but never trust a parse. */
  private learn(userId: string, value: string): void {
    const [serial, expiresAt] = value.split(' ').map(Number);
    if (!Number.isSafeInteger(serial) || !Number.isSafeInteger(expiresAt)) return;
    this.known.record(userId, serial!, expiresAt!);
  }
}
