import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignalingServer, errorOf } from '../support/signaling-server.js';

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
    assert.deepEqual(await response.json(), { roomId: room, peers: [alice.user], meshPeers: 8 }, 'and how many direct connections a browser may hold');

    assert.deepEqual((await alice.stream.next('add-peer')).data, { peer: bob.user, roomId: room, offer: false });
    assert.deepEqual((await bob.stream.next('add-peer')).data, { peer: alice.user, roomId: room, offer: true });

    const carol = await server.visitor('carol');
    await server.join(carol, room);
    const offers = [(await carol.stream.next('add-peer')).data, (await carol.stream.next('add-peer')).data];
    assert.deepEqual(
      offers.map((e) => (e as { peer: { username: string } }).peer.username).sort(),
      ['alice', 'bob'],
      'the third member offers to both others',
    );
    assert.ok(offers.every((e) => (e as { offer: boolean }).offer));
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

  it('treats a second join as harmless: 200 and no duplicate add-peer', async () => {
    const room = 'join-room-twice';
    const alice = await server.visitor('alice');
    const bob = await server.visitor('bob');
    await server.join(alice, room);
    await server.join(bob, room);
    await alice.stream.next('add-peer');
    assert.equal((await server.join(bob, room)).status, 200);
    assert.deepEqual(await alice.stream.eventsWithin(200), [], 'alice gets no second add-peer');
  });

  it('answers 409 to a user without an open stream', async () => {
    const { token } = await server.access('streamless');
    const response = await server.post('/join-room-409/join', {}, token);
    assert.equal(response.status, 409);
    assert.match(await errorOf(response), /event stream/);
  });

  it('answers 401 without a token and 404 for invalid room ids', async () => {
    assert.equal((await server.post('/join-room-401/join', {})).status, 401);
    const alice = await server.visitor('alice');
    for (const room of ['short', 'has.dot-in-it', 'x'.repeat(65), 'spaces%20here!']) {
      const response = await server.post(`/${room}/join`, {}, alice.token);
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
    assert.deepEqual((await alice.stream.next('remove-peer')).data, { peer: bob.user, roomId: room });
    const dave = await server.visitor('dave');
    const response = await server.join(dave, room);
    assert.deepEqual(((await response.json()) as { peers: unknown[] }).peers, [alice.user], 'bob is no longer a member');
  });
});
