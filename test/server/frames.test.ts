import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v4 as uuidv4 } from 'uuid';
import { FRAMES_PER_UPLOAD_MAX, FRAMES_UPLOAD_MAX_BYTES, RELAY_FRAME_MAX_BYTES } from '../../protocol/relay-frames.js';
import { FakeClock } from '../support/fake-clock.js';
import { RedisCluster } from '../support/redis-cluster.js';
import { SignalingServer, errorOf, widgetOf, type Visitor } from '../support/signaling-server.js';

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
    const response = await server.frames(alice, [{ to: [bob.member.id], frames }]);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { unreachable: [] });
    assert.deepEqual((await bob.stream.next('frames')).data, { to: bob.member.id, peer: alice.member, frames });
  });

  it('gives each peer the frames of every group that names it, in the order of the groups, in one event', async () => {
    const [a, b, c, d, e] = [1, 2, 3, 4, 5].map((fill) => frameOf(6, fill));
    const response = await server.frames(alice, [
      { to: [bob.member.id], frames: [a!] },
      { to: [carol.member.id, bob.member.id], frames: [b!, c!] },
      { to: [carol.member.id], frames: [d!] },
      { to: [bob.member.id], frames: [e!] },
    ]);
    assert.deepEqual(await response.json(), { unreachable: [] });
    assert.deepEqual((await bob.stream.next('frames')).data, { to: bob.member.id, peer: alice.member, frames: [a, b, c, e] });
    assert.deepEqual((await carol.stream.next('frames')).data, { to: carol.member.id, peer: alice.member, frames: [b, c, d] });
    assert.deepEqual(await bob.stream.eventsWithin(150), [], 'one event for bob');
  });

  it('sends a frame addressed to several peers to each of them, once', async () => {
    const data = frameOf(12);
    const response = await server.frames(alice, [{ to: [bob.member.id, carol.member.id, bob.member.id], frames: [data] }]);
    assert.deepEqual(await response.json(), { unreachable: [] });
    assert.deepEqual((await bob.stream.next('frames')).data, { to: bob.member.id, peer: alice.member, frames: [data] });
    assert.deepEqual((await carol.stream.next('frames')).data, { to: carol.member.id, peer: alice.member, frames: [data] });
    assert.deepEqual(await bob.stream.eventsWithin(150), [], 'bob got the frame once');
  });

  it('delivers uploads of the largest size whole: drawing frames get a bigger share of the reader than signaling', async () => {
    const chunk = frameOf(60 * 1024);
    const frames = [chunk, chunk, chunk];
    assert.equal((await server.frames(alice, [{ to: [bob.member.id], frames }])).status, 200);
    assert.equal(((await bob.stream.next('frames')).data as { frames: string[] }).frames.length, 3);
  });

  it('delivers nothing to a stranger, and answers for a stranger exactly as for an id nobody has', async () => {
    const nobody = `${uuidv4()}.widget-1`;
    const response = await server.frames(alice, [{ to: [eve.member.id, nobody, bob.member.id], frames: [frameOf(4)] }]);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { unreachable: [eve.member.id, nobody] });
    assert.deepEqual(await eve.stream.eventsWithin(150), [], 'eve, in another room, received nothing');
    assert.equal((await bob.stream.next('frames')).event, 'frames', 'the peer of the same room still got it');
  });

  it("relays between two widgets of one browser, and refuses a `from` that is not one of the token's members", async () => {
    const alicesOtherTab = widgetOf(alice, 'widget-2');
    await server.join(alicesOtherTab, 'frames-room-shared');
    for (const member of [bob, carol]) await member.stream.next('add-peer');
    const data = frameOf(8);
    assert.deepEqual(await (await server.frames(alice, [{ to: [alicesOtherTab.member.id], frames: [data] }])).json(), { unreachable: [] });
    assert.deepEqual((await alice.stream.next('frames')).data, { to: alicesOtherTab.member.id, peer: alice.member, frames: [data] });

    const asBob = await server.post('/frames', { from: bob.member.id, groups: [{ to: [carol.member.id], frames: [data] }] }, alice.token);
    assert.equal(asBob.status, 400);
    assert.match(await errorOf(asBob), /from must be a member of your own/);
    const noFrom = await server.post('/frames', { groups: [{ to: [carol.member.id], frames: [data] }] }, alice.token);
    assert.equal(noFrom.status, 400);
    assert.match(await errorOf(noFrom), /from must be the sending member's id/);
    assert.deepEqual(await carol.stream.eventsWithin(150), [], 'carol got no frame');
  });

  it('refuses malformed uploads with 400 and a reason, delivering none of their frames', async () => {
    const to = [bob.member.id];
    const small = frameOf(4);
    const cases: Array<[unknown, RegExp]> = [
      [{}, /groups must be a non-empty array of \{to, frames\}/],
      [{ groups: [] }, /groups must be a non-empty array/],
      [{ frames: [{ to, data: small }] }, /groups must be a non-empty array/],
      [{ groups: [{ to, frames: ['not base64!'] }] }, /groups\[0\]\.frames\[0\] must be base64/],
      [{ groups: [{ to, frames: [small, 42] }] }, /groups\[0\]\.frames\[1\] must be base64/],
      [{ groups: [{ to, frames: [''] }] }, /groups\[0\]\.frames\[0\] is 0 bytes/],
      [
        { groups: [{ to, frames: [small] }, { to, frames: [small, frameOf(RELAY_FRAME_MAX_BYTES + 1)] }] },
        new RegExp(`groups\\[1\\]\\.frames\\[1\\] is ${RELAY_FRAME_MAX_BYTES + 1} bytes; a frame is 1 to ${RELAY_FRAME_MAX_BYTES}`),
      ],
      [{ groups: [{ to, frames: [small] }, { to, frames: [] }] }, /groups\[1\]\.frames must be a non-empty array of base64 frames/],
      [{ groups: [{ to }] }, /groups\[0\]\.frames must be a non-empty array/],
      [{ groups: [{ to, frames: small }] }, /groups\[0\]\.frames must be a non-empty array/],
      [{ groups: [{ to: [], frames: [small] }] }, /groups\[0\]\.to must be a non-empty array of peer member ids/],
      [{ groups: [{ to: ['not-a-uuid'], frames: [small] }] }, /groups\[0\]\.to must be a non-empty array of peer member ids/],
      [{ groups: [{ frames: [small] }] }, /groups\[0\]\.to must be/],
      [{ groups: [42] }, /groups\[0\]\.to must be/],
      [{ groups: [{ to, frames: [small] }, { to: [bob.member.id, alice.member.id], frames: [small] }] }, /groups\[1\] is addressed to yourself/],
      [
        { groups: [{ to, frames: Array.from({ length: 200 }, () => 'AA==') }, { to: [carol.member.id], frames: Array.from({ length: FRAMES_PER_UPLOAD_MAX - 199 }, () => 'AA==') }] },
        new RegExp(`at most ${FRAMES_PER_UPLOAD_MAX} frames in all its groups; this one ${FRAMES_PER_UPLOAD_MAX + 1}`),
      ],
    ];
    for (const [body, reason] of cases) {
      const response = await server.post('/frames', { from: alice.member.id, ...(body as object) }, alice.token);
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
      assert.match(await errorOf(response), reason);
    }
    assert.deepEqual(await bob.stream.eventsWithin(150), [], 'nothing of a refused upload was delivered');
  });

  it('refuses a body over the upload limit with 413, and a request without a token with 401', async () => {
    const response = await server.frames(alice, [{ to: [bob.member.id], frames: [frameOf(FRAMES_UPLOAD_MAX_BYTES)] }]);
    assert.equal(response.status, 413);
    assert.match(await errorOf(response), /over the 256 KB limit/);
    const anonymous = await server.post('/frames', { from: alice.member.id, groups: [{ to: [bob.member.id], frames: [frameOf(4)] }] });
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
    const annsOtherTab = widgetOf(ann, 'widget-2');
    for (const member of [ann, annsOtherTab, ben]) await server.join(member, 'frames-rate-room');
    const upload = [{ to: [ben.member.id], frames: [frameOf(1)] }];
    for (let i = 0; i < 6; i++) assert.equal((await server.frames(ann, upload)).status, 200, `upload ${i + 1}`);
    const refused = await server.frames(ann, upload);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.match(await errorOf(refused), /too many drawing frames: at most 3 uploads a second/);
    assert.equal((await server.relay(ann, ben.member.id, 'ice-candidate', {})).status, 200, 'signaling has its own limit');
    assert.equal((await server.frames(annsOtherTab, upload)).status, 200, "another widget of ann's browser has its own allowance");
    clock.advance(1000);
    assert.equal((await server.frames(ann, upload)).status, 200);
  });

  it('counts every frame of a group once per recipient, and refuses an upload that could never fit with 413', async () => {
    const [cat, dan, eli] = [await server.visitor('cat'), await server.visitor('dan'), await server.visitor('eli')];
    for (const member of [cat, dan, eli]) await server.join(member, 'frames-bytes-room');
    const both = [dan.member.id, eli.member.id];
    assert.equal((await server.frames(cat, [{ to: both, frames: [frameOf(400), frameOf(500)] }])).status, 200, '1800 of 2000');
    const over = await server.frames(cat, [{ to: both, frames: [frameOf(150)] }]);
    assert.equal(over.status, 429);
    assert.match(await errorOf(over), /at most 1000 bytes a second/);
    const never = await server.frames(cat, [{ to: both, frames: [frameOf(500), frameOf(501)] }]);
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
    const response = await a!.frames(ann, [{ to: [bea.member.id, cyd.member.id], frames: [data] }]);
    assert.deepEqual(await response.json(), { unreachable: [cyd.member.id] });
    assert.deepEqual((await bea.stream.next('frames')).data, { to: bea.member.id, peer: ann.member, frames: [data] });
    assert.deepEqual(await cyd.stream.eventsWithin(150), []);
  });
});
