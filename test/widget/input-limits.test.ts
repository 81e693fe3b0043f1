import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as encoding from 'lib0/encoding';
import type { ItemMeta } from '../../components/drawing/board-items.js';
import { FrameKind, frame } from '../../components/network/channel-frames.js';
import { LiveItems, type LiveMessage } from '../../components/drawing/live-items.js';
import { encodeLiveMessage } from '../../components/sync/live-item-exchange.js';
import { encodePoints } from '../../components/drawing/point-codec.js';
import { itemOfKind } from '../support/items.js';
import { Network, type Replica } from './replicas.js';

const toBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const stroke = (id: string): ItemMeta => ({ id, author: 'x', kind: 'stroke', color: '#000000', width: 2 });
const rect = (id: string, x: number, y: number, w = 10, h = 10): ItemMeta => ({ id, author: 'x', kind: 'rect', color: '#000000', width: 2, x, y, w, h });
const pointsAlong = (count: number) => Array.from({ length: count }, (_, i) => [100 + (i % 1000), 100 + Math.floor(i / 1000), 0.5]).flat();

/** A victim with one item of its own, and a peer that writes to the shared document without the widget's checks. */
function victimAndAttacker() {
  const network = new Network(2);
  const [victim, attacker] = network.replicas as [Replica, Replica];
  network.drain();
  victim.document.addItem(stroke('kept'), [10, 10, 0.5, 20, 20, 0.5]);
  network.drain();
  const push = (stored: object[], at: 'top' | 'bottom' = 'top') => {
    attacker.document.ydoc.transact(() => {
      const items = attacker.document.ydoc.getArray('items');
      if (at === 'top') items.push(stored);
      else items.insert(0, stored);
    }, attacker.document.undoManager);
    network.drain();
  };
  return { network, victim, attacker, push };
}

describe('limits on what peers draw', () => {
  it('refuses strokes, shapes and text outside the accepted area, and says which peer sent them', () => {
    const { network, victim, push } = victimAndAttacker();
    push([
      { ...stroke('far-away'), points: encodePoints([100, 100, 0.5, 1e9, 5, 0.5]) },
      { ...stroke('just-outside'), points: encodePoints([100_001, 10, 0.5]) },
      { ...stroke('above'), points: encodePoints([10, -100_001, 0.5]) },
      { ...stroke('inside-margin'), points: encodePoints([99_999, 99_999, 0.5, -99_999, -99_999, 0.5]) },
      rect('rect-far', -1e9, 10),
      rect('rect-corner-out', 99_900, 10, 200, 10),
      { ...rect('text-out', 10, 100_100), kind: 'text', text: 'hi', fontSize: 20 },
      rect('rect-in', 99_900, 99_900, 90, 90),
    ]);
    assert.deepEqual(victim.document.items.map((item) => item.id), ['kept', 'inside-margin', 'rect-in']);
    assert.equal(victim.reports.length, 1, victim.reports.join('\n'));
    assert.match(victim.reports[0]!, /refused 6 items from peer peer-1: .*outside the accepted area/);
    network.destroy();
  });

  it('refuses a stroke over 20000 points, and accepts one of 20000', () => {
    const { network, victim, push } = victimAndAttacker();
    push([
      { ...stroke('too-long'), points: encodePoints(pointsAlong(20_001)) },
      { ...stroke('longest'), points: encodePoints(pointsAlong(20_000)) },
    ]);
    assert.deepEqual(victim.document.items.map((item) => item.id), ['kept', 'longest']);
    assert.match(victim.reports.join('\n'), /refused 1 item from peer peer-1: a stroke of 20001 points is over the 20000 point limit/);
    network.destroy();
  });

  it('refuses items past 20000 on the board, however they are inserted, and loses nothing already drawn', () => {
    const { network, victim, push } = victimAndAttacker();
    push(Array.from({ length: 15_000 }, (_, i) => rect(`below-${i}`, 10, 10)), 'bottom');
    push(Array.from({ length: 6_000 }, (_, i) => rect(`above-${i}`, 10, 10)));
    const ids = victim.document.items.map((item) => item.id);
    assert.equal(ids.length, 20_000);
    assert.ok(ids.includes('kept'), 'what was drawn before stays');
    assert.ok(ids.includes('below-14999') && ids.includes('above-4998') && !ids.includes('above-4999'));
    assert.match(victim.reports.join('\n'), /refused 1001 items from peer peer-1: the board holds 20000 items, the most it can/);

    // Drawing here at the limit is refused out loud; erasing makes room again.
    victim.reports.length = 0;
    victim.document.addItem(stroke('one-too-many'), [5, 5, 0.5]);
    assert.equal(victim.document.items.length, 20_000);
    assert.match(victim.reports.join('\n'), /the board holds 20000 items, the most it can/);
    victim.document.erase(new Set(['kept']));
    victim.document.addItem(stroke('fits'), [5, 5, 0.5]);
    assert.equal(victim.document.items.at(-1)?.id, 'fits');
    network.destroy();
  });

  it('refuses live strokes and shapes outside the area or over 20000 points, naming the peer', () => {
    const network = new Network(2);
    const [victim] = network.replicas as [Replica, Replica];
    network.drain();
    const sender = new LiveItems();
    const sendFrame = (kind: FrameKind, payload: Uint8Array) => victim.sync.receive('peer-1', toBuffer(frame(kind, payload)[0]!));
    const send = (message: LiveMessage) => {
      const { kind, payload } = encodeLiveMessage(message);
      sendFrame(kind, payload);
    };
    send(sender.begin(stroke('live-far'), [1e9, 10, 0.5], false).message);
    const growing = sender.begin(stroke('live-long'), [10, 10, 0.5], false);
    send(growing.message);
    const shape = sender.begin(rect('live-rect', 10, 10, 0, 0), [], false);
    send(shape.message);
    send(sender.reshape(shape.handle, { x: 10, y: 10, w: 1e9, h: 5 })!);
    // This widget's own LiveItems stops a stroke at the limit; a hostile peer writes its frames itself.
    for (let frames = 0; frames < 21; frames++) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, growing.handle);
      for (let i = 0; i < 1_000; i++) [1, 0].forEach((delta) => encoding.writeVarInt(encoder, delta));
      sendFrame(FrameKind.LivePoints, encoding.toUint8Array(encoder));
    }
    const live = victim.live.all();
    assert.deepEqual(live.map((item) => item.id), ['live-rect'], 'the far stroke never showed, the long one ended');
    assert.equal(itemOfKind(live[0], 'rect').w, 0, 'the far corner was refused');
    const reports = victim.reports.join('\n');
    assert.match(reports, /peer peer-1: .*outside the accepted area/);
    assert.match(reports, /peer peer-1: .*over the 20000 point limit/);
    assert.equal(victim.reports.filter((report) => /point limit/.test(report)).length, 1, 'the long stroke is reported once');
    network.destroy();
  });
});

describe('limits on what is drawn here', () => {
  it('a stroke drawn past 20000 points is committed at the limit', () => {
    const network = new Network(2);
    const [alice, bob] = network.replicas as [Replica, Replica];
    network.drain();
    const { handle } = alice.live.begin(stroke('long'), [10, 10, 0.5], false);
    for (let i = 0; i < 25; i++) alice.live.addPoints(handle, pointsAlong(1_000));
    const item = itemOfKind(alice.live.end(handle).item, 'stroke');
    assert.equal(item.points.length, 20_000 * 3);
    const { points, ...meta } = item;
    alice.document.addItem(meta, points);
    alice.document.addItem(stroke('direct'), pointsAlong(20_500));
    network.drain();
    for (const replica of network.replicas) {
      assert.deepEqual(replica.document.items.map((stored) => [stored.id, itemOfKind(stored, 'stroke').points.length]), [['long', 60_000], ['direct', 60_000]]);
    }
    assert.deepEqual([...alice.reports, ...bob.reports], []);
    network.destroy();
  });
});
