import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { InstanceLiveness } from '../../server/redis/liveness.js';
import { INSTANCES, INSTANCE_CHANNEL } from '../../server/redis/scripts.js';
import { RedisServer } from '../support/redis-server.js';

/**
 * After a Redis restart an instance's command connection is often back before its subscription. Registered in
 * that window, it was swept by the next script another instance (or its own join) ran: the streams its users had
 * just opened lost their claims, and their joins got 409 "open the event stream". Seen in CI, not here.
 */
describe('instance liveness', () => {
  let redis: RedisServer;
  let commands: Redis;
  before(async () => {
    redis = await RedisServer.start();
    commands = new Redis(redis.url);
  });
  after(async () => {
    commands.disconnect();
    await redis.stop();
  });

  it('registers an instance only once it listens on its channel, so no sweep can take it for dead', async () => {
    const lost: string[] = [];
    const failures: string[] = [];
    const liveness = new InstanceLiveness({
      redis: commands,
      instanceId: 'deaf',
      intervalMs: 60_000,
      onLost: () => lost.push('lost'),
      onSwept: () => {},
      onFailed: (error) => failures.push(String(error)),
      onAnswered: () => {},
    });
    try {
      await liveness.check();
      assert.deepEqual(await commands.smembers(INSTANCES), [], 'not registered while nothing listens');
      const subscriber = new Redis(redis.url);
      await subscriber.subscribe(INSTANCE_CHANNEL + 'deaf');
      await liveness.check();
      assert.deepEqual(await commands.smembers(INSTANCES), ['deaf']);
      await liveness.check();
      assert.deepEqual(await commands.smembers(INSTANCES), ['deaf'], 'a listening instance survives its own sweep');
      assert.deepEqual(lost, [], 'a first registration is not a loss');

      // Its subscription lapses: it is swept (it may have missed events); listening again, it learns it was lost.
      await subscriber.unsubscribe(INSTANCE_CHANNEL + 'deaf');
      await liveness.check();
      assert.deepEqual(await commands.smembers(INSTANCES), []);
      assert.deepEqual(lost, [], 'not told before it can start over');
      await subscriber.subscribe(INSTANCE_CHANNEL + 'deaf');
      await liveness.check();
      assert.deepEqual(await commands.smembers(INSTANCES), ['deaf']);
      assert.deepEqual(lost, ['lost']);
      assert.deepEqual(failures, [], 'Redis answered every round');
      subscriber.disconnect();
    } finally {
      liveness.stop();
    }
  });
});
