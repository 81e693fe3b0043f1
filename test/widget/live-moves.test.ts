import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveItems, type LiveMessage } from '../../components/drawing/live-items.js';
import { apply, rotationAbout, translation } from '../../components/drawing/placement.js';
import { handleAt, idsInside, resizeDelta, rotateDelta } from '../../components/drawing/selection-geometry.js';
import { decodeLiveMessage, encodeLiveMessage } from '../../components/sync/live-item-exchange.js';
import { FrameKind } from '../../components/network/channel-frames.js';

const overTheWire = (message: LiveMessage) => {
  const { kind, payload } = encodeLiveMessage(message);
  return decodeLiveMessage(kind, payload);
};

describe('a selection dragged live', () => {
  it('reaches a peer as the ids once, then one map a frame, exactly, and ends with the drag', () => {
    const sender = new LiveItems();
    const receiver = new LiveItems();
    const { handle, message } = sender.beginMove(['a', 'b']);
    receiver.receive('p', overTheWire(message));
    const turn = rotationAbout(10, 20, 0.3);
    receiver.receive('p', overTheWire(sender.moveBy(handle, turn)!));
    const [move] = receiver.moves();
    assert.deepEqual([...move!.ids], ['a', 'b']);
    assert.deepEqual(move!.delta, turn, 'doubles: a turn arrives as it was sent');
    const version = receiver.movesVersion;
    receiver.receive('p', overTheWire(sender.end(handle).message));
    assert.deepEqual(receiver.moves(), []);
    assert.notEqual(receiver.movesVersion, version, 'the end tells the board layer to show the items again');
    assert.deepEqual(sender.moves(), []);
  });

  it('costs a peer 51 bytes a frame however many items move', () => {
    const sender = new LiveItems();
    const { handle } = sender.beginMove(Array.from({ length: 1000 }, (_, i) => `item-${i}`));
    const { payload } = encodeLiveMessage(sender.moveBy(handle, translation(1.5, -2))!);
    assert.ok(payload.byteLength <= 51, `${payload.byteLength} bytes`);
  });

  it('refuses a malformed map, a third drag at once, and a peer that leaves takes its drags along', () => {
    const sender = new LiveItems();
    const receiver = new LiveItems();
    const deliver = (message: LiveMessage) => receiver.receive('p', overTheWire(message));
    const first = sender.beginMove(['a']);
    deliver(first.message);
    assert.throws(() => deliver({ op: 'move', handle: first.handle, delta: [0, 0, 0, 0, 5, 5] }), /malformed placement/);
    assert.throws(() => deliver({ op: 'move', handle: first.handle, delta: [1, 0, 0, 1, Number.NaN, 0] }), /malformed placement/);
    deliver(sender.beginMove(['b']).message);
    assert.throws(() => deliver(sender.beginMove(['c']).message), /more than 2 live moves/);
    assert.throws(() => decodeLiveMessage(FrameKind.Live, Uint8Array.from([3, 1, 1, 0])), /malformed item id/);
    receiver.removePeer('p');
    assert.deepEqual(receiver.moves(), []);
  });

  it('ignores a map whose begin it missed: the drop arrives in the document', () => {
    const receiver = new LiveItems();
    receiver.receive('p', overTheWire({ op: 'move', handle: 7, delta: translation(5, 5) }));
    assert.deepEqual(receiver.moves(), []);
  });
});

describe('selection geometry', () => {
  const box = { minX: 100, minY: 100, maxX: 200, maxY: 150 };

  it('finds the grip under a point, within its reach in CSS pixels at any zoom', () => {
    assert.equal(handleAt(box, { x: 203, y: 153 }, 1), 'se');
    assert.equal(handleAt(box, { x: 150, y: 100 - 24 }, 1), 'rotate');
    assert.equal(handleAt(box, { x: 150, y: 125 }, 1), null);
    assert.equal(handleAt(box, { x: 212, y: 162 }, 2), 'se', 'zoomed out by half: a grip reaches twice as far in board units');
  });

  it('resizes about the opposite grip, keeps the ratio with Shift, and never to nothing', () => {
    const wider = resizeDelta('e', box, { x: 300, y: 0 }, false);
    assert.deepEqual(apply(wider, 100, 100), { x: 100, y: 100 }, 'the west side stays');
    assert.deepEqual(apply(wider, 200, 150), { x: 300, y: 150 });
    const corner = resizeDelta('se', box, { x: 300, y: 160 }, true);
    assert.deepEqual([corner[0], corner[3]], [2, 2], 'Shift: the larger factor both ways');
    const flat = resizeDelta('s', box, { x: 0, y: 100 }, false);
    assert.ok(Math.abs(flat[3]) > 0, 'a side dragged onto the opposite one leaves a sliver, which can be dragged back');
  });

  it('turns about the centre by the angle swept, in 15° steps with Shift', () => {
    const quarter = rotateDelta(box, { x: 150, y: 0 }, { x: 300, y: 125 }, false);
    const corner = apply(quarter, 100, 100);
    assert.ok(Math.abs(corner.x - 175) < 1e-9 && Math.abs(corner.y - 75) < 1e-9, `a quarter turn clockwise: ${JSON.stringify(corner)}`);
    const snapped = rotateDelta(box, { x: 150, y: 0 }, { x: 160, y: 0 }, true);
    assert.deepEqual(snapped.map((n) => Math.round(n * 1e9) / 1e9 + 0), [1, 0, 0, 1, 0, 0], 'a few degrees snap to none');
  });

  it('a marquee selects the items wholly inside it', () => {
    const items = [
      { id: 'in', author: 'a', kind: 'rect' as const, color: '#000000', width: 2, x: 10, y: 10, w: 20, h: 20 },
      { id: 'across', author: 'a', kind: 'rect' as const, color: '#000000', width: 2, x: 40, y: 10, w: 100, h: 20 },
      { id: 'moved-in', author: 'a', kind: 'rect' as const, color: '#000000', width: 2, x: 500, y: 500, w: 10, h: 10, at: translation(-450, -450) },
    ];
    assert.deepEqual(idsInside(items, { x: 100, y: 100 }, { x: 0, y: 0 }), ['in', 'moved-in']);
  });
});
