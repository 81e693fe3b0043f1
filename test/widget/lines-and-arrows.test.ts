import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as Y from 'yjs';
import type { ItemMeta, LineItem } from '../../components/drawing/board-items.js';
import { itemsAt } from '../../components/drawing/hit-test.js';
import { FrameKind, frame } from '../../components/network/channel-frames.js';
import { LiveItems } from '../../components/drawing/live-items.js';
import { encodeLiveMessage } from '../../components/sync/live-item-exchange.js';
import { itemOfKind } from '../support/items.js';
import { Network, type Replica } from './replicas.js';

const line = (id: string, kind: LineItem['kind'], x: number, y: number, w: number, h: number): LineItem =>
  ({ id, author: 'alice', kind, color: '#1760cf', width: 4, x, y, w, h });
const toBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

function twoReplicas() {
  const network = new Network(2);
  const [alice, bob] = network.replicas as [Replica, Replica];
  network.drain();
  return { network, alice, bob };
}

describe('lines and arrows', () => {
  it('reach a peer as drawn, as a start point and a vector, without a points array', () => {
    const { network, alice, bob } = twoReplicas();
    const before = Y.encodeStateAsUpdate(alice.document.ydoc).byteLength;
    alice.document.addItem(line('l1', 'line', 100, 200, 300, -50));
    const lineBytes = Y.encodeStateAsUpdate(alice.document.ydoc).byteLength - before;
    alice.document.addItem(line('a1', 'arrow', 400, 400, 0, 120.5));
    network.drain();
    assert.deepEqual(bob.document.items, [line('l1', 'line', 100, 200, 300, -50), line('a1', 'arrow', 400, 400, 0, 120.5)]);
    const stored = alice.document.ydoc.getArray<Record<string, unknown>>('items').get(0);
    assert.equal('points' in stored, false);
    assert.ok(lineBytes < 120, `a stored line costs ${lineBytes} bytes`);
    assert.deepEqual([...alice.reports, ...bob.reports], []);
    network.destroy();
  });

  it('are erased where the eraser touches their segment, and only there', () => {
    const items = [line('l1', 'line', 100, 100, 200, 200), line('a1', 'arrow', 500, 100, 300, 0)];
    assert.deepEqual([...itemsAt(items, 200, 200, 6)], ['l1'], 'the middle of the diagonal');
    assert.deepEqual([...itemsAt(items, 790, 104, 6)], ['a1'], 'near the arrow\'s tip');
    assert.deepEqual([...itemsAt(items, 200, 120, 6)], [], 'beside the diagonal, inside its box');
    assert.deepEqual([...itemsAt(items, 830, 100, 6)], [], 'beyond the arrow\'s tip');
  });

  it('are undone and erased like any item, for both peers', () => {
    const { network, alice, bob } = twoReplicas();
    alice.document.beginAction();
    alice.document.addItem(line('a1', 'arrow', 10, 10, 90, 90));
    network.drain();
    alice.document.undo();
    network.drain();
    assert.equal(bob.document.items.length, 0, 'alice undid her arrow');
    alice.document.redo();
    network.drain();
    assert.deepEqual(bob.document.items.map((item) => item.id), ['a1'], 'and redid it');
    bob.document.beginAction();
    bob.document.erase(itemsAt(bob.document.items, 55, 55, 6));
    network.drain();
    assert.equal(alice.document.items.length, 0, 'bob erased it');
    bob.document.undo();
    network.drain();
    assert.deepEqual(alice.document.items.map((item) => item.id), ['a1'], 'and undid his erase');
    network.destroy();
  });

  it('show on a peer\'s live layer while dragged, and a far end outside the accepted area is refused', () => {
    const { network, bob } = twoReplicas();
    const sender = new LiveItems();
    const send = (message: Parameters<typeof encodeLiveMessage>[0]) => {
      const { kind, payload } = encodeLiveMessage(message);
      bob.sync.receive('peer-0', toBuffer(frame(kind as FrameKind, payload)[0]!));
    };
    const arrow = sender.begin(line('live', 'arrow', 100, 100, 0, 0), [], false);
    send(arrow.message);
    send(sender.reshape(arrow.handle, { x: 100, y: 100, w: 250, h: -75 })!);
    const shown = itemOfKind(bob.live.all()[0], 'arrow');
    assert.deepEqual([shown.x, shown.y, shown.w, shown.h], [100, 100, 250, -75]);
    send(sender.reshape(arrow.handle, { x: 100, y: 100, w: 200_000, h: 0 })!);
    assert.equal(itemOfKind(bob.live.all()[0], 'arrow').w, 250, 'the far end stays where it was');
    assert.match(bob.reports.join('\n'), /peer peer-0: .*outside the accepted area/);
    network.destroy();
  });

  it('a committed line whose far end lies outside the accepted area is refused', () => {
    const { network, alice, bob } = twoReplicas();
    alice.document.addItem(line('far', 'line', 100, 100, 1e6, 0));
    network.drain();
    assert.deepEqual(bob.document.items, []);
    assert.match(bob.reports.join('\n'), /refused 1 item from peer peer-0: point \(1000100, 100\) is outside the accepted area/);
    network.destroy();
  });
});

describe('an item of a kind this widget does not know (a newer widget drew it)', () => {
  it('is refused with its kind named, hides nothing else, and stays in the document for widgets that know it', () => {
    const { network, alice, bob } = twoReplicas();
    const star = { id: 's1', author: 'carol', kind: 'star', color: '#000000', width: 2, x: 10, y: 10, w: 40, h: 40, points: 5 };
    alice.document.addItem(line('l1', 'line', 0, 0, 10, 10));
    alice.document.ydoc.transact(() => alice.document.ydoc.getArray('items').push([star]), 'a newer widget');
    alice.document.addItem(line('l2', 'line', 0, 0, 20, 20));
    network.drain();
    for (const replica of [alice, bob]) {
      assert.deepEqual(replica.document.items.map((item) => item.id), ['l1', 'l2']);
      assert.equal(replica.document.ydoc.getArray('items').length, 3, 'the unknown item is kept, not deleted');
    }
    assert.match(bob.reports.join('\n'), /refused 1 item from peer peer-0: an item of a kind this widget does not know \("star"\)/);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, bob.document.snapshot());
    assert.deepEqual(copy.getArray('items').get(1), star, 'a snapshot carries it on');
    network.destroy();
  });

  it('says what a kind that is no name at all is', () => {
    const { network, alice, bob } = twoReplicas();
    const odd: Omit<ItemMeta, 'kind'> & { kind: unknown } = { id: 'o1', author: 'x', kind: 42, color: '#000000', width: 2 };
    alice.document.ydoc.transact(() => alice.document.ydoc.getArray('items').push([odd]));
    network.drain();
    assert.match(bob.reports.join('\n'), /does not know \(number\)/);
    network.destroy();
  });
});
