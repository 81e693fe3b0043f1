import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { v4 as uuidv4 } from 'uuid';
import { SignalingServer, TEST_SECRET, errorOf } from '../support/signaling-server.js';

describe('GET /connect', () => {
  let server: SignalingServer;
  before(async () => (server = await SignalingServer.start({ heartbeatMs: 100 })));
  after(() => server.close());

  it('opens an event stream whose first event is connected {user}, with ids and proxy-safe headers', async () => {
    const { token, user } = await server.access('alice');
    const stream = await server.connect(token);
    assert.equal(stream.response.status, 200);
    assert.match(stream.response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.match(stream.response.headers.get('cache-control') ?? '', /no-cache/);
    assert.equal(stream.response.headers.get('x-accel-buffering'), 'no');
    const connected = await stream.next('connected');
    assert.deepEqual(connected.data, { user });
    assert.equal(connected.id, '1');
    assert.equal(stream.events[0], connected, 'connected is the first event');
    stream.close();
  });

  it('sends heartbeat comments that keep the stream alive without being events', async () => {
    const visitor = await server.visitor('bob');
    await new Promise((resolve) => setTimeout(resolve, 350));
    assert.ok(visitor.stream.comments.filter((c) => c === 'heartbeat').length >= 2, 'at least two heartbeats');
    assert.deepEqual(visitor.stream.events.map((e) => e.event), ['connected'], 'heartbeats are not events');
  });

  it('answers 401 without a stream when the token is missing', async () => {
    const response = await server.request('/connect');
    assert.equal(response.status, 401);
    assert.match(await errorOf(response), /missing token/);
  });

  const badTokens: Array<[string, () => string, RegExp]> = [
    ['a malformed token', () => 'not-a-jwt', /^invalid token$/],
    ['a token signed with another secret', () => jwt.sign({ id: uuidv4(), username: 'x' }, 'another-secret-another-secret-12345'), /^invalid token$/],
    ['an expired token', () => jwt.sign({ id: uuidv4(), username: 'x', exp: Math.floor(Date.now() / 1000) - 10 }, TEST_SECRET), /token expired/],
    ['an unsigned (alg none) token', () => jwt.sign({ id: uuidv4(), username: 'x' }, '', { algorithm: 'none' }), /^invalid token$/],
    ['a token whose id is not a uuid', () => jwt.sign({ id: 'admin', username: 'x' }, TEST_SECRET), /does not name a user/],
  ];
  for (const [what, makeToken, message] of badTokens) {
    it(`answers 401 for ${what}`, async () => {
      const response = await server.request(`/connect?token=${encodeURIComponent(makeToken())}`);
      assert.equal(response.status, 401);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      assert.match(await errorOf(response), message);
    });
  }

  it('replaces an older stream of the same user, which is then ended', async () => {
    const { token } = await server.access('carol');
    const first = await server.connect(token);
    await first.next('connected');
    const second = await server.connect(token);
    await second.next('connected');
    await first.waitForEnd();
    assert.equal(second.ended, false);
  });
});
