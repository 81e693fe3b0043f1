import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FRAMES_PER_UPLOAD_MAX, FRAMES_UPLOAD_MAX_BYTES, RELAY_FRAME_MAX_BYTES, type FramesReceipt, type FramesBatch } from '../../protocol/relay-frames.js';
import { fromBase64 } from '../../components/network/base64.js';
import { FrameRelay } from '../../components/network/frame-relay.js';
import { FakeClock, settle } from './signaling-fakes.js';

const P1 = '11111111-1111-4111-8111-111111111111.widget-one';
const P2 = '22222222-2222-4222-8222-222222222222.widget-two';
/** A member id as long as they come (a uuid, a dot and a 32-character key): the `from` of the longest body. */
const longestMemberId = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000.${'k'.repeat(32)}`;

type Outcome = FramesReceipt | { status?: number; retryAfterSeconds?: number | null; message: string };

/** A FrameRelay whose animation frames run when the test says, against a server that answers as told. */
function relayUnderTest(answer: (upload: FramesBatch, index: number) => Outcome | Promise<Outcome> = () => ({ unreachable: [] })) {
  const clock = new FakeClock();
  const uploads: FramesBatch[] = [];
  const frameCallbacks: Array<() => void> = [];
  const unreachable: string[] = [];
  const errors: string[] = [];
  const relay = new FrameRelay({
    upload: async (upload) => {
      uploads.push(upload);
      const outcome = await answer(upload, uploads.length - 1);
      if ('unreachable' in outcome) return outcome;
      throw Object.assign(new Error(outcome.message), outcome);
    },
    nextFrame: (callback) => void frameCallbacks.push(callback),
    clock,
    onUnreachable: (peerId) => unreachable.push(peerId),
    onError: (message) => errors.push(message),
  });
  /** Runs the animation frame the relay asked for, and lets its upload settle. */
  const paint = async () => {
    for (const callback of frameCallbacks.splice(0)) callback();
    await settle();
  };
  /** Each upload as [recipients, [bytes of each frame]] per group. */
  const sent = () => uploads.map((upload) => upload.groups.map(({ to, frames }) => [to, frames.map((data) => [...fromBase64(data)])]));
  return { relay, clock, uploads, paint, sent, unreachable, errors, frameCallbacks };
}

/** What the server hands `peerId` of an upload, as it does: the frames of each group naming it, in group order. */
function deliveredTo(upload: FramesBatch, peerId: string): number[] {
  return upload.groups.filter(({ to }) => to.includes(peerId)).flatMap(({ frames }) => frames.map((data) => fromBase64(data)[0]!));
}

describe('FrameRelay: the way up of the server relay', () => {
  it('sends what was queued in one animation frame in one upload, in order, and a frame broadcast to several peers once', async () => {
    const { relay, paint, sent } = relayUnderTest();
    const broadcast = Uint8Array.of(9, 9);
    relay.send(P1, Uint8Array.of(1));
    relay.send(P2, Uint8Array.of(2));
    relay.send(P1, broadcast);
    relay.send(P2, broadcast);
    assert.deepEqual(sent(), [], 'nothing before the frame is painted');
    await paint();
    assert.deepEqual(sent(), [[[[P1], [[1]]], [[P2], [[2]]], [[P1, P2], [[9, 9]]]]]);
  });

  it('never reorders a peer’s frames to save a copy: a broadcast frame joins only if nothing for that peer came after', async () => {
    const { relay, paint, sent } = relayUnderTest();
    const broadcast = Uint8Array.of(7);
    relay.send(P1, broadcast);
    relay.send(P2, Uint8Array.of(3));
    relay.send(P2, broadcast);
    await paint();
    assert.deepEqual(sent(), [[[[P1], [[7]]], [[P2], [[3], [7]]]]]);
  });

  it('keeps one upload in flight: frames sent meanwhile go in the next one, after it answered', async () => {
    let release!: () => void;
    const { relay, paint, sent } = relayUnderTest((_, index) =>
      index === 0 ? new Promise((resolve) => (release = () => resolve({ unreachable: [] }))) : { unreachable: [] },
    );
    relay.send(P1, Uint8Array.of(1));
    await paint();
    relay.send(P1, Uint8Array.of(2));
    await paint();
    assert.equal(sent().length, 1, 'the second waits for the first');
    release();
    await settle();
    await paint();
    assert.deepEqual(sent(), [[[[P1], [[1]]]], [[[P1], [[2]]]]]);
  });

  it('names the recipients once for consecutive frames going to the same peers, whatever order they were added in', async () => {
    const { relay, paint, sent } = relayUnderTest();
    const first = Uint8Array.of(1);
    const second = Uint8Array.of(2);
    relay.send(P1, first);
    relay.send(P2, first);
    // The same two peers the other way round: the broadcast joins the group before it.
    relay.send(P2, second);
    relay.send(P1, second);
    relay.send(P1, Uint8Array.of(3));
    relay.send(P1, Uint8Array.of(4));
    await paint();
    assert.deepEqual(sent(), [[[[P1, P2], [[1], [2]]], [[P1], [[3], [4]]]]]);
  });

  it('keeps each peer’s frames in the order they were sent when the recipients alternate', async () => {
    const { relay, paint, uploads } = relayUnderTest();
    const broadcast = Uint8Array.of(4);
    relay.send(P1, Uint8Array.of(1));
    relay.send(P2, Uint8Array.of(2));
    relay.send(P1, Uint8Array.of(3));
    relay.send(P1, broadcast);
    relay.send(P2, broadcast);
    relay.send(P2, Uint8Array.of(5));
    relay.send(P1, Uint8Array.of(6));
    await paint();
    assert.equal(uploads.length, 1);
    assert.deepEqual(deliveredTo(uploads[0]!, P1), [1, 3, 4, 6]);
    assert.deepEqual(deliveredTo(uploads[0]!, P2), [2, 4, 5]);
  });

  it('splits what does not fit one upload, keeping the order, each body within the server’s limit', async () => {
    // Frames about as big as the relay takes, each for another set of 57 peers with ids as long as they come: two
    // or three fit an upload depending on a few bytes, so an estimate short by a byte an id goes over the limit.
    const peers = Array.from({ length: 58 }, (_, n) => longestMemberId(n + 1));
    const framesPerUpload = new Set<number>();
    for (let length = RELAY_FRAME_MAX_BYTES; length > RELAY_FRAME_MAX_BYTES - 90; length -= 3) {
      const { relay, paint, uploads } = relayUnderTest();
      for (let i = 0; i < 6; i++) {
        const chunk = new Uint8Array(length).fill(i);
        // Every other frame leaves out the first peer or the last: consecutive frames never share a group.
        for (const peerId of i % 2 === 0 ? peers.slice(1) : peers.slice(0, -1)) relay.send(peerId, chunk);
      }
      for (let i = 0; i < 6 && uploads.flatMap((upload) => upload.groups).length < 6; i++) await paint();
      for (const upload of uploads) {
        const body = JSON.stringify({ ...upload, from: longestMemberId(0) });
        assert.ok(body.length <= FRAMES_UPLOAD_MAX_BYTES, `frames of ${length} bytes: a body of ${body.length} bytes`);
        framesPerUpload.add(upload.groups.length);
      }
      const order = uploads.flatMap((upload) => upload.groups.map(({ frames }) => fromBase64(frames[0]!)[0]));
      assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
    }
    assert.deepEqual([...framesPerUpload].sort(), [2, 3], 'as many frames in an upload as fit: two of the biggest, three of smaller ones');
  });

  it(`puts at most ${FRAMES_PER_UPLOAD_MAX} frames in an upload, counting every group's`, async () => {
    const { relay, paint, uploads } = relayUnderTest();
    for (let i = 0; i < 300; i++) relay.send(i % 3 === 0 ? P2 : P1, Uint8Array.of(i % 256));
    await paint();
    await paint();
    const counts = uploads.map((upload) => upload.groups.reduce((count, group) => count + group.frames.length, 0));
    assert.deepEqual(counts, [FRAMES_PER_UPLOAD_MAX, 300 - FRAMES_PER_UPLOAD_MAX]);
  });

  it('tries a rate-limited upload again after Retry-After, before anything newer, and says so once', async () => {
    const { relay, clock, paint, sent, errors } = relayUnderTest((_, index) =>
      index < 2 ? { status: 429, retryAfterSeconds: 2, message: '429 too many drawing frames' } : { unreachable: [] },
    );
    relay.send(P1, Uint8Array.of(1));
    await paint();
    relay.send(P1, Uint8Array.of(2));
    await paint();
    assert.equal(sent().length, 1, 'nothing more until Retry-After has passed');
    await clock.advance(2000);
    await paint();
    await clock.advance(2000);
    await paint();
    assert.deepEqual(sent().slice(2), [[[[P1], [[1], [2]]]]]);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /did not take frames \(429 too many drawing frames\); trying again/);
  });

  it('backs off after network errors and gets the frames through when the network is back', async () => {
    const { relay, clock, paint, sent } = relayUnderTest((_, index) => (index < 3 ? { message: 'fetch failed' } : { unreachable: [] }));
    relay.send(P1, Uint8Array.of(5));
    await paint();
    await clock.advance(499);
    await paint();
    assert.equal(sent().length, 1, 'waits 500 ms after the first failure');
    await clock.advance(1);
    await paint();
    await clock.advance(1000);
    await paint();
    assert.equal(sent().length, 3);
    await clock.advance(2000);
    await paint();
    assert.deepEqual(sent()[3], [[[P1], [[5]]]]);
  });

  it('sends what waits for a retry as soon as the server is back (resume), with the backoff reset', async () => {
    const { relay, clock, paint, sent } = relayUnderTest((_, index) => (index < 4 ? { message: 'fetch failed' } : { unreachable: [] }));
    relay.send(P1, Uint8Array.of(5));
    await paint();
    for (const wait of [500, 1000, 2000]) {
      await clock.advance(wait);
      await paint();
    }
    assert.equal(sent().length, 4, 'four failures: the next try would be 8 s away');
    relay.resume();
    await paint();
    assert.deepEqual(sent()[4], [[[P1], [[5]]]]);
    assert.equal(clock.pending, 0);
  });

  it('drops an upload the server refuses as malformed, says why, and goes on with the next', async () => {
    const { relay, paint, sent, errors } = relayUnderTest((_, index) => (index === 0 ? { status: 400, message: '400 groups[0].frames[0] must be base64' } : { unreachable: [] }));
    relay.send(P1, Uint8Array.of(1));
    await paint();
    relay.send(P1, Uint8Array.of(2));
    await paint();
    assert.deepEqual(sent()[1], [[[P1], [[2]]]]);
    assert.match(errors[0]!, /refused 1 frames: 400 groups\[0\]\.frames\[0\] must be base64/);
  });

  it('reports the peers the server could not reach and forgets what was queued for them', async () => {
    let release!: () => void;
    const { relay, paint, sent, unreachable } = relayUnderTest((_, index) =>
      index === 0 ? new Promise((resolve) => (release = () => resolve({ unreachable: [P2] }))) : { unreachable: [] },
    );
    relay.send(P2, Uint8Array.of(1));
    await paint();
    relay.send(P2, Uint8Array.of(2));
    relay.send(P1, Uint8Array.of(3));
    release();
    await settle();
    await paint();
    assert.deepEqual(unreachable, [P2]);
    assert.deepEqual(sent()[1], [[[P1], [[3]]]]);
  });

  it('refuses a frame bigger than the relay carries, and stops for good: nothing left scheduled', async () => {
    const { relay, clock, paint, sent, errors, frameCallbacks } = relayUnderTest(() => ({ status: 503, message: 'down' }));
    relay.send(P1, new Uint8Array(62 * 1024));
    assert.match(errors[0]!, /a frame of 63488 bytes for peer .* cannot go through the server relay/);
    relay.send(P1, Uint8Array.of(1));
    await paint();
    relay.stop();
    await clock.advance(60_000);
    await paint();
    relay.send(P1, Uint8Array.of(2));
    assert.equal(sent().length, 1);
    assert.equal(clock.pending, 0);
    assert.equal(frameCallbacks.length, 0);
  });
});
