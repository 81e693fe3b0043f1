import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignalingClient } from '../../components/network/signaling.js';
import { FakeClock, FakeConnectivity, FakeSignalingServer, RecordedHandlers, json, settle } from './signaling-fakes.js';

const ROOM = 'room-for-tests-1';
const HOUR = 3_600_000;

/** A client on fake time, network and server; `random` 0.5 puts every jittered wait at a known point. */
function setUp(options: { tokenTtlMs?: number; online?: boolean } = {}) {
  const clock = new FakeClock();
  const server = new FakeSignalingServer(clock);
  if (options.tokenTtlMs) server.tokenTtlMs = options.tokenTtlMs;
  const connectivity = new FakeConnectivity();
  connectivity.online = options.online ?? true;
  const handlers = new RecordedHandlers();
  const client = new SignalingClient({
    serverUrl: 'http://draw.test/',
    roomId: ROOM,
    username: 'Ada',
    handlers,
    fetch: server.fetch,
    EventSource: server.EventSource,
    clock,
    connectivity,
    random: () => 0.5,
  });
  return { clock, server, connectivity, handlers, client };
}

async function connected(options: Parameters<typeof setUp>[0] = {}) {
  const setup = setUp(options);
  setup.client.start();
  await settle();
  assert.equal(setup.client.connectionState.kind, 'connected', 'connected before the test begins');
  return setup;
}

describe('signaling client: connecting', () => {
  it('gets a token, opens the stream with it and joins the room once the server says connected', async () => {
    const { client, server, handlers } = setUp();
    client.start();
    await settle();
    assert.deepEqual(server.routes(), ['POST /access', 'POST /join']);
    assert.equal(server.requests[1]?.path, `/${ROOM}/join`);
    assert.equal(server.lastStream.url, 'http://draw.test/connect?token=token-1');
    assert.equal(server.requests[1]?.token, 'token-1');
    assert.deepEqual(handlers.statuses, ['connecting', 'connected']);
    assert.deepEqual(handlers.joins, [{ user: { id: 'user-1', username: 'Ada' }, roomId: ROOM }]);
    assert.deepEqual(client.currentUser, { id: 'user-1', username: 'Ada' });
  });

  it('does not try while the browser is offline, and connects as soon as it is back', async () => {
    const { client, server, connectivity, handlers, clock } = setUp({ online: false });
    client.start();
    await clock.advance(HOUR);
    assert.deepEqual(server.requests, []);
    assert.deepEqual(handlers.statuses, ['offline']);
    connectivity.set(true);
    await settle();
    assert.equal(client.connectionState.kind, 'connected');
    assert.deepEqual(handlers.statuses, ['offline', 'connecting', 'connected']);
  });
});

describe('signaling client: retrying', () => {
  it('retries a server it cannot reach with exponential backoff: 0.5 s, 1 s, 2 s steps, jittered', async () => {
    const { client, server, clock, handlers } = setUp();
    for (let failure = 0; failure < 3; failure++) server.answerNext('POST /access', 'network-error');
    client.start();
    await settle();
    // random 0.5: three quarters of each step.
    const tries = () => server.routes().filter((route) => route === 'POST /access').length;
    for (const wait of [375, 750, 1500]) {
      const before = tries();
      await clock.advance(wait - 1);
      assert.equal(tries(), before, `no new try before ${wait} ms`);
      await clock.advance(1);
      assert.equal(tries(), before + 1, `a new try at ${wait} ms`);
    }
    assert.equal(client.connectionState.kind, 'connected');
    assert.ok(handlers.errors[0]?.startsWith('cannot reach the draw-room server at http://draw.test: '), handlers.errors[0]);
    assert.deepEqual(handlers.statuses, ['connecting', 'connected'], 'still connecting, never reconnecting, before the first join');
  });

  it('retries a join answered with a 5xx after the backoff, on a fresh stream', async () => {
    const { client, server, clock, handlers } = setUp();
    server.answerNext('POST /join', json(500, { error: 'internal error' }));
    client.start();
    await settle();
    assert.equal(client.connectionState.kind, 'waiting');
    assert.ok(server.lastStream.closed, 'the stream of the failed attempt is closed');
    await clock.advance(374);
    assert.deepEqual(server.routes(), ['POST /access', 'POST /join']);
    await clock.advance(1);
    assert.deepEqual(server.routes(), ['POST /access', 'POST /join', 'POST /access/refresh', 'POST /join']);
    assert.equal(server.streams.length, 2);
    assert.equal(client.connectionState.kind, 'connected');
    assert.match(handlers.errors[0] ?? '', new RegExp(`^cannot join room ${ROOM}: POST /${ROOM}/join answered 500 internal error`));
  });

  for (const [status, route] of [[503, 'POST /access'], [429, 'POST /join']] as const) {
    it(`waits for the Retry-After of a ${status} (stretched by at most half), not for the backoff`, async () => {
      const { client, server, clock } = setUp();
      server.answerNext(route, json(status, { error: 'busy' }, { 'Retry-After': '4' }));
      client.start();
      await settle();
      const before = server.requests.length;
      // 4 s × (1 + 0.5 / 2)
      await clock.advance(4_999);
      assert.equal(server.requests.length, before, 'nothing before the wait the server asked for');
      await clock.advance(1);
      await settle();
      assert.equal(client.connectionState.kind, 'connected');
    });
  }

  it('retries a join answered 409 without a code: the stream was not registered yet', async () => {
    const { client, server, clock, handlers } = setUp();
    server.answerNext('POST /join', json(409, { error: 'open the event stream first' }));
    client.start();
    await clock.advance(375);
    assert.equal(client.connectionState.kind, 'connected');
    assert.deepEqual(handlers.refusals, []);
  });

  it('gets the token renewed and joins again when a join is answered 401', async () => {
    const { client, server, clock, handlers } = setUp();
    server.answerNext('POST /join', json(401, { error: 'invalid or expired token' }));
    client.start();
    await clock.advance(375);
    assert.deepEqual(server.routes(), ['POST /access', 'POST /join', 'POST /access/refresh', 'POST /join']);
    assert.equal(server.requests[2]?.token, 'token-1');
    assert.equal(server.requests[3]?.token, 'token-2');
    assert.equal(client.connectionState.kind, 'connected');
    assert.deepEqual(handlers.newIdentities, [], 'the same user');
  });

  it('asks for a new user when the server no longer accepts its token, and says the identity changed', async () => {
    const { client, server, clock, handlers } = await connected();
    server.forgetTokens();
    server.lastStream.fail();
    await clock.advance(375);
    assert.deepEqual(server.routes().slice(2), ['POST /access/refresh', 'POST /access', 'POST /join']);
    assert.deepEqual(handlers.newIdentities, [{ id: 'user-2', username: 'Ada' }]);
    assert.equal(client.connectionState.kind, 'connected');
  });
});

describe('signaling client: final refusals', () => {
  const refusals = [
    { name: 'a full room (409 room-full, with its limit)', route: 'POST /join', answer: () => json(409, { error: 'the room is full', code: 'room-full', limit: 4 }), reason: 'This room is full (4 people)', ofName: false },
    { name: 'an invalid room id (404 on join)', route: 'POST /join', answer: () => json(404, { error: 'not found' }), reason: 'Invalid room id', ofName: false },
    { name: 'a name the server refuses (400 on access)', route: 'POST /access', answer: () => json(400, { error: 'username must be 1 to 32 characters after trimming' }), reason: 'Invalid name: username must be 1 to 32 characters after trimming', ofName: true },
  ];
  for (const { name, route, answer, reason, ofName } of refusals) {
    it(`stops for good on ${name}: refused, never retried, nothing left scheduled`, async () => {
      const { client, server, clock, connectivity, handlers } = setUp();
      server.answerNext(route, answer());
      client.start();
      await settle();
      assert.deepEqual(handlers.refusals, [{ reason, ofName }]);
      assert.equal(client.connectionState.kind, 'refused');
      const requests = server.requests.length;
      await clock.advance(HOUR);
      connectivity.set(false);
      connectivity.set(true);
      await settle();
      assert.equal(server.requests.length, requests, 'no request after the refusal');
      assert.equal(clock.pending, 0, 'no timer left');
      assert.equal(connectivity.watchers, 0, 'no longer listening for the network');
      assert.ok(server.streams.every((stream) => stream.closed));
      assert.deepEqual(handlers.statuses, ['connecting']);
    });
  }
});

describe('signaling client: the stream', () => {
  it('reconnects after a dropped stream with the first step of the backoff, and says it is reconnecting', async () => {
    const { client, server, clock, handlers } = await connected();
    server.lastStream.fail();
    await settle();
    assert.equal(client.connectionState.kind, 'waiting');
    await clock.advance(374);
    assert.equal(server.streams.length, 1);
    await clock.advance(1);
    assert.equal(server.streams.length, 2);
    assert.equal(client.connectionState.kind, 'connected');
    assert.deepEqual(handlers.statuses, ['connecting', 'connected', 'reconnecting', 'connected']);
    assert.deepEqual(handlers.joins.length, 2, 'joined the room again');
  });

  it('comes back after a server restart between once and twice the wait it announced, with the backoff started over', async () => {
    const { client, server, clock } = await connected();
    server.lastStream.emit('server-restart', { reason: 'the server is restarting', retryAfterMs: 2_000 });
    assert.ok(server.lastStream.closed);
    // The server is not back yet when the client returns: that try fails.
    server.answerNext('POST /access/refresh', 'network-error');
    const tries = () => server.routes().filter((route) => route === 'POST /access/refresh').length;
    // 2 s × (1 + 0.5)
    await clock.advance(2_999);
    assert.equal(tries(), 0);
    await clock.advance(1);
    assert.equal(tries(), 1);
    // A restart is no failure of ours: the failed try after it waits the first step of the backoff, not the second.
    await clock.advance(374);
    assert.equal(tries(), 1);
    await clock.advance(1);
    assert.equal(tries(), 2);
    assert.equal(client.connectionState.kind, 'connected');
    assert.equal(server.streams.length, 2);
  });

  it('reconnects at once when the server says the stream\'s token expired', async () => {
    const { client, server, clock } = await connected();
    server.lastStream.emit('expired', { reason: 'token expired' });
    await clock.advance(0);
    assert.equal(server.streams.length, 2);
    assert.equal(client.connectionState.kind, 'connected');
  });

  it('closes the stream when the browser goes offline and reconnects when it is back', async () => {
    const { client, server, clock, connectivity, handlers } = await connected();
    connectivity.set(false);
    assert.ok(server.lastStream.closed);
    await clock.advance(HOUR / 2);
    assert.equal(server.streams.length, 1, 'no try while offline');
    connectivity.set(true);
    await settle();
    assert.equal(server.streams.length, 2);
    assert.equal(client.connectionState.kind, 'connected');
    assert.deepEqual(handlers.statuses, ['connecting', 'connected', 'offline', 'reconnecting', 'connected']);
  });

  it('hands the room\'s events on, and reports a malformed one instead of throwing', async () => {
    const { server, handlers } = await connected();
    const peer = { id: 'user-9', username: 'Grace' };
    server.lastStream.emit('add-peer', { peer, roomId: ROOM, offer: true });
    server.lastStream.emitRaw('add-peer', '{not json');
    assert.deepEqual(handlers.addedPeers, [{ peer, roomId: ROOM, offer: true }]);
    assert.equal(handlers.errors.length, 1);
    assert.match(handlers.errors[0] ?? '', /^ignored a malformed add-peer event: /);
  });
});

describe('signaling client: tokens', () => {
  it('renews its token a minute before it expires, again and again, keeping its one stream', async () => {
    const { client, server, clock, handlers } = await connected({ tokenTtlMs: 10 * 60_000 });
    await clock.advance(9 * 60_000 - 1);
    assert.deepEqual(server.routes(), ['POST /access', 'POST /join']);
    await clock.advance(1);
    assert.deepEqual(server.routes(), ['POST /access', 'POST /join', 'POST /access/refresh']);
    assert.equal(server.requests[2]?.token, 'token-1');
    await clock.advance(9 * 60_000);
    assert.equal(server.requests[3]?.token, 'token-2', 'the renewed token renewed in turn');
    assert.equal(server.streams.length, 1);
    assert.deepEqual(handlers.statuses, ['connecting', 'connected']);
    assert.deepEqual(client.currentUser, { id: 'user-1', username: 'Ada' });
  });

  it('asks for later tokens under the name it was last given', async () => {
    const { client, server, clock } = await connected({ tokenTtlMs: 10 * 60_000 });
    client.setUsername('Ada L.');
    await clock.advance(9 * 60_000);
    assert.deepEqual(server.requests.at(-1)?.body, { username: 'Ada L.' });
  });

  it('tries a renewal that failed again, but not in a tight loop near the end of a short token', async () => {
    const { server, clock, handlers } = await connected({ tokenTtlMs: 3_000 });
    server.answerNext('POST /access/refresh', 'network-error');
    await clock.advance(2_400);
    assert.equal(server.routes().filter((route) => route === 'POST /access/refresh').length, 1);
    assert.match(handlers.errors[0] ?? '', /^could not renew the token: /);
    await clock.advance(4_999);
    assert.equal(server.routes().filter((route) => route === 'POST /access/refresh').length, 1, 'not again within 5 s');
    await clock.advance(1);
    assert.equal(server.routes().filter((route) => route === 'POST /access/refresh').length, 2);
  });

  it('sends a relay refused with 401 once more with the token a renewal gave meanwhile', async () => {
    const { client, server, clock, handlers } = await connected({ tokenTtlMs: 10 * 60_000 });
    let renewalDone!: () => void;
    const renewed = new Promise<void>((resolve) => (renewalDone = resolve));
    server.answerNext('POST /relay', async () => {
      await renewed;
      return json(401, { error: 'token replaced' });
    });
    const sent = client.relay('user-9', 'session-description', { type: 'offer', sdp: 'v=0' });
    await clock.advance(9 * 60_000);
    renewalDone();
    await sent;
    const relays = server.requests.filter((request) => request.route === 'POST /relay');
    assert.deepEqual(relays.map((request) => request.token), ['token-1', 'token-2']);
    assert.equal(relays[1]?.path, '/relay/user-9/session-description');
    assert.deepEqual(relays[1]?.body, { type: 'offer', sdp: 'v=0' });
    assert.deepEqual(handlers.errors, []);
  });

  it('reports a relay refused with 401 when no renewal happened, without sending it again', async () => {
    const { client, server, handlers } = await connected();
    server.answerNext('POST /relay', json(401, { error: 'invalid or expired token' }));
    await client.relay('user-9', 'ice-candidate', { candidate: 'c' });
    assert.equal(server.routes().filter((route) => route === 'POST /relay').length, 1);
    assert.deepEqual(handlers.errors, ['relay of ice-candidate to peer user-9 failed: 401 invalid or expired token']);
  });

  it('sends relays one after another, in the order they were given', async () => {
    const { client, server } = await connected();
    let answerFirst!: () => void;
    const firstAnswered = new Promise<void>((resolve) => (answerFirst = resolve));
    server.answerNext('POST /relay', async () => {
      await firstAnswered;
      return json(200, { ok: true });
    });
    const offer = client.relay('user-9', 'session-description', { n: 1 });
    const candidate = client.relay('user-9', 'ice-candidate', { n: 2 });
    await settle();
    assert.equal(server.routes().filter((route) => route === 'POST /relay').length, 1, 'the candidate waits for the offer');
    answerFirst();
    await Promise.all([offer, candidate]);
    assert.deepEqual(server.requests.filter((request) => request.route === 'POST /relay').map((request) => request.body), [{ n: 1 }, { n: 2 }]);
  });
});

describe('signaling client: stopping', () => {
  it('leaves no timer, stream or listener once stopped while connected', async () => {
    const { client, server, clock, connectivity } = await connected();
    assert.ok(clock.pending > 0, 'a renewal is scheduled while connected');
    client.stop();
    assert.equal(clock.pending, 0);
    assert.ok(server.lastStream.closed);
    assert.equal(connectivity.watchers, 0);
    await clock.advance(HOUR);
    assert.deepEqual(server.routes(), ['POST /access', 'POST /join']);
  });

  it('cancels a pending retry when stopped while waiting', async () => {
    const { client, server, clock } = setUp();
    server.answerNext('POST /access', 'network-error');
    client.start();
    await settle();
    assert.equal(client.connectionState.kind, 'waiting');
    client.stop();
    assert.equal(clock.pending, 0);
    await clock.advance(HOUR);
    assert.equal(server.requests.length, 1);
  });

  it('opens no stream for an attempt that was under way when it stopped', async () => {
    const { client, server, clock, handlers } = setUp();
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    server.answerNext('POST /access', async (request) => {
      await answered;
      return json(200, { token: 'late', user: { id: 'user-1', username: nameOf(request.body) }, expiresAt: clock.now() + HOUR });
    });
    client.start();
    await settle();
    client.stop();
    answer();
    await clock.advance(HOUR);
    assert.equal(server.streams.length, 0);
    assert.equal(clock.pending, 0);
    assert.deepEqual(handlers.statuses, ['connecting']);
  });
});

const nameOf = (body: unknown) => (body as { username: string }).username;
