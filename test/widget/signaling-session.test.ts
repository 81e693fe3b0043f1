import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignalingSession } from '../../components/network/signaling-session.js';
import type { AccessGrant } from '../../protocol/signaling.js';
import { FakeClock, FakeConnectivity, FakeSignalingServer, json, settle } from './signaling-fakes.js';
import { RecordedSessionHandlers } from './signaling-recorders.js';

const HOUR = 3_600_000;
const MEMBER = 'user-1.widget-key-1';

/** A session on fake time, network and server; `random` 0.5 puts every jittered wait at a known point. */
function setUp(options: { tokenTtlMs?: number; online?: boolean; access?: AccessGrant } = {}) {
  const clock = new FakeClock();
  const server = new FakeSignalingServer(clock);
  if (options.tokenTtlMs) server.tokenTtlMs = options.tokenTtlMs;
  const connectivity = new FakeConnectivity();
  connectivity.online = options.online ?? true;
  const handlers = new RecordedSessionHandlers();
  const session = new SignalingSession({
    serverUrl: 'http://draw.test/',
    username: 'Ada',
    handlers,
    access: options.access ?? null,
    fetch: server.fetch,
    EventSource: server.EventSource,
    clock,
    connectivity,
    random: () => 0.5,
  });
  return { clock, server, connectivity, handlers, session };
}

async function connected(options: Parameters<typeof setUp>[0] = {}) {
  const setup = setUp(options);
  setup.session.start();
  await settle();
  assert.equal(setup.session.connectionState.kind, 'connected', 'connected before the test begins');
  return setup;
}

const refreshes = (server: FakeSignalingServer) => server.requestsTo('POST /access/refresh').length;

describe('signaling session: connecting', () => {
  it('gets a token, opens the stream with it and is connected once the server says so, joining no room itself', async () => {
    const { session, server, handlers } = setUp();
    session.start();
    await settle();
    assert.deepEqual(server.routes(), ['POST /access']);
    assert.equal(server.lastStream.url, 'http://draw.test/connect?token=token-1');
    assert.deepEqual(handlers.statuses, ['connecting', 'connected']);
    assert.deepEqual(handlers.connections, [{ id: 'user-1', username: 'Ada' }]);
    assert.equal(session.access?.token, 'token-1');
    assert.deepEqual(handlers.accesses.map((access) => access.token), ['token-1']);
  });

  it('starts from a token another tab had: renewed, so the user stays the same, and no new user asked for', async () => {
    const first = await connected();
    const handed = first.session.access!;
    first.session.stop();
    const { clock, handlers } = first;
    const next = new SignalingSession({
      serverUrl: 'http://draw.test',
      username: 'Ada',
      handlers,
      access: handed,
      fetch: first.server.fetch,
      EventSource: first.server.EventSource,
      clock,
      connectivity: first.connectivity,
      random: () => 0.5,
    });
    next.start();
    await settle();
    assert.deepEqual(first.server.routes(), ['POST /access', 'POST /access/refresh']);
    assert.equal(first.server.requests[1]?.token, 'token-1');
    assert.equal(first.server.lastStream.token, 'token-2');
    assert.deepEqual(handlers.connections.map((user) => user.id), ['user-1', 'user-1']);
    assert.deepEqual(handlers.newIdentities, []);
    next.stop();
  });

  it('does not try while the browser is offline, and connects as soon as it is back', async () => {
    const { session, server, connectivity, handlers, clock } = setUp({ online: false });
    session.start();
    await clock.advance(HOUR);
    assert.deepEqual(server.requests, []);
    assert.deepEqual(handlers.statuses, ['offline']);
    connectivity.set(true);
    await settle();
    assert.equal(session.connectionState.kind, 'connected');
    assert.deepEqual(handlers.statuses, ['offline', 'connecting', 'connected']);
  });
});

describe('signaling session: retrying', () => {
  it('retries a server it cannot reach with exponential backoff: 0.5 s, 1 s, 2 s steps, jittered', async () => {
    const { session, server, clock, handlers } = setUp();
    for (let failure = 0; failure < 3; failure++) server.answerNext('POST /access', 'network-error');
    session.start();
    await settle();
    // random 0.5: three quarters of each step.
    const tries = () => server.requestsTo('POST /access').length;
    for (const wait of [375, 750, 1500]) {
      const before = tries();
      await clock.advance(wait - 1);
      assert.equal(tries(), before, `no new try before ${wait} ms`);
      await clock.advance(1);
      assert.equal(tries(), before + 1, `a new try at ${wait} ms`);
    }
    assert.equal(session.connectionState.kind, 'connected');
    assert.ok(handlers.errors[0]?.startsWith('cannot reach the draw-room server at http://draw.test: '), handlers.errors[0]);
    assert.deepEqual(handlers.statuses, ['connecting', 'connected'], 'still connecting, never reconnecting, before the first connection');
  });

  it('waits for the Retry-After of a 503 (stretched by at most half), not for the backoff', async () => {
    const { session, server, clock } = setUp();
    server.answerNext('POST /access', json(503, { error: 'busy' }, { 'Retry-After': '4' }));
    session.start();
    await settle();
    const before = server.requests.length;
    // 4 s × (1 + 0.5 / 2)
    await clock.advance(4_999);
    assert.equal(server.requests.length, before, 'nothing before the wait the server asked for');
    await clock.advance(1);
    assert.equal(session.connectionState.kind, 'connected');
  });

  it('retries a stream the server refused to open, on a new one after the backoff', async () => {
    const { session, server, clock } = setUp();
    // A grant for a token the server does not know: its stream fails at once.
    server.answerNext('POST /access', json(200, { token: 'unknown', user: { id: 'user-0', username: 'Ada' }, expiresAt: clock.now() + HOUR }));
    session.start();
    await settle();
    assert.equal(session.connectionState.kind, 'waiting');
    assert.ok(server.lastStream.closed);
    await clock.advance(375);
    assert.equal(server.streams.length, 2);
    assert.equal(session.connectionState.kind, 'connected');
  });

  it('asks for a new user when the server no longer accepts its token, and says the identity changed', async () => {
    const { session, server, clock, handlers } = await connected();
    server.forgetTokens();
    server.lastStream.fail();
    await clock.advance(375);
    assert.deepEqual(server.routes().slice(1), ['POST /access/refresh', 'POST /access']);
    assert.deepEqual(handlers.newIdentities, [{ id: 'user-2', username: 'Ada' }]);
    assert.deepEqual(handlers.connections.map((user) => user.id), ['user-1', 'user-2']);
    assert.equal(session.connectionState.kind, 'connected');
  });
});

describe('signaling session: final refusals', () => {
  it('stops for good on a name the server refuses (400 on access): refused, never retried, nothing left scheduled', async () => {
    const { session, server, clock, connectivity, handlers } = setUp();
    server.answerNext('POST /access', json(400, { error: 'username must be 1 to 32 characters after trimming' }));
    session.start();
    await settle();
    const reason = 'Invalid name: username must be 1 to 32 characters after trimming';
    assert.deepEqual(handlers.refusals, [{ reason, ofName: true }]);
    assert.deepEqual(handlers.errors, [`${reason} (POST /access answered 400 username must be 1 to 32 characters after trimming)`]);
    assert.equal(session.connectionState.kind, 'refused');
    await clock.advance(HOUR);
    connectivity.set(false);
    connectivity.set(true);
    await settle();
    assert.equal(server.requests.length, 1, 'no request after the refusal');
    assert.equal(clock.pending, 0, 'no timer left');
    assert.equal(connectivity.watchers, 0, 'no longer listening for the network');
    assert.equal(server.streams.length, 0);
    assert.deepEqual(handlers.statuses, ['connecting']);
  });
});

describe('signaling session: the stream', () => {
  it('reconnects after a dropped stream with the first step of the backoff, and says it is reconnecting', async () => {
    const { session, server, clock, handlers } = await connected();
    server.lastStream.fail();
    await settle();
    assert.equal(session.connectionState.kind, 'waiting');
    await clock.advance(374);
    assert.equal(server.streams.length, 1);
    await clock.advance(1);
    assert.equal(server.streams.length, 2);
    assert.equal(session.connectionState.kind, 'connected');
    assert.deepEqual(handlers.statuses, ['connecting', 'connected', 'reconnecting', 'connected']);
    assert.equal(handlers.connections.length, 2, 'says connected again, so members join again');
  });

  it('comes back after a server restart between once and twice the wait it announced, with the backoff started over', async () => {
    const { session, server, clock } = await connected();
    server.lastStream.emit('server-restart', { reason: 'the server is restarting', retryAfterMs: 2_000 });
    assert.ok(server.lastStream.closed);
    // The server is not back yet when the session returns: that try fails.
    server.answerNext('POST /access/refresh', 'network-error');
    // 2 s × (1 + 0.5)
    await clock.advance(2_999);
    assert.equal(refreshes(server), 0);
    await clock.advance(1);
    assert.equal(refreshes(server), 1);
    // A restart is no failure of ours: the failed try after it waits the first step of the backoff, not the second.
    await clock.advance(374);
    assert.equal(refreshes(server), 1);
    await clock.advance(1);
    assert.equal(refreshes(server), 2);
    assert.equal(session.connectionState.kind, 'connected');
    assert.equal(server.streams.length, 2);
  });

  it("reconnects at once when the server says the stream's token expired", async () => {
    const { session, server, clock } = await connected();
    server.lastStream.emit('expired', { reason: 'token expired' });
    await clock.advance(0);
    assert.equal(server.streams.length, 2);
    assert.equal(session.connectionState.kind, 'connected');
  });

  it('closes the stream when the browser goes offline and reconnects when it is back', async () => {
    const { session, server, clock, connectivity, handlers } = await connected();
    connectivity.set(false);
    assert.ok(server.lastStream.closed);
    await clock.advance(HOUR / 2);
    assert.equal(server.streams.length, 1, 'no try while offline');
    connectivity.set(true);
    await settle();
    assert.equal(server.streams.length, 2);
    assert.equal(session.connectionState.kind, 'connected');
    assert.deepEqual(handlers.statuses, ['connecting', 'connected', 'offline', 'reconnecting', 'connected']);
  });

  it("hands every member's events on, each with its `to`, and reports a malformed one instead of throwing", async () => {
    const { server, handlers } = await connected();
    const peer = { id: 'user-9.other-key-1', userId: 'user-9', username: 'Grace' };
    server.lastStream.emit('add-peer', { to: MEMBER, peer, roomId: 'room-for-tests-1', offer: true });
    server.lastStream.emit('frames', { to: 'user-1.widget-key-2', peer, frames: ['AAEC'] });
    server.lastStream.emitRaw('add-peer', '{not json');
    assert.deepEqual(handlers.events, [
      { event: 'add-peer', data: { to: MEMBER, peer, roomId: 'room-for-tests-1', offer: true } },
      { event: 'frames', data: { to: 'user-1.widget-key-2', peer, frames: ['AAEC'] } },
    ]);
    assert.equal(handlers.errors.length, 1);
    assert.match(handlers.errors[0] ?? '', /^ignored a malformed add-peer event: /);
  });

  it('hands on nothing a stream it closed still receives', async () => {
    const { session, server, handlers } = await connected();
    const stream = server.lastStream;
    session.stop();
    stream.emit('add-peer', { to: MEMBER, peer: { id: 'user-9.other-key-1', userId: 'user-9', username: 'Grace' }, roomId: 'room-for-tests-1', offer: true });
    assert.deepEqual(handlers.events, []);
  });
});

describe('signaling session: tokens', () => {
  it('renews its token a minute before it expires, again and again, keeping its one stream', async () => {
    const { session, server, clock, handlers } = await connected({ tokenTtlMs: 10 * 60_000 });
    await clock.advance(9 * 60_000 - 1);
    assert.deepEqual(server.routes(), ['POST /access']);
    await clock.advance(1);
    assert.deepEqual(server.routes(), ['POST /access', 'POST /access/refresh']);
    assert.equal(server.requests[1]?.token, 'token-1');
    await clock.advance(9 * 60_000);
    assert.equal(server.requests[2]?.token, 'token-2', 'the renewed token renewed in turn');
    assert.equal(server.streams.length, 1);
    assert.deepEqual(handlers.statuses, ['connecting', 'connected']);
    assert.deepEqual(handlers.accesses.map((access) => access.token), ['token-1', 'token-2', 'token-3'], 'each new token said');
    assert.deepEqual(session.access?.user, { id: 'user-1', username: 'Ada' });
  });

  it('asks for later tokens under the name it was last given', async () => {
    const { session, server, clock } = await connected({ tokenTtlMs: 10 * 60_000 });
    session.setUsername('Ada L.');
    await clock.advance(9 * 60_000);
    assert.deepEqual(server.requests.at(-1)?.body, { username: 'Ada L.' });
  });

  it('tries a renewal that failed again, but not in a tight loop near the end of a short token', async () => {
    const { server, clock, handlers } = await connected({ tokenTtlMs: 3_000 });
    server.answerNext('POST /access/refresh', 'network-error');
    await clock.advance(2_400);
    assert.equal(refreshes(server), 1);
    assert.match(handlers.errors[0] ?? '', /^could not renew the token: /);
    await clock.advance(4_999);
    assert.equal(refreshes(server), 1, 'not again within 5 s');
    await clock.advance(1);
    assert.equal(refreshes(server), 2);
  });

  it('renews at once a token a request was refused with (401), and hands out the new one', async () => {
    const { session, server, handlers } = await connected();
    const renewed = await session.renewAfterRefusal('token-1');
    assert.equal(renewed?.token, 'token-2');
    assert.equal(renewed?.user.id, 'user-1');
    assert.deepEqual(server.routes(), ['POST /access', 'POST /access/refresh']);
    assert.equal(handlers.accesses.at(-1)?.token, 'token-2');
  });

  it('hands out the newer token without asking the server when the refused one was renewed meanwhile', async () => {
    const { session, server, clock } = await connected({ tokenTtlMs: 10 * 60_000 });
    await clock.advance(9 * 60_000);
    const renewed = await session.renewAfterRefusal('token-1');
    assert.equal(renewed?.token, 'token-2');
    assert.equal(refreshes(server), 1, 'only the planned renewal');
  });

  it('hands out no token when the server no longer renews the refused one, nor once stopped', async () => {
    const { session, server } = await connected();
    server.forgetTokens();
    assert.equal(await session.renewAfterRefusal('token-1'), null);
    session.stop();
    assert.equal(await session.renewAfterRefusal('token-1'), null);
    assert.equal(refreshes(server), 1);
  });
});

describe('signaling session: stopping', () => {
  it('leaves no timer, stream or listener once stopped while connected', async () => {
    const { session, server, clock, connectivity } = await connected();
    assert.ok(clock.pending > 0, 'a renewal is scheduled while connected');
    session.stop();
    assert.equal(clock.pending, 0);
    assert.ok(server.lastStream.closed);
    assert.equal(connectivity.watchers, 0);
    await clock.advance(HOUR);
    assert.deepEqual(server.routes(), ['POST /access']);
  });

  it('cancels a pending retry when stopped while waiting', async () => {
    const { session, server, clock } = setUp();
    server.answerNext('POST /access', 'network-error');
    session.start();
    await settle();
    assert.equal(session.connectionState.kind, 'waiting');
    session.stop();
    assert.equal(clock.pending, 0);
    await clock.advance(HOUR);
    assert.equal(server.requests.length, 1);
  });

  it('opens no stream for an attempt that was under way when it stopped', async () => {
    const { session, server, clock, handlers } = setUp();
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    server.answerNext('POST /access', async (request) => {
      await answered;
      return json(200, { token: 'late', user: { id: 'user-1', username: nameOf(request.body) }, expiresAt: clock.now() + HOUR });
    });
    session.start();
    await settle();
    session.stop();
    answer();
    await clock.advance(HOUR);
    assert.equal(server.streams.length, 0);
    assert.equal(clock.pending, 0);
    assert.deepEqual(handlers.statuses, ['connecting']);
  });
});

const nameOf = (body: unknown) => (body as { username: string }).username;
