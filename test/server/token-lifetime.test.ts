import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { readConfig } from '../../server/config.js';
import type { AccessGrant } from '../../protocol/signaling.js';
import { FakeClock } from '../support/fake-clock.js';
import { SignalingServer, TEST_SECRET, errorOf } from '../support/signaling-server.js';

describe('token lifetime: a refresh replaces the old token, and a session ends', () => {
  const servers: SignalingServer[] = [];
  const start = async (options: { sessionMaxSeconds?: number; tokenTtlSeconds?: number; clock?: FakeClock } = {}) => {
    const server = await SignalingServer.start(options);
    servers.push(server);
    return server;
  };
  after(() => Promise.all(servers.map((server) => server.close())));

  const refresh = async (server: SignalingServer, token: string): Promise<AccessGrant> => {
    const response = await server.post('/access/refresh', {}, token);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as AccessGrant;
  };

  it('refuses the token a refresh replaced, at /connect, /join, /relay and /access/refresh, while the open stream lives on', async () => {
    const server = await start();
    const alice = await server.visitor('alice');
    const bob = await server.visitor('bob');
    await server.join(bob, 'token-lifetime-room');
    const renewed = await refresh(server, alice.token);
    assert.deepEqual(renewed.user, alice.user, 'the same user');

    const refusals = [
      await server.request(`/connect?token=${encodeURIComponent(alice.token)}`),
      await server.join(alice, 'token-lifetime-room'),
      await server.relay(alice, bob.member.id, 'ice-candidate', { candidate: 'stolen' }),
      await server.post('/access/refresh', {}, alice.token),
    ];
    for (const response of refusals) {
      assert.equal(response.status, 401);
      assert.match(await errorOf(response), /token replaced by a newer one/);
    }

    const aliceRenewed = { ...alice, token: renewed.token };
    assert.equal((await server.join(aliceRenewed, 'token-lifetime-room')).status, 200, 'the new token joins');
    assert.equal(alice.stream.ended, false, 'the stream opened with the old token stays open');
    await bob.stream.next('add-peer');
    const relayed = await server.relay(aliceRenewed, bob.member.id, 'ice-candidate', { candidate: 'mine' });
    assert.equal(relayed.status, 200);
    assert.deepEqual((await bob.stream.next('ice-candidate')).data, { to: bob.member.id, peer: alice.member, data: { candidate: 'mine' } });
  });

  it('gives a token to only one of two refreshes of the same token: a thief cannot fork the session', async () => {
    const server = await start();
    const { token } = await server.access('alice');
    const answers = await Promise.all([server.post('/access/refresh', {}, token), server.post('/access/refresh', {}, token)]);
    assert.deepEqual(answers.map((response) => response.status).sort(), [200, 401]);
  });

  it('refuses only older tokens: each refresh in a chain replaces the one before', async () => {
    const server = await start();
    const first = await server.access('alice');
    const second = await refresh(server, first.token);
    const third = await refresh(server, second.token);
    assert.equal((await server.post('/access/refresh', {}, second.token)).status, 401);
    assert.equal((await server.post('/access/refresh', {}, first.token)).status, 401);
    const fourth = await refresh(server, third.token);
    assert.equal(fourth.user.id, first.user.id);
  });

  it('refuses a refresh once the session began SESSION_MAX_SECONDS ago, counted from the first token through refreshes', async () => {
    const clock = new FakeClock();
    const server = await start({ sessionMaxSeconds: 120, tokenTtlSeconds: 3600, clock });
    const { token } = await server.access('alice');
    clock.advance(100_000);
    const renewed = await refresh(server, token);
    assert.ok(renewed.expiresAt > clock.now() + 3599_000, 'a refresh within the session gets a whole token lifetime');
    clock.advance(20_000);
    assert.equal((await server.post('/access/refresh', {}, token)).status, 401, 'the replaced token is refused');
    const atTheLimit = await refresh(server, renewed.token);
    clock.advance(1);
    const over = await server.post('/access/refresh', {}, atTheLimit.token);
    assert.equal(over.status, 401);
    assert.match(await errorOf(over), /session began more than 120 s ago: get a new identity from POST \/access/);
    assert.equal((await server.post('/access', { username: 'alice' })).status, 200, 'a new identity is one request away');
  });

  it('reads SESSION_MAX_SECONDS from the environment, 24 hours by default', () => {
    assert.equal(readConfig({ TOKEN_SECRET: TEST_SECRET }).sessionMaxSeconds, 24 * 3600);
    assert.equal(readConfig({ TOKEN_SECRET: TEST_SECRET, SESSION_MAX_SECONDS: '600' }).sessionMaxSeconds, 600);
    assert.throws(() => readConfig({ TOKEN_SECRET: TEST_SECRET, SESSION_MAX_SECONDS: 'forever' }), /SESSION_MAX_SECONDS must be a whole number/);
  });
});
