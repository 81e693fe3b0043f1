import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { AccessGrant } from '../../protocol/signaling.js';
import { FakeClock } from '../support/fake-clock.js';
import { SignalingServer, errorOf } from '../support/signaling-server.js';

const TTL_SECONDS = 60;

describe('token expiry and refresh', () => {
  const servers: SignalingServer[] = [];
  /** A server whose tokens and streams follow `clock`: the tests move time on instead of waiting for it. */
  const start = async (clock: FakeClock) => {
    const server = await SignalingServer.start({ tokenTtlSeconds: TTL_SECONDS, clock });
    servers.push(server);
    return server;
  };
  after(() => Promise.all(servers.map((server) => server.close())));

  it('ends an open stream with an `expired` event when its token expires, and the user leaves its rooms', async () => {
    const clock = new FakeClock();
    const server = await start(clock);
    const alice = await server.visitor('alice');
    await server.join(alice, 'tokens-expiry-room');
    clock.advance(30_000);
    // Bob's token is half a lifetime younger, so it outlives Alice's.
    const bob = await server.visitor('bob');
    await server.join(bob, 'tokens-expiry-room');
    await alice.stream.next('add-peer');
    clock.advance(30_000);
    const expired = await alice.stream.next('expired');
    assert.match((expired.data as { reason: string }).reason, /token expired/);
    await alice.stream.waitForEnd();
    const late = await server.join(alice, 'tokens-expiry-room');
    assert.equal(late.status, 401, 'the expired token opens nothing');
    assert.match(await errorOf(late), /token expired/);
    assert.deepEqual((await bob.stream.next('remove-peer')).data, { to: bob.member.id, peer: alice.member, roomId: 'tokens-expiry-room' });
    assert.equal(bob.stream.ended, false, 'the younger token’s stream stays open');
  });

  it('POST /access/refresh gives the same user a later expiry, and the open stream lives on with it', async () => {
    const clock = new FakeClock();
    const server = await start(clock);
    const first = (await (await server.post('/access', { username: 'alice' })).json()) as AccessGrant;
    const stream = await server.connect(first.token);
    await stream.next('connected');
    clock.advance(30_000);
    const response = await server.post('/access/refresh', {}, first.token);
    assert.equal(response.status, 200);
    const renewed = (await response.json()) as AccessGrant;
    assert.equal(renewed.expiresAt, first.expiresAt + 30_000, 'a whole lifetime from the refresh');

    clock.advance(first.expiresAt - clock.now() + 1000);
    assert.equal((await server.post('/access/refresh', {}, first.token)).status, 401, 'the first token is over');
    // A join needs an open stream: the server still holds it, past its first token.
    assert.equal((await server.post('/tokens-refresh-room/join', { member: 'widget-1' }, renewed.token)).status, 200, 'the new token works');
    assert.equal(stream.ended, false, 'the stream outlived its first token');

    clock.advance(renewed.expiresAt - clock.now());
    await stream.next('expired');
    await stream.waitForEnd();
  });

  it('refuses to refresh an expired, forged or missing token', async () => {
    const clock = new FakeClock();
    const server = await start(clock);
    const { token } = await server.access('alice');
    assert.equal((await server.post('/access/refresh', {})).status, 401);
    assert.match(await errorOf(await server.post('/access/refresh', {}, `${token}x`)), /invalid token/);
    clock.advance(TTL_SECONDS * 1000);
    const expired = await server.post('/access/refresh', {}, token);
    assert.equal(expired.status, 401);
    assert.match(await errorOf(expired), /token expired/);
  });

  it('with the system clock, ends the stream of a one-second token within a second and refuses the token after', async () => {
    const server = await SignalingServer.start({ tokenTtlSeconds: 1 });
    servers.push(server);
    const alice = await server.visitor('alice');
    // JWT expiry is in whole seconds: a token of 1 s lives for at most a second.
    await alice.stream.next('expired', 2500);
    await alice.stream.waitForEnd();
    const expired = await server.post('/access/refresh', {}, alice.token);
    assert.equal(expired.status, 401);
    assert.match(await errorOf(expired), /token expired/);
  });
});
