import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as Y from 'yjs';
import { CHUNK_BYTES, FrameKind, FrameReader, MAX_FRAME_BYTES, MAX_PAYLOAD_BYTES, frame } from '../../components/network/channel-frames.js';
import { LiveItems, type LiveMessage } from '../../components/drawing/live-items.js';
import { decodeLiveMessage, encodeLiveMessage } from '../../components/sync/live-item-exchange.js';
import { decodePoints, encodePoints } from '../../components/drawing/point-codec.js';
import { itemOfKind } from '../support/items.js';
import { Network } from './replicas.js';

const toBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
/** A live-item message as a peer receives it: written into a frame payload and read back. */
const overTheWire = (message: LiveMessage) => {
  const { kind, payload } = encodeLiveMessage(message);
  return decodeLiveMessage(kind, payload);
};

describe('packed points', () => {
  it('round-trip at 1/8 px and 1/100 pressure anywhere in the accepted area', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -8000, max: 20800 }), fc.integer({ min: -8000, max: 16000 }), fc.integer({ min: 0, max: 100 })), { maxLength: 300 }), (list) => {
        const points = list.flatMap(([x, y, p]) => [x / 8, y / 8, p / 100]);
        assert.deepEqual([...decodePoints(encodePoints(points))], points);
      }),
    );
  });

  it('store a mouse stroke (one pressure) in about 2-3 bytes a point', () => {
    const points: number[] = [];
    for (let i = 0; i < 200; i++) points.push(200 + i * 4, 300 + Math.round(Math.sin(i / 9) * 80), 0.5);
    const bytes = encodePoints(points).length;
    assert.ok(bytes / 200 <= 3, `${bytes / 200} bytes per point`);
  });

  it('refuse bytes they could not have made', () => {
    for (const bad of [[], [7], [1, 50], [0, 3, 1, 2]]) assert.throws(() => decodePoints(Uint8Array.from(bad)));
    assert.throws(() => decodePoints(Uint8Array.from([1, 0xc8, 0x01, 1, 0, 0])), /pressure 200 out of range/);
    assert.throws(() => decodePoints(encodePoints([10, 10, 0.5, 100000.125, 10, 0.5])), /point \(100000.125, 10\) is outside the accepted area/);
    assert.throws(() => decodePoints(encodePoints([10, -100000.125, 0.5])), /outside the accepted area/);
  });
});

describe('data-channel frames', () => {
  it('split a payload over one frame into chunks under the channel limit and reassemble it', () => {
    const payload = Uint8Array.from({ length: CHUNK_BYTES * 3 + 17 }, (_, i) => i % 251);
    const frames = frame(FrameKind.Sync, payload);
    assert.equal(frames.length, 4);
    for (const bytes of frames) assert.ok(bytes.length <= MAX_FRAME_BYTES);
    const reader = new FrameReader();
    const results = frames.map((bytes) => reader.read(toBuffer(bytes)));
    assert.ok(results.slice(0, 3).every((result) => 'pending' in result));
    const last = results[3]!;
    assert.ok('payload' in last && last.kind === FrameKind.Sync);
    assert.deepEqual(last.payload, payload);
  });

  it('refuse text, oversized, empty, unknown and out-of-sequence frames, each with a reason', () => {
    const reader = new FrameReader();
    const refusals = [
      reader.read('text'),
      reader.read(new ArrayBuffer(MAX_FRAME_BYTES + 1)),
      reader.read(new ArrayBuffer(0)),
      reader.read(Uint8Array.from([9, 1, 2]).buffer),
      reader.read(toBuffer(frame(FrameKind.Sync, new Uint8Array(CHUNK_BYTES * 2))[1]!)),
    ];
    assert.deepEqual(
      refusals.map((result) => ('error' in result ? result.error : 'accepted')),
      [
        'message is not binary',
        'message of 262145 bytes is over the 262144 byte limit',
        'empty message',
        'unknown frame kind 9',
        'chunk out of sequence',
      ],
    );
  });

  it(`refuse a chunked payload announced over ${MAX_PAYLOAD_BYTES} bytes before buffering it`, () => {
    const reader = new FrameReader();
    const header = frame(FrameKind.Sync, new Uint8Array(CHUNK_BYTES * 2))[0]!;
    // Rewrite the announced total to 10 MB: kind, inner kind, then the varuint total.
    const forged = Uint8Array.from([FrameKind.Chunk, FrameKind.Sync, 0x80, 0x80, 0x80, 0x05, 0, ...header.subarray(10, 100)]);
    const result = reader.read(toBuffer(forged));
    assert.ok('error' in result && /over the 8388608 byte limit/.test(result.error), JSON.stringify(result));
  });
});

describe('hostile peers', () => {
  it('random bytes on a data channel never throw and never change the drawing', () => {
    const network = new Network(2);
    const [victim] = network.replicas;
    victim!.document.addItem({ id: 'kept', author: 'me', kind: 'stroke', color: '#cf1717', width: 4 }, [1, 2, 0.5, 3, 4, 0.5]);
    network.drain();
    const before = Y.encodeStateAsUpdate(victim!.document.ydoc);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(0, 1, 2, 3, undefined), (bytes, kind) => {
        const message = kind === undefined ? bytes : Uint8Array.from([kind, ...bytes]);
        victim!.sync.receive('peer-1', toBuffer(message));
      }),
      { numRuns: 2000 },
    );
    assert.deepEqual(victim!.document.items.map((item) => item.id), ['kept']);
    assert.deepEqual(Y.encodeStateAsUpdate(victim!.document.ydoc), before);
    assert.ok(victim!.reports.length > 0, 'garbage was reported');
    network.destroy();
  });

  it('a well-formed Yjs update carrying a malformed item is kept out of the drawing', () => {
    const network = new Network(2);
    const [victim, attacker] = network.replicas;
    network.drain();
    attacker!.document.ydoc.transact(() => {
      const map = new Y.Map<unknown>();
      map.set('id', 'a-map-not-an-item');
      attacker!.document.ydoc.getArray('items').push([
        map,
        { id: 'evil', author: 'x', kind: 'stroke', color: 'javascript:alert(1)', width: 1e9, points: new Uint8Array([1, 50, 1, 2, 2]) },
        { id: 'no-points', author: 'x', kind: 'stroke', color: '#000000', width: 2 },
        { id: 'bad-points', author: 'x', kind: 'stroke', color: '#000000', width: 2, points: new Uint8Array([9, 9, 9]) },
        'just a string',
        null,
      ]);
    }, attacker!.document.undoManager);
    network.drain();
    assert.deepEqual(victim!.document.items, []);
    network.destroy();
  });

  it('live items refuse malformed messages and more than 8 at once', () => {
    const live = new LiveItems();
    const sender = new LiveItems();
    const meta = (id: string) => ({ id, author: 'a', kind: 'stroke' as const, color: '#000000', width: 2 });
    const deliver = (message: LiveMessage) => live.receive('p', overTheWire(message));
    assert.throws(() => decodeLiveMessage(FrameKind.Live, Uint8Array.from([0, 1, 0, 3, 123, 125, 0])));
    for (let i = 0; i < 8; i++) deliver(sender.begin(meta(`s${i}`), [1, 1, 0.5], false).message);
    assert.throws(() => deliver(sender.begin(meta('s9'), [], false).message), /more than 8/);
    live.removePeer('p');
    assert.deepEqual(live.all(), []);
  });

  it('live points arrive as the sender drew them, as deltas after the first', () => {
    const [sender, receiver] = [new LiveItems(), new LiveItems()];
    for (const varyingPressure of [false, true]) {
      const { handle, message } = sender.begin({ id: `s-${varyingPressure}`, author: 'a', kind: 'stroke', color: '#000000', width: 2 }, [100, 100, 0.5], varyingPressure);
      receiver.receive('p', overTheWire(message));
      const points = [104.125, 98, 0.6, 110, 90.5, 0.7, 99, 120, 0.2];
      const frame = encodeLiveMessage(sender.addPoints(handle, points)!);
      assert.equal(frame.kind, FrameKind.LivePoints);
      receiver.receive('p', decodeLiveMessage(frame.kind, frame.payload));
      const expected = varyingPressure ? points : [104.125, 98, 0.5, 110, 90.5, 0.5, 99, 120, 0.5];
      assert.deepEqual(itemOfKind(receiver.all().find((item) => item.id === `s-${varyingPressure}`), 'stroke').points, [100, 100, 0.5, ...expected]);
    }
  });
});
