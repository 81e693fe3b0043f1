import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { SignalingServer, errorOf } from '../support/signaling-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('token expiry and refresh', () => {
  const servers: SignalingServer[] = [];
  // JWT expiry is in whole seconds: a token of `ttl` seconds lives between ttl - 1 and ttl seconds.
  const start = async (tokenTtlSeconds: number) => {
    const server = await SignalingServer.start({ tokenTtlSeconds });
    servers.push(server);
    return server;
  };
  after(() => Promise.all(servers.map((server) => server.close())));

  it('ends an open stream with an `expired` event when its token expires, and the user leaves its rooms', async () => {
    const server = await start(3);
    const alice = await server.visitor('alice');
    await server.join(alice, 'tokens-expiry-room');
    // Bob's token is a second younger, so it outlives Alice's.
    await sleep(1100);
    const bob = await server.visitor('bob');
    await server.join(bob, 'tokens-expiry-room');
    const expired = await alice.stream.next('expired', 4000);
    assert.match((expired.data as { reason: string }).reason, /token expired/);
    await alice.stream.waitForEnd();
    const late = await server.post('/tokens-expiry-room/join', {}, alice.token);
    assert.equal(late.status, 401, 'the expired token opens nothing');
    assert.match(await errorOf(late), /token expired/);
    assert.deepEqual((await bob.stream.next('remove-peer', 3000)).data, { peer: alice.user, roomId: 'tokens-expiry-room' });
  });

  it('POST /access/refresh gives the same user a later expiry, and the open stream lives on with it', async () => {
    const server = await start(3);
    const first = (await (await server.post('/access', { username: 'alice' })).json()) as { token: string; expiresAt: number };
    const stream = await server.connect(first.token);
    await stream.next('connected');
    await sleep(1100);
    const response = await server.post('/access/refresh', {}, first.token);
    assert.equal(response.status, 200);
    const renewed = (await response.json()) as { token: string; user: { id: string }; expiresAt: number };
    assert.ok(renewed.expiresAt >= first.expiresAt + 1000, 'a later expiry');
    await sleep(first.expiresAt + 300 - Date.now());
    assert.equal(stream.ended, false, 'the stream outlived its first token');
    assert.equal((await server.post('/access/refresh', {}, first.token)).status, 401, 'the first token is over');
    assert.equal((await server.post('/tokens-refresh-room/join', {}, renewed.token)).status, 200, 'the new token works');
    await stream.next('expired', renewed.expiresAt + 1000 - Date.now());
    assert.ok(Date.now() >= renewed.expiresAt, 'it ends with the renewed token');
  });

  it('refuses to refresh an expired, forged or missing token', async () => {
    const server = await start(1);
    const { token } = await server.access('alice');
    assert.equal((await server.post('/access/refresh', {})).status, 401);
    assert.match(await errorOf(await server.post('/access/refresh', {}, `${token}x`)), /invalid token/);
    await sleep(1100);
    const expired = await server.post('/access/refresh', {}, token);
    assert.equal(expired.status, 401);
    assert.match(await errorOf(expired), /token expired/);
  });
});
