import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignalingServer, errorOf, widgetOf } from '../support/signaling-server.js';

describe('POST /:roomId/join and leaving', () => {
  let server: SignalingServer;
  before(async () => (server = await SignalingServer.start()));
  after(() => server.close());

  it('tells existing members to expect an offer and the joiner to make one to each', async () => {
    const room = 'join-room-one';
    const alice = await server.visitor('alice');
    const bob = await server.visitor('bob');
    assert.equal((await server.join(alice, room)).status, 200);
    const response = await server.join(bob, room);
    assert.equal(response.status, 200);
    assert.deepEqual(
      await response.json(),
      { roomId: room, member: bob.member, peers: [alice.member], meshPeers: 8, storage: false },
      'the joiner as the others see it, the members there, and how many direct connections a browser may hold',
    );
    assert.equal(bob.member.id, `${bob.user.id}.${bob.key}`, 'a member id is "<user id>.<member key>"');

    assert.deepEqual((await alice.stream.next('add-peer')).data, { to: alice.member.id, peer: bob.member, roomId: room, offer: false });
    assert.deepEqual((await bob.stream.next('add-peer')).data, { to: bob.member.id, peer: alice.member, roomId: room, offer: true });

    const carol = await server.visitor('carol');
    await server.join(carol, room);
    const offers = [(await carol.stream.next('add-peer')).data, (await carol.stream.next('add-peer')).data];
    assert.deepEqual(
      offers.map((e) => (e as { peer: { username: string } }).peer.username).sort(),
      ['alice', 'bob'],
      'the third member offers to both others',
    );
    assert.ok(offers.every((e) => (e as { offer: boolean; to: string }).offer && (e as { to: string }).to === carol.member.id));
  });

  it('tells the joiner the mesh size the server is configured with (MAX_MESH_PEERS)', async () => {
    const small = await SignalingServer.start({ limits: { maxMeshPeers: 3 } });
    try {
      const ada = await small.visitor('ada');
      const answer = (await (await small.join(ada, 'join-room-small-mesh')).json()) as { meshPeers: unknown };
      assert.equal(answer.meshPeers, 3);
    } finally {
      await small.close();
    }
  });

  it('shows a member by the name its join gives, checked and normalized like a token name', async () => {
    const room = 'join-room-names';
    const alice = await server.visitor('alice');
    const bob = await server.visitor('bob');
    await server.join(alice, room);
    const answer = (await (await server.join(bob, room, '  Bea\u0301  ')).json()) as { member: unknown };
    const renamed = { ...bob.member, username: 'Beá' };
    assert.deepEqual(answer.member, renamed);
    assert.deepEqual((await alice.stream.next('add-peer')).data, { to: alice.member.id, peer: renamed, roomId: room, offer: false });
    for (const username of ['', 'x'.repeat(33), 'evil\u202Ename', 42]) {
      const refused = await server.post(`/${room}/join`, { member: 'widget-other', username }, alice.token);
      assert.equal(refused.status, 400, JSON.stringify(username));
      assert.match(await errorOf(refused), /username/);
    }
  });

  it('makes two widgets of one browser two peers of each other, on its one stream', async () => {
    const room = 'join-room-two-widgets';
    const first = await server.visitor('alice');
    const second = widgetOf(first, 'widget-2');
    await server.join(first, room);
    const answer = (await (await server.join(second, room)).json()) as { peers: unknown };
    assert.deepEqual(answer.peers, [first.member]);
    const events = [(await first.stream.next('add-peer')).data, (await first.stream.next('add-peer')).data];
    assert.deepEqual(
      events,
      [
        { to: first.member.id, peer: second.member, roomId: room, offer: false },
        { to: second.member.id, peer: first.member, roomId: room, offer: true },
      ],
      'each widget hears of the other, addressed by `to`, on the stream they share',
    );
  });

  it('treats a second join of the same member as harmless: 200 and no duplicate add-peer', async () => {
    const room = 'join-room-twice';
    const alice = await server.visitor('alice');
    const bob = await server.visitor('bob');
    await server.join(alice, room);
    await server.join(bob, room);
    await alice.stream.next('add-peer');
    const again = await server.join(bob, room);
    assert.equal(again.status, 200);
    assert.deepEqual(((await again.json()) as { peers: unknown }).peers, [alice.member]);
    assert.deepEqual(await alice.stream.eventsWithin(200), [], 'alice gets no second add-peer');
  });

  it('refuses a member key already in another room with 400: a widget joins one room', async () => {
    const alice = await server.visitor('alice');
    await server.join(alice, 'join-room-first-of-two');
    const response = await server.join(alice, 'join-room-second-of-two');
    assert.equal(response.status, 400);
    assert.equal(
      await errorOf(response),
      `member ${alice.member.id} is in room join-room-first-of-two: a widget joins one room; use a new key`,
    );
    assert.equal((await server.join(widgetOf(alice, 'widget-new'), 'join-room-second-of-two')).status, 200, 'a new key joins');
  });

  it('answers 400 for a missing or malformed member key', async () => {
    const alice = await server.visitor('alice');
    for (const body of [{}, { member: 'short' }, { member: 'has.a-dot-in-it' }, { member: 'x'.repeat(33) }, { member: 12345678 }]) {
      const response = await server.post('/join-room-bad-keys/join', body, alice.token);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match(await errorOf(response), /member must be the widget's member key/);
    }
  });

  it('answers 409 to a user without an open stream', async () => {
    const { token } = await server.access('streamless');
    const response = await server.post('/join-room-409/join', { member: 'widget-1' }, token);
    assert.equal(response.status, 409);
    assert.match(await errorOf(response), /event stream/);
  });

  it('answers 401 without a token and 404 for invalid room ids', async () => {
    assert.equal((await server.post('/join-room-401/join', { member: 'widget-1' })).status, 401);
    const alice = await server.visitor('alice');
    for (const room of ['short', 'has.dot-in-it', 'x'.repeat(65), 'spaces%20here!']) {
      const response = await server.post(`/${room}/join`, { member: alice.key }, alice.token);
      assert.equal(response.status, 404, `room id "${room}"`);
      await errorOf(response);
    }
  });

  it('sends remove-peer to the remaining members when a stream closes', async () => {
    const room = 'join-room-leave';
    const alice = await server.visitor('alice');
    const bob = await server.visitor('bob');
    await server.join(alice, room);
    await server.join(bob, room);
    await alice.stream.next('add-peer');
    bob.stream.close();
    assert.deepEqual((await alice.stream.next('remove-peer')).data, { to: alice.member.id, peer: bob.member, roomId: room });
    const dave = await server.visitor('dave');
    const response = await server.join(dave, room);
    assert.deepEqual(((await response.json()) as { peers: unknown[] }).peers, [alice.member], 'bob is no longer a member');
  });

  it("makes every widget of a browser leave its room when the browser's stream ends", async () => {
    const alice = await server.visitor('alice');
    const bob = await server.visitor('bob');
    const bobsSecond = widgetOf(bob, 'widget-2');
    await server.join(alice, 'join-room-all-one');
    await server.join(bob, 'join-room-all-one');
    const alicesSecond = widgetOf(alice, 'widget-2');
    await server.join(alicesSecond, 'join-room-all-two');
    await server.join(bobsSecond, 'join-room-all-two');
    for (let i = 0; i < 2; i++) await alice.stream.next('add-peer');
    bob.stream.close();
    const removed = [(await alice.stream.next('remove-peer')).data, (await alice.stream.next('remove-peer')).data];
    assert.deepEqual(
      removed.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [
        { to: alice.member.id, peer: bob.member, roomId: 'join-room-all-one' },
        { to: alicesSecond.member.id, peer: bobsSecond.member, roomId: 'join-room-all-two' },
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
  });
});

describe('POST /:roomId/leave', () => {
  let server: SignalingServer;
  before(async () => (server = await SignalingServer.start()));
  after(() => server.close());

  it('takes one widget out of its room while the browser stays: the others hear remove-peer, and relays to it 404', async () => {
    const room = 'leave-room-one';
    const alice = await server.visitor('alice');
    const bob = await server.visitor('bob');
    const bobsOtherTab = widgetOf(bob, 'widget-2');
    for (const member of [alice, bob, bobsOtherTab]) await server.join(member, room);
    for (let i = 0; i < 2; i++) await alice.stream.next('add-peer');

    const response = await server.leave(bob, room);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { left: true });
    assert.deepEqual((await alice.stream.next('remove-peer')).data, { to: alice.member.id, peer: bob.member, roomId: room });
    assert.deepEqual((await bob.stream.next('remove-peer')).data, { to: bobsOtherTab.member.id, peer: bob.member, roomId: room }, "bob's other tab hears it too");

    const toLeft = await server.relay(alice, bob.member.id, 'ice-candidate', { candidate: {} });
    assert.equal(toLeft.status, 404);
    assert.equal((await server.relay(alice, bobsOtherTab.member.id, 'ice-candidate', { candidate: {} })).status, 200, 'the other tab is still there');
    const fromLeft = await server.relay(bob, alice.member.id, 'ice-candidate', { candidate: {} });
    assert.equal(fromLeft.status, 404, 'nor can it relay any more');
  });

  it('answers {left: false} for a member not in that room, announcing nothing', async () => {
    const alice = await server.visitor('alice');
    const bob = await server.visitor('bob');
    await server.join(alice, 'leave-room-two');
    await server.join(bob, 'leave-room-two');
    await alice.stream.next('add-peer');
    assert.deepEqual(await (await server.leave(bob, 'leave-room-other')).json(), { left: false });
    assert.deepEqual(await (await server.leave(widgetOf(bob, 'widget-never'), 'leave-room-two')).json(), { left: false });
    assert.deepEqual(await alice.stream.eventsWithin(150), []);
    assert.deepEqual(await (await server.leave(bob, 'leave-room-two')).json(), { left: true });
    assert.deepEqual(await (await server.leave(bob, 'leave-room-two')).json(), { left: false }, 'a second leave');
  });

  it('lets a member that left join another room with the same key', async () => {
    const alice = await server.visitor('alice');
    await server.join(alice, 'leave-room-before');
    await server.leave(alice, 'leave-room-before');
    assert.equal((await server.join(alice, 'leave-room-after')).status, 200);
  });

  it('answers 400 for a bad member key, 404 for a bad room id and 401 without a token', async () => {
    const alice = await server.visitor('alice');
    const bad = await server.post('/leave-room-bad/leave', { member: 'no' }, alice.token);
    assert.equal(bad.status, 400);
    assert.match(await errorOf(bad), /member must be the widget's member key/);
    assert.equal((await server.post('/short/leave', { member: alice.key }, alice.token)).status, 404);
    assert.equal((await server.post('/leave-room-bad/leave', { member: alice.key })).status, 401);
  });
});
