import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BrowserSession } from '../../components/network/browser-session.js';
import { RoomSignaling } from '../../components/network/room-signaling.js';
import { MEMBER_KEY_PATTERN, type Member } from '../../protocol/signaling.js';
import { FakeClock, FakeConnectivity, FakeSignalingServer, json, settle } from './signaling-fakes.js';
import { RecordedRoomHandlers } from './signaling-recorders.js';

const ROOM = 'room-for-tests-1';
const OTHER_ROOM = 'room-for-tests-2';
const HOUR = 3_600_000;
const GRACE: Member = { id: 'user-9.grace-key-1', userId: 'user-9', username: 'Grace' };

/**
 * Widgets of one page on fake time, network and server: each a RoomSignaling on the page's one BrowserSession
 * (no other tabs). `random` 0.5 puts every jittered wait at a known point.
 */
function setUp(options: { tokenTtlMs?: number } = {}) {
  const clock = new FakeClock();
  const server = new FakeSignalingServer(clock);
  if (options.tokenTtlMs) server.tokenTtlMs = options.tokenTtlMs;
  const connectivity = new FakeConnectivity();
  const session = new BrowserSession({
    serverUrl: 'http://draw.test/',
    tabs: null,
    fetch: server.fetch,
    EventSource: server.EventSource,
    clock,
    connectivity,
    random: () => 0.5,
  });
  const widget = (roomId = ROOM, username = 'Ada', beforeJoin?: () => Promise<void>) => {
    const handlers = new RecordedRoomHandlers();
    const signaling = new RoomSignaling({ session, roomId, username, handlers, clock, random: () => 0.5, beforeJoin });
    return { signaling, handlers };
  };
  return { clock, server, connectivity, session, widget };
}

/** One widget, joined before the test begins. */
async function joined(options: Parameters<typeof setUp>[0] = {}) {
  const setup = setUp(options);
  const { signaling, handlers } = setup.widget();
  signaling.start();
  await settle();
  assert.deepEqual(handlers.statuses, ['connecting', 'connected'], 'joined before the test begins');
  return { ...setup, signaling, handlers };
}

const joinsOf = (server: FakeSignalingServer) => server.requestsTo('POST /join');

describe('room signaling: joining', () => {
  it('joins its room as a member of its own once the stream is open, with its member key and name', async () => {
    const { server, signaling, handlers } = await joined();
    assert.match(signaling.memberKey, MEMBER_KEY_PATTERN);
    assert.deepEqual(server.routes(), ['POST /access', 'POST /join']);
    const [join] = joinsOf(server);
    assert.equal(join?.path, `/${ROOM}/join`);
    assert.equal(join?.token, 'token-1');
    assert.deepEqual(join?.body, { member: signaling.memberKey, username: 'Ada' });
    const member = { id: `user-1.${signaling.memberKey}`, userId: 'user-1', username: 'Ada' };
    assert.deepEqual(handlers.joins, [{ member, roomId: ROOM, meshPeers: 8 }]);
    assert.equal(signaling.memberId, member.id);
  });

  it("says connected only once its room is joined, not when the browser's stream opens", async () => {
    const { server, widget } = setUp();
    let answerJoin!: () => void;
    const joinAnswered = new Promise<void>((resolve) => (answerJoin = resolve));
    server.answerNext('POST /join', async (request) => {
      await joinAnswered;
      const key = (request.body as { member: string }).member;
      return json(200, { roomId: ROOM, member: { id: `user-1.${key}`, userId: 'user-1', username: 'Ada' }, peers: [], meshPeers: 8 });
    });
    const { signaling, handlers } = widget();
    signaling.start();
    await settle();
    assert.equal(server.openStreams.length, 1, 'the stream is open');
    assert.deepEqual(handlers.statuses, ['connecting']);
    assert.deepEqual(handlers.joins, []);
    answerJoin();
    await settle();
    assert.deepEqual(handlers.statuses, ['connecting', 'connected']);
    assert.equal(handlers.joins.length, 1);
  });

  it('joins again with the same member key each time the stream opens again, and says reconnecting meanwhile', async () => {
    const { server, clock, signaling, handlers } = await joined();
    server.lastStream.fail();
    await settle();
    assert.deepEqual(handlers.statuses, ['connecting', 'connected', 'reconnecting']);
    await clock.advance(375);
    const joins = joinsOf(server);
    assert.equal(joins.length, 2);
    assert.equal(joins[1]?.token, 'token-2', 'with the renewed token of the new stream');
    assert.deepEqual(joins[1]?.body, joins[0]?.body, 'the same member: peers keep their connections');
    assert.deepEqual(handlers.statuses, ['connecting', 'connected', 'reconnecting', 'connected']);
    assert.deepEqual(handlers.joins.map((join) => join.member.id), [signaling.memberId, signaling.memberId]);
    assert.equal(handlers.newIdentities, 0);
  });

  it('joins as a member of the new user, with the same key, when the server gave the browser a new identity', async () => {
    const { server, clock, signaling, handlers } = await joined();
    server.forgetTokens();
    server.lastStream.fail();
    await clock.advance(375);
    assert.equal(handlers.newIdentities, 1);
    assert.deepEqual(handlers.joins.map((join) => join.member.id), [`user-1.${signaling.memberKey}`, `user-2.${signaling.memberKey}`]);
    assert.equal(signaling.memberId, `user-2.${signaling.memberKey}`);
  });

  it('joins under the name it was last given, and later tokens are asked for under it', async () => {
    const { server, clock, signaling } = await joined({ tokenTtlMs: 10 * 60_000 });
    signaling.setUsername('Ada L.');
    server.lastStream.fail();
    await clock.advance(375);
    assert.deepEqual(server.requestsTo('POST /access/refresh').at(-1)?.body, { username: 'Ada L.' });
    assert.deepEqual(joinsOf(server).at(-1)?.body, { member: signaling.memberKey, username: 'Ada L.' });
  });

  it('waits for what it needs before each join (beforeJoin), and joins even when that failed', async () => {
    const { server, widget } = setUp();
    let ready!: () => void;
    const readied = new Promise<void>((resolve) => (ready = resolve));
    let calls = 0;
    const { signaling, handlers } = widget(ROOM, 'Ada', async () => {
      calls++;
      await readied;
      throw new Error('GET /ice-servers failed: 500');
    });
    signaling.start();
    await settle();
    assert.equal(calls, 1);
    assert.equal(joinsOf(server).length, 0, 'no join before it is ready');
    ready();
    await settle();
    assert.equal(joinsOf(server).length, 1);
    assert.deepEqual(handlers.errors, ['GET /ice-servers failed: 500']);
    assert.deepEqual(handlers.statuses, ['connecting', 'connected']);
  });
});

describe('room signaling: retrying a join', () => {
  it('retries a join answered with a 5xx after the backoff, on the same stream', async () => {
    const { server, clock, widget } = setUp();
    server.answerNext('POST /join', json(500, { error: 'internal error' }));
    const { signaling, handlers } = widget();
    signaling.start();
    await settle();
    assert.deepEqual(handlers.errors, [`cannot join room ${ROOM}: POST /${ROOM}/join answered 500 internal error`]);
    await clock.advance(374);
    assert.equal(joinsOf(server).length, 1);
    await clock.advance(1);
    assert.equal(joinsOf(server).length, 2);
    assert.deepEqual(server.routes(), ['POST /access', 'POST /join', 'POST /join']);
    assert.equal(server.streams.length, 1, 'the stream stays open: only the join failed');
    assert.deepEqual(handlers.statuses, ['connecting', 'connected']);
  });

  it('backs off further on each failed join: 0.5 s, 1 s, 2 s steps, jittered', async () => {
    const { server, clock, widget } = setUp();
    for (let failure = 0; failure < 3; failure++) server.answerNext('POST /join', json(503, { error: 'unavailable' }));
    const { signaling, handlers } = widget();
    signaling.start();
    await settle();
    for (const wait of [375, 750, 1500]) {
      const before = joinsOf(server).length;
      await clock.advance(wait - 1);
      assert.equal(joinsOf(server).length, before, `no new join before ${wait} ms`);
      await clock.advance(1);
      assert.equal(joinsOf(server).length, before + 1, `a new join at ${wait} ms`);
    }
    assert.equal(handlers.joins.length, 1);
  });

  it('waits for the Retry-After of a 429 (stretched by at most half), not for the backoff', async () => {
    const { server, clock, widget } = setUp();
    server.answerNext('POST /join', json(429, { error: 'too many joins' }, { 'Retry-After': '4' }));
    const { signaling, handlers } = widget();
    signaling.start();
    await settle();
    // 4 s × (1 + 0.5 / 2)
    await clock.advance(4_999);
    assert.equal(joinsOf(server).length, 1, 'nothing before the wait the server asked for');
    await clock.advance(1);
    assert.equal(joinsOf(server).length, 2);
    assert.deepEqual(handlers.statuses, ['connecting', 'connected']);
  });

  it('retries a join answered 409 without a code: the stream was not registered yet', async () => {
    const { server, clock, widget } = setUp();
    server.answerNext('POST /join', json(409, { error: 'open the event stream first' }));
    const { signaling, handlers } = widget();
    signaling.start();
    await clock.advance(375);
    assert.equal(handlers.joins.length, 1);
    assert.deepEqual(handlers.refusals, []);
  });

  it('gets the token renewed and joins again at once when a join is answered 401', async () => {
    const { server, widget } = setUp();
    server.answerNext('POST /join', json(401, { error: 'invalid or expired token' }));
    const { signaling, handlers } = widget();
    signaling.start();
    await settle();
    assert.deepEqual(server.routes(), ['POST /access', 'POST /join', 'POST /access/refresh', 'POST /join']);
    assert.equal(server.requests[2]?.token, 'token-1');
    assert.equal(server.requests[3]?.token, 'token-2');
    assert.deepEqual(handlers.statuses, ['connecting', 'connected']);
    assert.equal(handlers.newIdentities, 0, 'the same user');
    assert.deepEqual(handlers.errors, []);
  });

  it('stops retrying a join when the stream drops, and joins on the next one instead', async () => {
    const { server, clock, widget } = setUp();
    server.answerNext('POST /join', json(500, { error: 'internal error' }));
    const { signaling, handlers } = widget();
    signaling.start();
    await settle();
    server.lastStream.fail();
    await clock.advance(375);
    assert.equal(server.streams.length, 2);
    assert.equal(joinsOf(server).length, 2, 'one join on the new stream, none left from the old');
    await clock.advance(HOUR);
    assert.equal(joinsOf(server).length, 2);
    assert.equal(handlers.joins.length, 1);
  });
});

describe('room signaling: final refusals', () => {
  const refusals = [
    { name: 'a full room (409 room-full, with its limit)', answer: () => json(409, { error: 'the room is full', code: 'room-full', limit: 4 }), reason: 'This room is full (4 people)' },
    { name: 'too many rooms (409 too-many-rooms)', answer: () => json(409, { error: 'in too many rooms', code: 'too-many-rooms', limit: 3 }), reason: 'This browser has too many boards in rooms at once (at most 3)' },
    { name: 'an invalid room id (404 on join)', answer: () => json(404, { error: 'not found' }), reason: 'Invalid room id' },
  ];
  for (const { name, answer, reason } of refusals) {
    it(`stops for good on ${name}: refused, never retried, nothing left scheduled`, async () => {
      const { server, clock, connectivity, widget } = setUp();
      server.answerNext('POST /join', answer());
      const { signaling, handlers } = widget();
      signaling.start();
      await settle();
      assert.deepEqual(handlers.refusals, [{ reason, ofName: false }]);
      assert.match(handlers.errors[0] ?? '', new RegExp(`^${reason.replace(/[()]/g, '\\$&')} \\(POST /${ROOM}/join answered `));
      const requests = server.requests.length;
      await clock.advance(HOUR);
      connectivity.set(false);
      connectivity.set(true);
      server.lastStream.fail();
      await clock.advance(HOUR);
      assert.equal(server.requests.length, requests, 'no request after the refusal');
      assert.equal(clock.pending, 0, 'no timer left');
      assert.equal(connectivity.watchers, 0, "the page's only widget is gone: its session stopped");
      assert.deepEqual(server.openStreams, []);
      assert.deepEqual(handlers.statuses, ['connecting']);
    });
  }

  it('stops only the widget refused: another widget of the page stays in its room on the same stream', async () => {
    const { server, clock, widget } = setUp();
    const first = widget(ROOM);
    first.signaling.start();
    await settle();
    server.answerNext('POST /join', json(409, { error: 'the room is full', code: 'room-full', limit: 4 }));
    const second = widget(OTHER_ROOM);
    second.signaling.start();
    await settle();
    assert.equal(second.handlers.refusals.length, 1);
    assert.deepEqual(first.handlers.refusals, []);
    assert.deepEqual(first.handlers.errors, []);
    assert.equal(server.openStreams.length, 1);
    server.lastStream.emit('add-peer', { to: first.signaling.memberId!, peer: GRACE, roomId: ROOM, offer: true });
    assert.equal(first.handlers.addedPeers.length, 1);
    server.lastStream.fail();
    await clock.advance(375);
    assert.deepEqual(joinsOf(server).map((join) => join.path), [`/${ROOM}/join`, `/${OTHER_ROOM}/join`, `/${ROOM}/join`], 'the refused widget never joins again');
  });
});

describe('room signaling: events', () => {
  it('takes the events addressed to its member id, each to its handler', async () => {
    const { server, signaling, handlers } = await joined();
    const to = signaling.memberId!;
    const stream = server.lastStream;
    stream.emit('add-peer', { to, peer: GRACE, roomId: ROOM, offer: true });
    stream.emit('session-description', { to, peer: GRACE, data: { type: 'offer', sdp: 'v=0' } });
    stream.emit('ice-candidate', { to, peer: GRACE, data: { candidate: 'c' } });
    stream.emit('frames', { to, peer: GRACE, frames: ['AAEC'] });
    stream.emit('remove-peer', { to, peer: GRACE, roomId: ROOM });
    assert.deepEqual(handlers.addedPeers, [{ to, peer: GRACE, roomId: ROOM, offer: true }]);
    assert.deepEqual(handlers.descriptions, [{ to, peer: GRACE, data: { type: 'offer', sdp: 'v=0' } }]);
    assert.deepEqual(handlers.candidates, [{ to, peer: GRACE, data: { candidate: 'c' } }]);
    assert.deepEqual(handlers.frames, [{ to, peer: GRACE, frames: ['AAEC'] }]);
    assert.deepEqual(handlers.removedPeers, [{ to, peer: GRACE, roomId: ROOM }]);
  });

  it("ignores the events addressed to another member, the same user's other widgets included", async () => {
    const { server, handlers } = await joined();
    const stream = server.lastStream;
    stream.emit('add-peer', { to: 'user-1.another-widget', peer: GRACE, roomId: ROOM, offer: true });
    stream.emit('frames', { to: 'user-2.another-widget', peer: GRACE, frames: ['AAEC'] });
    stream.emit('session-description', { to: 'user-1', peer: GRACE, data: {} });
    assert.equal(handlers.events, 0);
  });

  it('hands on no event once stopped', async () => {
    const { server, signaling, handlers, widget } = await joined();
    // Another widget keeps the stream open.
    widget(OTHER_ROOM).signaling.start();
    await settle();
    const to = signaling.memberId!;
    signaling.stop();
    server.lastStream.emit('add-peer', { to, peer: GRACE, roomId: ROOM, offer: true });
    assert.equal(handlers.events, 0);
  });
});

describe('room signaling: requests', () => {
  it('relays as its member: POST /relay/:peer/:event {from, data}', async () => {
    const { server, signaling, handlers } = await joined();
    await signaling.relay(GRACE.id, 'session-description', { type: 'offer', sdp: 'v=0' });
    const [relay] = server.requestsTo('POST /relay');
    assert.equal(relay?.path, `/relay/${GRACE.id}/session-description`);
    assert.equal(relay?.token, 'token-1');
    assert.deepEqual(relay?.body, { from: signaling.memberId, data: { type: 'offer', sdp: 'v=0' } });
    assert.deepEqual(handlers.errors, []);
  });

  it('sends relays one after another, in the order they were given', async () => {
    const { server, signaling } = await joined();
    let answerFirst!: () => void;
    const firstAnswered = new Promise<void>((resolve) => (answerFirst = resolve));
    server.answerNext('POST /relay', async () => {
      await firstAnswered;
      return json(200, { delivered: true });
    });
    const offer = signaling.relay(GRACE.id, 'session-description', { n: 1 });
    const candidate = signaling.relay(GRACE.id, 'ice-candidate', { n: 2 });
    await settle();
    assert.equal(server.requestsTo('POST /relay').length, 1, 'the candidate waits for the offer');
    answerFirst();
    await Promise.all([offer, candidate]);
    assert.deepEqual(server.requestsTo('POST /relay').map((request) => (request.body as { data: unknown }).data), [{ n: 1 }, { n: 2 }]);
  });

  it('sends a relay refused with 401 once more with the token a renewal gave meanwhile', async () => {
    const { server, clock, signaling, handlers } = await joined({ tokenTtlMs: 10 * 60_000 });
    let renewalDone!: () => void;
    const renewed = new Promise<void>((resolve) => (renewalDone = resolve));
    server.answerNext('POST /relay', async () => {
      await renewed;
      return json(401, { error: 'token replaced' });
    });
    const sent = signaling.relay(GRACE.id, 'session-description', { type: 'offer', sdp: 'v=0' });
    await clock.advance(9 * 60_000);
    renewalDone();
    await sent;
    const relays = server.requestsTo('POST /relay');
    assert.deepEqual(relays.map((request) => request.token), ['token-1', 'token-2']);
    assert.deepEqual(relays[1]?.body, { from: signaling.memberId, data: { type: 'offer', sdp: 'v=0' } });
    assert.equal(server.requestsTo('POST /access/refresh').length, 1, 'only the planned renewal');
    assert.deepEqual(handlers.errors, []);
  });

  it('gets the token renewed at once for a relay refused with 401, and sends it once more with the new one', async () => {
    const { server, signaling, handlers } = await joined();
    server.answerNext('POST /relay', json(401, { error: 'invalid or expired token' }));
    await signaling.relay(GRACE.id, 'ice-candidate', { candidate: 'c' });
    assert.deepEqual(server.routes().slice(2), ['POST /relay', 'POST /access/refresh', 'POST /relay']);
    assert.deepEqual(server.requestsTo('POST /relay').map((request) => request.token), ['token-1', 'token-2']);
    assert.deepEqual(handlers.errors, []);
  });

  it('reports a relay refused with 401 again after the renewal, without a third try', async () => {
    const { server, signaling, handlers } = await joined();
    server.answerNext('POST /relay', json(401, { error: 'invalid or expired token' }));
    server.answerNext('POST /relay', json(401, { error: 'invalid or expired token' }));
    await signaling.relay(GRACE.id, 'ice-candidate', { candidate: 'c' });
    assert.equal(server.requestsTo('POST /relay').length, 2);
    assert.deepEqual(handlers.errors, [`relay of ice-candidate to peer ${GRACE.id} failed: 401 invalid or expired token`]);
  });

  it('reports a failed relay and goes on with the next one', async () => {
    const { server, signaling, handlers } = await joined();
    server.answerNext('POST /relay', json(404, { error: 'peer not reachable' }));
    await signaling.relay(GRACE.id, 'session-description', { n: 1 });
    await signaling.relay(GRACE.id, 'ice-candidate', { n: 2 });
    assert.equal(server.requestsTo('POST /relay').length, 2);
    assert.deepEqual(handlers.errors, [`relay of session-description to peer ${GRACE.id} failed: 404 peer not reachable`]);
  });

  it('sends frames as its member: POST /frames {from, groups}, and hands back the receipt', async () => {
    const { server, signaling } = await joined();
    server.answerNext('POST /frames', json(200, { unreachable: [GRACE.id] }));
    const receipt = await signaling.sendFrames({ groups: [{ to: [GRACE.id], frames: ['AAEC'] }] });
    assert.deepEqual(receipt, { unreachable: [GRACE.id] });
    const [upload] = server.requestsTo('POST /frames');
    assert.equal(upload?.token, 'token-1');
    assert.deepEqual(upload?.body, { groups: [{ to: [GRACE.id], frames: ['AAEC'] }], from: signaling.memberId });
  });

  it('sends frames to a peer announced during its join, before the join has answered', async () => {
    const { server, widget } = setUp();
    let answerJoin: () => void = () => {};
    const joinAnswered = new Promise<void>((resolve) => (answerJoin = resolve));
    const { signaling } = widget();
    server.answerNext('POST /join', async () => {
      await joinAnswered;
      return json(200, { roomId: ROOM, member: { id: signaling.memberId, userId: 'user-1', username: 'Ada' }, peers: [], meshPeers: 8 });
    });
    signaling.start();
    await settle();
    // The server announces the room's members while the join is under way: the member is in the room already.
    server.lastStream.emit('add-peer', { to: signaling.memberId!, peer: GRACE, roomId: ROOM, offer: true });
    await settle();
    await signaling.sendFrames({ groups: [{ to: [GRACE.id], frames: ['AAEC'] }] });
    assert.equal(server.requestsTo('POST /frames').length, 1, 'the frames went without waiting for the join answer');
    answerJoin();
    await settle();
  });

  it('sends no frames once stopped', async () => {
    const { server, signaling } = await joined();
    signaling.stop();
    await assert.rejects(signaling.sendFrames({ groups: [{ to: [GRACE.id], frames: ['AAEC'] }] }), /not connected to the server/);
    assert.equal(server.requestsTo('POST /frames').length, 0);
  });

  it("asks for the ICE servers with the browser's token, and says which server failed", async () => {
    const { server, signaling } = await joined();
    const answer = await signaling.iceServers();
    assert.deepEqual(answer.iceServers, [{ urls: ['stun:stun.draw.test:3478'] }]);
    assert.equal(server.requestsTo('GET /ice-servers')[0]?.token, 'token-1');
    server.answerNext('GET /ice-servers', json(500, { error: 'internal error' }));
    await assert.rejects(signaling.iceServers(), { message: 'GET /ice-servers from http://draw.test failed: 500 internal error' });
  });
});

describe('room signaling: stopping', () => {
  it('leaves its room on stop (POST /:roomId/leave {member}, outliving the page), leaving nothing scheduled', async () => {
    const { server, clock, connectivity, signaling } = await joined();
    signaling.stop();
    await settle();
    const [leave] = server.requestsTo('POST /leave');
    assert.equal(leave?.path, `/${ROOM}/leave`);
    assert.equal(leave?.token, 'token-1');
    assert.deepEqual(leave?.body, { member: signaling.memberKey });
    assert.equal(leave?.keepalive, true);
    assert.equal(clock.pending, 0);
    assert.equal(connectivity.watchers, 0);
    assert.deepEqual(server.openStreams, [], "the page's last widget: the stream closes");
    await clock.advance(HOUR);
    assert.deepEqual(server.routes(), ['POST /access', 'POST /join', 'POST /leave']);
  });

  it('sends no leave for a room it never joined, and cancels the join retry', async () => {
    const { server, clock, widget } = setUp();
    server.answerNext('POST /join', json(500, { error: 'internal error' }));
    const { signaling } = widget();
    signaling.start();
    await settle();
    signaling.stop();
    assert.equal(clock.pending, 0);
    await clock.advance(HOUR);
    assert.deepEqual(server.routes(), ['POST /access', 'POST /join']);
  });

  it('makes no request once stopped: a relay given afterwards is dropped', async () => {
    const { server, signaling } = await joined();
    signaling.stop();
    await signaling.relay(GRACE.id, 'ice-candidate', { candidate: 'c' });
    assert.equal(server.requestsTo('POST /relay').length, 0);
  });
});

describe('room signaling: widgets of one page', () => {
  it('share one token and one stream; each joins as its own member and gets only its own events', async () => {
    const { server, clock, widget } = setUp();
    const first = widget(ROOM, 'Ada');
    const second = widget(OTHER_ROOM, 'Ada (sketches)');
    first.signaling.start();
    second.signaling.start();
    await settle();
    assert.deepEqual(server.routes().filter((route) => route !== 'POST /join'), ['POST /access']);
    assert.equal(server.streams.length, 1);
    assert.notEqual(first.signaling.memberKey, second.signaling.memberKey);
    assert.deepEqual(
      joinsOf(server).map((join) => ({ path: join.path, token: join.token, body: join.body })).sort((a, b) => a.path.localeCompare(b.path)),
      [
        { path: `/${ROOM}/join`, token: 'token-1', body: { member: first.signaling.memberKey, username: 'Ada' } },
        { path: `/${OTHER_ROOM}/join`, token: 'token-1', body: { member: second.signaling.memberKey, username: 'Ada (sketches)' } },
      ],
    );
    assert.deepEqual(first.handlers.statuses, ['connecting', 'connected']);
    assert.deepEqual(second.handlers.statuses, ['connecting', 'connected']);

    const stream = server.lastStream;
    stream.emit('add-peer', { to: first.signaling.memberId!, peer: GRACE, roomId: ROOM, offer: true });
    stream.emit('frames', { to: second.signaling.memberId!, peer: GRACE, frames: ['AAEC'] });
    assert.deepEqual(first.handlers.addedPeers.map((event) => event.roomId), [ROOM]);
    assert.deepEqual(first.handlers.frames, []);
    assert.deepEqual(second.handlers.addedPeers, []);
    assert.equal(second.handlers.frames.length, 1);

    first.signaling.stop();
    await settle();
    assert.equal(server.openStreams.length, 1, 'the other widget still uses the stream');
    assert.deepEqual(server.requestsTo('POST /leave').map((leave) => leave.path), [`/${ROOM}/leave`]);
    second.signaling.stop();
    assert.deepEqual(server.openStreams, []);
    assert.equal(clock.pending, 0);
  });

  it('both join again after the shared stream drops, and a widget started later joins on the open stream', async () => {
    const { server, clock, widget } = setUp();
    const first = widget(ROOM);
    first.signaling.start();
    await settle();
    const later = widget(OTHER_ROOM);
    later.signaling.start();
    await settle();
    assert.deepEqual(later.handlers.statuses, ['connecting', 'connected']);
    assert.equal(server.streams.length, 1);
    server.lastStream.fail();
    await clock.advance(375);
    assert.equal(server.streams.length, 2);
    assert.equal(joinsOf(server).length, 4);
    assert.deepEqual(first.handlers.statuses, ['connecting', 'connected', 'reconnecting', 'connected']);
    assert.deepEqual(later.handlers.statuses, ['connecting', 'connected', 'reconnecting', 'connected']);
  });
});
