import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connectRedis, type RedisServices } from '../../server/redis/connection.js';
import { SseClient } from '../support/sse-client.js';
import { RedisServer } from '../support/redis-server.js';
import { spawnMain } from '../support/server-process.js';
import { SignalingServer, TEST_SECRET, errorOf, widgetOf } from '../support/signaling-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two (or more) server instances sharing one real redis-server, as behind a load balancer. */
describe('several instances through Redis', () => {
  let redis: RedisServer;
  const instances: Array<{ server: SignalingServer; services: RedisServices }> = [];
  const startInstance = async (limits = {}) => {
    const services = connectRedis(redis.url, () => {});
    await services.ready;
    const server = await SignalingServer.start({ bus: services.bus, rooms: services.rooms, limits });
    services.onDataLost(() => server.running.restartStreams());
    const instance = { server, services };
    instances.push(instance);
    return instance;
  };
  let a: SignalingServer;
  let b: SignalingServer;
  before(async () => {
    redis = await RedisServer.start();
    a = (await startInstance()).server;
    b = (await startInstance()).server;
  });
  after(async () => {
    for (const { server, services } of instances) {
      await server.close();
      await services.close();
    }
    await redis.stop();
  });

  it('introduces users on different instances to each other, relays between them and says when one leaves', async () => {
    const alice = await a.visitor('alice');
    const bob = await b.visitor('bob');
    assert.equal((await a.join(alice, 'redis-room-shared')).status, 200);
    const joined = await b.join(bob, 'redis-room-shared');
    assert.deepEqual(await joined.json(), { roomId: 'redis-room-shared', member: bob.member, peers: [alice.member], meshPeers: 8, storage: false });
    assert.deepEqual((await alice.stream.next('add-peer')).data, { to: alice.member.id, peer: bob.member, roomId: 'redis-room-shared', offer: false });
    assert.deepEqual((await bob.stream.next('add-peer')).data, { to: bob.member.id, peer: alice.member, roomId: 'redis-room-shared', offer: true });

    const offer = { description: { type: 'offer', sdp: 'v=0 across instances' } };
    assert.equal((await b.relay(bob, alice.member.id, 'session-description', offer)).status, 200);
    assert.deepEqual((await alice.stream.next('session-description')).data, { to: alice.member.id, peer: bob.member, data: offer });
    // A request may reach either instance: the relay goes to wherever the peer's stream is.
    assert.equal((await a.relay(bob, alice.member.id, 'ice-candidate', { candidate: 'c' })).status, 200);
    assert.deepEqual((await alice.stream.next('ice-candidate')).data, { to: alice.member.id, peer: bob.member, data: { candidate: 'c' } });

    bob.stream.close();
    assert.deepEqual((await alice.stream.next('remove-peer')).data, { to: alice.member.id, peer: bob.member, roomId: 'redis-room-shared' });
    alice.stream.close();
  });

  it('makes two widgets of one browser peers that relay to each other over its one stream, whichever instance is asked', async () => {
    const room = 'redis-room-two-widgets';
    const first = await a.visitor('alice');
    const second = widgetOf(first, 'widget-2');
    await a.join(first, room);
    assert.deepEqual(((await (await b.join(second, room)).json()) as { peers: unknown }).peers, [first.member]);
    assert.deepEqual((await first.stream.next('add-peer')).data, { to: first.member.id, peer: second.member, roomId: room, offer: false });
    assert.deepEqual((await first.stream.next('add-peer')).data, { to: second.member.id, peer: first.member, roomId: room, offer: true });
    assert.equal((await b.relay(first, second.member.id, 'ice-candidate', { candidate: 'tab' })).status, 200);
    assert.deepEqual((await first.stream.next('ice-candidate')).data, { to: second.member.id, peer: first.member, data: { candidate: 'tab' } });
    const asAnother = await a.post(`/relay/${second.member.id}/ice-candidate`, { from: `${randomUUID()}.widget-1`, data: {} }, first.token);
    assert.equal(asAnother.status, 400, "a `from` of another user's");
    first.stream.close();
  });

  it('takes one widget out of its room on leave, and every widget of a browser when its stream ends', async () => {
    const room = 'redis-room-leaving';
    const alice = await a.visitor('alice');
    const bob = await b.visitor('bob');
    const bobsOtherTab = widgetOf(bob, 'widget-2');
    const bobsOtherRoom = widgetOf(bob, 'widget-3');
    await a.join(alice, room);
    await b.join(bob, room);
    await a.join(bobsOtherTab, room);
    await b.join(bobsOtherRoom, 'redis-room-leaving-elsewhere');
    for (let i = 0; i < 2; i++) await alice.stream.next('add-peer');

    assert.deepEqual(await (await a.leave(bob, room)).json(), { left: true });
    assert.deepEqual((await alice.stream.next('remove-peer')).data, { to: alice.member.id, peer: bob.member, roomId: room });
    assert.deepEqual(await (await b.leave(bob, room)).json(), { left: false }, 'a second leave');
    assert.equal((await a.relay(alice, bob.member.id, 'ice-candidate', {})).status, 404, 'a member that left is not reachable');
    assert.equal((await a.relay(alice, bobsOtherTab.member.id, 'ice-candidate', {})).status, 200, 'its other tab is');

    bob.stream.close();
    assert.deepEqual((await alice.stream.next('remove-peer')).data, { to: alice.member.id, peer: bobsOtherTab.member, roomId: room });
    const carol = await b.visitor('carol');
    const elsewhere = (await (await b.join(carol, 'redis-room-leaving-elsewhere')).json()) as { peers: unknown[] };
    assert.deepEqual(elsewhere.peers, [], "bob's widget in another room left too");
    for (const visitor of [alice, carol]) visitor.stream.close();
  });

  it('keeps rooms apart and counts a room’s members across instances', async () => {
    const alice = await a.visitor('alice');
    const eve = await b.visitor('eve');
    await a.join(alice, 'redis-room-alices');
    await b.join(eve, 'redis-room-eves');
    const across = await b.relay(eve, alice.member.id, 'ice-candidate', {});
    assert.equal(across.status, 404);
    assert.match(await errorOf(across), /not connected to a room of yours/);

    const small = (await startInstance({ maxMembersPerRoom: 2 })).server;
    const first = await a.visitor('first');
    const second = await b.visitor('second');
    const third = await small.visitor('third');
    await a.join(first, 'redis-room-small');
    await b.join(second, 'redis-room-small');
    const refused = await small.join(third, 'redis-room-small');
    assert.equal(refused.status, 409, 'the third member is counted with those on other instances');
    assert.deepEqual(await refused.json(), { error: 'the room is full: it holds at most 2 people', code: 'room-full', limit: 2 });
    for (const visitor of [alice, eve, first, second, third]) visitor.stream.close();
  });

  it('refuses a join over either limit with the very answer one process gives', async () => {
    const limits = { maxMembersPerRoom: 2, maxRoomsPerUser: 1 };
    const shared = (await startInstance(limits)).server;
    const alone = await SignalingServer.start({ limits });
    const refusals = async (server: SignalingServer) => {
      const [first, second, third] = [await server.visitor('first'), await server.visitor('second'), await server.visitor('third')];
      await server.join(first, 'refusal-room-one');
      await server.join(second, 'refusal-room-one');
      const full = await server.join(third, 'refusal-room-one');
      const tooMany = await server.join(widgetOf(first, 'widget-2'), 'refusal-room-two');
      const inOtherRoom = await server.join(first, 'refusal-room-two');
      for (const visitor of [first, second, third]) visitor.stream.close();
      const otherRoomError = (await errorOf(inOtherRoom)).replace(first.user.id, '<user>');
      return [full.status, await full.json(), tooMany.status, await tooMany.json(), inOtherRoom.status, otherRoomError];
    };
    try {
      const inRedis = await refusals(shared);
      assert.deepEqual(inRedis, await refusals(alone));
      assert.deepEqual(inRedis, [
        409, { error: 'the room is full: it holds at most 2 people', code: 'room-full', limit: 2 },
        409, { error: 'this browser has 1 board in rooms already, the most one browser can have at once', code: 'too-many-rooms', limit: 1 },
        400, 'member <user>.widget-1 is in room refusal-room-one: a widget joins one room; use a new key',
      ]);
    } finally {
      await alone.close();
    }
  });

  it('drops the members of an instance that died, telling the others', async () => {
    const alice = await a.visitor('alice');
    const doomed = await startInstance();
    const carol = await doomed.server.visitor('carol');
    await a.join(alice, 'redis-room-ghost');
    await doomed.server.join(carol, 'redis-room-ghost');
    await alice.stream.next('add-peer');
    // The instance vanishes: its Redis connections drop first, with no hand-over, so it cannot clean up after itself.
    await doomed.services.close({ handOverMs: 0 });
    await doomed.server.close();
    assert.deepEqual((await alice.stream.next('remove-peer', 5000)).data, { to: alice.member.id, peer: carol.member, roomId: 'redis-room-ghost' });
    const dave = await b.visitor('dave');
    const joined = (await (await b.join(dave, 'redis-room-ghost')).json()) as { peers: Array<{ username: string }> };
    assert.deepEqual(joined.peers.map((peer) => peer.username), ['alice'], 'no ghost left in the room');
    alice.stream.close();
    dave.stream.close();
  });

  it('is what server/main.ts runs when REDIS_URL is set', async () => {
    const { url, child, output } = await spawnMain({ TOKEN_SECRET: TEST_SECRET, REDIS_URL: redis.url });
    const { token } = (await (await fetch(`${url}/access`, { method: 'POST', body: '{"username":"zoe"}', headers: { 'Content-Type': 'application/json' } })).json()) as { token: string };
    const zoe = await SseClient.open(`${url}/connect?token=${token}`);
    await zoe.next('connected');
    const bob = await b.visitor('bob');
    await b.join(bob, 'redis-room-main');
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    assert.equal((await fetch(`${url}/redis-room-main/join`, { method: 'POST', headers, body: '{"member":"widget-1"}' })).status, 200);
    assert.equal(((await bob.stream.next('add-peer')).data as { peer: { username: string } }).peer.username, 'zoe', 'the process shares rooms with the others');
    assert.match(output(), /"event":"redis-connected"/);
    zoe.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    bob.stream.close();
  });

  it('survives a Redis restart: clients are asked to reconnect, and rooms are rebuilt as they rejoin', async () => {
    const alice = await a.visitor('alice');
    const bob = await b.visitor('bob');
    await a.join(alice, 'redis-room-restart');
    await b.join(bob, 'redis-room-restart');
    await alice.stream.next('add-peer');
    await redis.stop();
    await sleep(300);
    await redis.restart();
    await alice.stream.next('server-restart', 10_000);
    await bob.stream.next('server-restart', 10_000);
    // They come back as the widget does: new streams, join again.
    const alice2 = { ...alice, stream: await a.connect(alice.token) };
    const bob2 = { ...bob, stream: await b.connect(bob.token) };
    await alice2.stream.next('connected');
    await bob2.stream.next('connected');
    assert.equal((await a.join(alice2, 'redis-room-restart')).status, 200);
    assert.equal((await b.join(bob2, 'redis-room-restart')).status, 200);
    assert.deepEqual((await alice2.stream.next('add-peer')).data, { to: alice.member.id, peer: bob.member, roomId: 'redis-room-restart', offer: false });
    assert.equal((await b.relay(bob, alice.member.id, 'ice-candidate', { candidate: 'again' })).status, 200);
    assert.deepEqual((await alice2.stream.next('ice-candidate')).data, { to: alice.member.id, peer: bob.member, data: { candidate: 'again' } });
  });
});
