import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { TOKEN_REPLACED } from '../../server/signaling/auth.js';
import { readConfig } from '../../server/config.js';
import type { RunningServer } from '../../server/listen.js';
import { silentLogger } from '../../server/log/log.js';
import { memberIdOf, type User } from '../../protocol/signaling.js';
import { startConfiguredServer } from '../../server/start-configured.js';
import { RedisServer } from '../support/redis-server.js';
import { TEST_SECRET, errorOf } from '../support/signaling-server.js';
import { SseClient } from '../support/sse-client.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Each user joins with one widget. */
const JOIN_BODY = { member: 'widget-1' };
const memberOf = (grant: Grant) => memberIdOf(grant.user.id, JOIN_BODY.member);

interface Grant {
  token: string;
  user: User;
}

/**
 * Instances started as `npm run serve` starts them with REDIS_URL (startConfiguredServer), so what is tested is
 * the wiring too: a refresh on one instance replaces the token on all of them.
 */
describe('token serials shared by several instances through Redis', () => {
  let redis: RedisServer;
  const instances: RunningServer[] = [];
  const streams: SseClient[] = [];
  let a: RunningServer;
  let b: RunningServer;

  const startInstance = async () => {
    const env = { REDIS_URL: redis.url, TOKEN_SECRET: TEST_SECRET, PORT: '0', HOST: '127.0.0.1', REDIS_COMMAND_TIMEOUT_MS: '300' };
    const instance = await startConfiguredServer(readConfig(env), silentLogger);
    instances.push(instance);
    return instance;
  };
  const post = (at: RunningServer, path: string, token?: string, body: unknown = {}) =>
    fetch(`${at.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const grant = async (response: Response): Promise<Grant> => {
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as Grant;
  };
  const connect = async (at: RunningServer, token: string) => {
    const stream = await SseClient.open(`${at.url}/connect?token=${encodeURIComponent(token)}`);
    streams.push(stream);
    return stream;
  };
  /** A user with an open stream on `at`, in `roomId`. */
  const member = async (at: RunningServer, username: string, roomId: string): Promise<Grant> => {
    const access = await grant(await post(at, '/access', undefined, { username }));
    await (await connect(at, access.token)).next('connected');
    assert.equal((await post(at, `/${roomId}/join`, access.token, JOIN_BODY)).status, 200);
    return access;
  };
  /** Asks until `request` is refused as replaced, or fails after `ms`. */
  const refusedAsReplacedWithin = async (ms: number, request: () => Promise<Response>) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const response = await request();
      if (response.status === 401) return assert.equal(await errorOf(response), TOKEN_REPLACED);
      if (Date.now() > deadline) assert.fail(`still answered ${response.status} after ${ms} ms: ${await response.text()}`);
      await sleep(20);
    }
  };

  before(async () => {
    redis = await RedisServer.start();
    a = await startInstance();
    b = await startInstance();
  });
  after(async () => {
    for (const stream of streams) stream.close();
    for (const instance of instances) await instance.close(500);
    await redis.stop();
  });

  it('refuses a token replaced by a refresh on one instance at the other too, on /join, /relay and /connect', async () => {
    const bob = await member(b, 'bob', 'serials-room-one');
    const alice = await member(a, 'alice', 'serials-room-one');
    // Instance B has verified (and remembered) alice's first token before it is replaced.
    const relay = () => post(b, `/relay/${memberOf(bob)}/ice-candidate`, alice.token, { from: memberOf(alice), data: { candidate: 'c' } });
    assert.equal((await relay()).status, 200);
    assert.equal((await post(b, '/serials-room-one/join', alice.token, JOIN_BODY)).status, 200);

    const renewed = await grant(await post(a, '/access/refresh', alice.token));

    await refusedAsReplacedWithin(1000, () => post(b, '/serials-room-one/join', alice.token, JOIN_BODY));
    await refusedAsReplacedWithin(1000, relay);
    const stream = await connect(b, alice.token);
    assert.equal(stream.response.status, 401);
    assert.equal((await post(b, '/serials-room-one/join', renewed.token, JOIN_BODY)).status, 200, 'the new token works there');
    assert.equal((await post(b, `/relay/${memberOf(bob)}/ice-candidate`, renewed.token, { from: memberOf(alice), data: { candidate: 'c' } })).status, 200);
  });

  it('refuses a replaced token at an instance started after the refresh', async () => {
    const carol = await member(a, 'carol', 'serials-room-two');
    await grant(await post(a, '/access/refresh', carol.token));
    const late = await startInstance();
    const refused = await post(late, '/serials-room-two/join', carol.token, JOIN_BODY);
    assert.equal(refused.status, 401);
    assert.equal(await errorOf(refused), TOKEN_REPLACED);
  });

  it('lets exactly one of two simultaneous refreshes of one token, on different instances, win', async () => {
    for (let round = 0; round < 10; round++) {
      const { token } = await grant(await post(a, '/access', undefined, { username: `twin ${round}` }));
      const answers = await Promise.all([post(a, '/access/refresh', token), post(b, '/access/refresh', token)]);
      const statuses = answers.map((answer) => answer.status).sort();
      assert.deepEqual(statuses, [200, 401], `round ${round}`);
      const loser = answers.find((answer) => answer.status === 401)!;
      assert.equal(await errorOf(loser), TOKEN_REPLACED);
    }
  });

  it('learns the refreshes it missed while its subscription was down once it is back', async () => {
    const admin = new Redis(redis.url);
    try {
      const { token } = await grant(await post(a, '/access', undefined, { username: 'grace' }));
      assert.equal((await post(b, '/serials-room-three/join', token, JOIN_BODY)).status, 409, 'B takes the token (grace has no stream)');
      // Every subscriber connection drops: the refresh just after it is published to no one.
      await admin.client('KILL', 'TYPE', 'pubsub');
      await grant(await post(a, '/access/refresh', token));
      await refusedAsReplacedWithin(2000, () => post(b, '/serials-room-three/join', token, JOIN_BODY));
    } finally {
      admin.disconnect();
    }
  });

  it('answers a refresh 503 with Retry-After while Redis cannot answer, and refreshes again once it can', async () => {
    const { token } = await grant(await post(a, '/access', undefined, { username: 'dave' }));
    redis.pause();
    try {
      const started = Date.now();
      const refused = await post(a, '/access/refresh', token);
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get('retry-after'), '2');
      assert.match(await errorOf(refused), /claim token serial/);
      assert.ok(Date.now() - started < 2000, 'within the command timeout, not held');
    } finally {
      redis.resume();
    }
    const fresh = await grant(await post(b, '/access', undefined, { username: 'erin' }));
    const renewed = await grant(await post(b, '/access/refresh', fresh.token));
    assert.equal(renewed.user.id, fresh.user.id);
  });
});
