import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { RateLimiter } from '../../server/signaling/rate-limit.js';
import { SignalingServer, errorOf, widgetOf } from '../support/signaling-server.js';

describe('limits', () => {
  const servers: SignalingServer[] = [];
  const start = async (limits: object) => {
    const server = await SignalingServer.start({ limits });
    servers.push(server);
    return server;
  };
  after(() => Promise.all(servers.map((server) => server.close())));

  it('turns away one member more than a room holds with 409 and a reason; the others stay', async () => {
    const server = await start({ maxMembersPerRoom: 3 });
    const members = await Promise.all(['a', 'b', 'c'].map((name) => server.visitor(name)));
    for (const member of members) assert.equal((await server.join(member, 'limits-full-room')).status, 200);
    const fourth = await server.visitor('d');
    const response = await server.join(fourth, 'limits-full-room');
    assert.equal(response.status, 409);
    const body = (await response.clone().json()) as { code?: string; limit?: number };
    assert.deepEqual([body.code, body.limit], ['room-full', 3], 'a code the widget can act on, and the limit to show');
    assert.match(await errorOf(response), /room is full: it holds at most 3/);
    assert.equal((await server.join(members[0]!, 'limits-full-room')).status, 200, 'a member joining again is not refused');
    // A place frees up when someone leaves.
    members[2]!.stream.close();
    await members[0]!.stream.next('remove-peer');
    assert.equal((await server.join(fourth, 'limits-full-room')).status, 200);
  });

  it('defaults to 32 members a room', async () => {
    const server = await start({});
    const people = await Promise.all(Array.from({ length: 33 }, (_, i) => server.visitor(`p${i}`)));
    const statuses: number[] = [];
    for (const person of people) statuses.push((await server.join(person, 'limits-default-room')).status);
    assert.deepEqual(statuses, [...Array(32).fill(200), 409]);
  });

  it('limits the widgets one browser (one user) has in rooms at once, in one room or several (MAX_ROOMS_PER_USER)', async () => {
    const server = await start({ maxRoomsPerUser: 3 });
    const alice = await server.visitor('alice');
    const widgets = ['widget-1', 'widget-2', 'widget-3', 'widget-4'].map((key) => widgetOf(alice, key));
    assert.equal((await server.join(widgets[0]!, 'limits-room-one')).status, 200);
    assert.equal((await server.join(widgets[1]!, 'limits-room-one')).status, 200);
    assert.equal((await server.join(widgets[2]!, 'limits-room-two')).status, 200);
    const fourth = await server.join(widgets[3]!, 'limits-room-three');
    assert.equal(fourth.status, 409);
    const body = (await fourth.clone().json()) as { code?: string; limit?: number };
    assert.deepEqual([body.code, body.limit], ['too-many-rooms', 3]);
    assert.equal(await errorOf(fourth), 'this browser has 3 boards in rooms already, the most one browser can have at once');
    assert.equal((await server.join(widgets[0]!, 'limits-room-one')).status, 200, 'a widget joining again is not refused');
    const bob = await server.visitor('bob');
    assert.equal((await server.join(bob, 'limits-room-three')).status, 200, 'another browser has its own');
    // A place frees up when a widget leaves.
    await server.leave(widgets[1]!, 'limits-room-one');
    assert.equal((await server.join(widgets[3]!, 'limits-room-three')).status, 200);
  });

  it('answers relays over the rate with 429 and Retry-After, then lets them through again', async () => {
    const server = await start({ relayPerSecond: 5, relayBurst: 3 });
    const alice = await server.visitor('alice');
    const bob = await server.visitor('bob');
    await server.join(alice, 'limits-rate-room');
    await server.join(bob, 'limits-rate-room');
    const relay = () => server.relay(alice, bob.member.id, 'ice-candidate', { candidate: null });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 5; i++) {
      const response = await relay();
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else await response.body?.cancel();
    }
    assert.deepEqual(statuses.slice(0, 3), [200, 200, 200], 'the burst goes through');
    assert.ok(limited, `one of ${statuses} is 429`);
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.match(await errorOf(limited), /too many relays/);
    assert.equal((await server.relay(bob, alice.member.id, 'ice-candidate', { candidate: null })).status, 200, 'others are not limited');
    await new Promise((resolve) => setTimeout(resolve, 450));
    assert.equal((await relay()).status, 200, 'the bucket refills');
  });
});

describe('RateLimiter', () => {
  it('allows the burst, then refills at the rate, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(10, 2, () => now);
    assert.deepEqual([limiter.take('a'), limiter.take('a')], [0, 0]);
    assert.ok(Math.abs(limiter.take('a') - 0.1) < 1e-9, 'one token comes in 0.1 s');
    assert.equal(limiter.take('b'), 0, 'keys are separate');
    now = 100;
    assert.equal(limiter.take('a'), 0);
    now = 10_000;
    assert.deepEqual([limiter.take('a'), limiter.take('a'), limiter.take('a') > 0], [0, 0, true], 'never more than the burst');
  });
});
