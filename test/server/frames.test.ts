import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v4 as uuidv4 } from 'uuid';
import { FRAMES_PER_UPLOAD_MAX, FRAMES_UPLOAD_MAX_BYTES, RELAY_FRAME_MAX_BYTES } from '../../protocol/relay-frames.js';
import { FakeClock } from '../support/fake-clock.js';
import { RedisCluster } from '../support/redis-cluster.js';
import { SignalingServer, errorOf, type Visitor } from '../support/signaling-server.js';

/** `length` bytes, base64: what a widget uploads for one channel frame. */
const frameOf = (length: number, fill = 7) => Buffer.alloc(length, fill).toString('base64');

describe('POST /frames: the server relay for drawing frames', () => {
  let server: SignalingServer;
  let alice: Visitor;
  let bob: Visitor;
  let carol: Visitor;
  let eve: Visitor;
  before(async () => {
    server = await SignalingServer.start();
    [alice, bob, carol, eve] = [await server.visitor('alice'), await server.visitor('bob'), await server.visitor('carol'), await server.visitor('eve')];
    for (const member of [alice, bob, carol]) await server.join(member, 'frames-room-shared');
    await server.join(eve, 'frames-room-eves-own');
  });
  after(() => server.close());

  it('delivers frames to a peer of the same room, in order, as one `frames` event {peer, frames}', async () => {
    const frames = [frameOf(3, 1), frameOf(40, 2), frameOf(5, 3)];
    const response = await server.post('/frames', { frames: frames.map((data) => ({ to: [bob.user.id], data })) }, alice.token);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { unreachable: [] });
    assert.deepEqual((await bob.stream.next('frames')).data, { peer: alice.user, frames });
  });

  it('sends a frame addressed to several peers to each of them, once', async () => {
    const data = frameOf(12);
    const response = await server.post('/frames', { frames: [{ to: [bob.user.id, carol.user.id, bob.user.id], data }] }, alice.token);
    assert.deepEqual(await response.json(), { unreachable: [] });
    assert.deepEqual((await bob.stream.next('frames')).data, { peer: alice.user, frames: [data] });
    assert.deepEqual((await carol.stream.next('frames')).data, { peer: alice.user, frames: [data] });
    assert.deepEqual(await bob.stream.eventsWithin(150), [], 'bob got the frame once');
  });

  it('delivers uploads of the largest size whole: drawing frames get a bigger share of the reader than signaling', async () => {
    const chunk = frameOf(60 * 1024);
    const frames = [chunk, chunk, chunk];
    assert.equal((await server.post('/frames', { frames: frames.map((data) => ({ to: [bob.user.id], data })) }, alice.token)).status, 200);
    assert.equal(((await bob.stream.next('frames')).data as { frames: string[] }).frames.length, 3);
  });

  it('delivers nothing to a stranger, and answers for a stranger exactly as for an id nobody has', async () => {
    const nobody = uuidv4();
    const response = await server.post('/frames', { frames: [{ to: [eve.user.id, nobody, bob.user.id], data: frameOf(4) }] }, alice.token);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { unreachable: [eve.user.id, nobody] });
    assert.deepEqual(await eve.stream.eventsWithin(150), [], 'eve, in another room, received nothing');
    assert.equal((await bob.stream.next('frames')).event, 'frames', 'the peer of the same room still got it');
  });

  it('refuses malformed uploads with 400 and a reason, delivering none of their frames', async () => {
    const to = [bob.user.id];
    const cases: Array<[unknown, RegExp]> = [
      [{}, /frames must be a non-empty array/],
      [{ frames: [] }, /frames must be a non-empty array/],
      [{ frames: [{ to, data: 'not base64!' }] }, /frames\[0\]\.data must be base64/],
      [{ frames: [{ to, data: 42 }] }, /frames\[0\]\.data must be base64/],
      [{ frames: [{ to, data: '' }] }, /frames\[0\] is 0 bytes/],
      [{ frames: [{ to, data: frameOf(4) }, { to, data: frameOf(RELAY_FRAME_MAX_BYTES + 1) }] }, new RegExp(`frames\\[1\\] is ${RELAY_FRAME_MAX_BYTES + 1} bytes`)],
      [{ frames: [{ to: [], data: frameOf(4) }] }, /frames\[0\]\.to must be a non-empty array of peer ids/],
      [{ frames: [{ to: ['not-a-uuid'], data: frameOf(4) }] }, /frames\[0\]\.to must be a non-empty array of peer ids/],
      [{ frames: [{ data: frameOf(4) }] }, /frames\[0\]\.to must be/],
      [{ frames: [{ to: [alice.user.id], data: frameOf(4) }] }, /frames\[0\] is addressed to yourself/],
      [{ frames: Array.from({ length: FRAMES_PER_UPLOAD_MAX + 1 }, () => ({ to, data: 'AA==' })) }, new RegExp(`at most ${FRAMES_PER_UPLOAD_MAX} frames`)],
    ];
    for (const [body, reason] of cases) {
      const response = await server.post('/frames', body, alice.token);
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
      assert.match(await errorOf(response), reason);
    }
    assert.deepEqual(await bob.stream.eventsWithin(150), [], 'nothing of a refused upload was delivered');
  });

  it('refuses a body over the upload limit with 413, and a request without a token with 401', async () => {
    const tooBig = { frames: [{ to: [bob.user.id], data: frameOf(FRAMES_UPLOAD_MAX_BYTES) }] };
    const response = await server.post('/frames', tooBig, alice.token);
    assert.equal(response.status, 413);
    assert.match(await errorOf(response), /over the 256 KB limit/);
    const anonymous = await server.post('/frames', { frames: [{ to: [bob.user.id], data: frameOf(4) }] });
    assert.equal(anonymous.status, 401);
    assert.deepEqual(await bob.stream.eventsWithin(150), []);
  });
});

describe('POST /frames rate limits, sized for drawing and apart from signaling', () => {
  let server: SignalingServer;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock();
    server = await SignalingServer.start({ clock, limits: { frameUploadsPerSecond: 3, frameBytesPerSecond: 1000, frameBytesBurst: 2000 } });
  });
  after(() => server.close());

  it('allows two seconds of uploads at once, then answers 429 with Retry-After until time passes', async () => {
    const [ann, ben] = [await server.visitor('ann'), await server.visitor('ben')];
    await server.join(ann, 'frames-rate-room');
    await server.join(ben, 'frames-rate-room');
    const upload = { frames: [{ to: [ben.user.id], data: frameOf(1) }] };
    for (let i = 0; i < 6; i++) assert.equal((await server.post('/frames', upload, ann.token)).status, 200, `upload ${i + 1}`);
    const refused = await server.post('/frames', upload, ann.token);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.match(await errorOf(refused), /too many drawing frames: at most 3 uploads a second/);
    assert.equal((await server.post(`/relay/${ben.user.id}/ice-candidate`, {}, ann.token)).status, 200, 'signaling has its own limit');
    clock.advance(1000);
    assert.equal((await server.post('/frames', upload, ann.token)).status, 200);
  });

  it('counts bytes once per recipient, and refuses an upload that could never fit with 413', async () => {
    const [cat, dan, eli] = [await server.visitor('cat'), await server.visitor('dan'), await server.visitor('eli')];
    for (const member of [cat, dan, eli]) await server.join(member, 'frames-bytes-room');
    const both = [dan.user.id, eli.user.id];
    assert.equal((await server.post('/frames', { frames: [{ to: both, data: frameOf(900) }] }, cat.token)).status, 200, '1800 of 2000');
    const over = await server.post('/frames', { frames: [{ to: both, data: frameOf(150) }] }, cat.token);
    assert.equal(over.status, 429);
    assert.match(await errorOf(over), /at most 1000 bytes a second/);
    const never = await server.post('/frames', { frames: [{ to: both, data: frameOf(1001) }] }, cat.token);
    assert.equal(never.status, 413);
    assert.match(await errorOf(never), /at most 2000 bytes, counting each recipient; this one 2002/);
  });
});

describe('POST /frames across instances (Redis)', () => {
  let cluster: RedisCluster;
  before(async () => {
    cluster = await RedisCluster.start(2);
  });
  after(() => cluster.close());

  it('reaches a peer whose stream is on another instance, and refuses a stranger there too', async () => {
    const [a, b] = cluster.instances.map((instance) => instance.server);
    const ann = await a!.visitor('ann');
    const bea = await b!.visitor('bea');
    const cyd = await b!.visitor('cyd');
    await a!.join(ann, 'frames-redis-room');
    await b!.join(bea, 'frames-redis-room');
    const data = frameOf(30);
    const response = await a!.post('/frames', { frames: [{ to: [bea.user.id, cyd.user.id], data }] }, ann.token);
    assert.deepEqual(await response.json(), { unreachable: [cyd.user.id] });
    assert.deepEqual((await bea.stream.next('frames')).data, { peer: ann.user, frames: [data] });
    assert.deepEqual(await cyd.stream.eventsWithin(150), []);
  });
});
