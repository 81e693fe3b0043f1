import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ItemMeta } from '../../components/drawing/board-items.js';
import { DrawingDocument } from '../../components/drawing/document.js';
import { itemsAt, topItemAt } from '../../components/drawing/hit-test.js';
import { itemBounds } from '../../components/drawing/item-bounds.js';
import { IDENTITY, apply, compose, invert, readPlacement, rotationAbout, scalingAbout, translation } from '../../components/drawing/placement.js';
import { Network } from './replicas.js';

const rect = (id: string, x = 100, y = 100): ItemMeta => ({ id, author: 'ada', kind: 'rect', color: '#1e40af', width: 2, x, y, w: 50, h: 20 });
const near = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);

describe('placements: where the select tool puts an item', () => {
  it('composes, applies and inverts as affine maps do', () => {
    const turnThenShift = compose(translation(10, 0), rotationAbout(0, 0, Math.PI / 2));
    const point = apply(turnThenShift, 1, 0);
    near(point.x, 10);
    near(point.y, 1);
    const back = apply(invert(turnThenShift), point.x, point.y);
    near(back.x, 1);
    near(back.y, 0);
    const scaled = apply(scalingAbout(100, 100, 2, 3), 110, 110);
    assert.deepEqual(scaled, { x: 120, y: 130 });
  });

  it('refuses placements that are malformed, collapsed, huge or far away', () => {
    assert.deepEqual(readPlacement([1, 0, 0, 1, 5, 5]), [1, 0, 0, 1, 5, 5]);
    for (const bad of [null, 'x', [1, 0, 0, 1, 5], [1, 0, 0, 1, 5, Number.NaN], [0, 0, 0, 0, 0, 0], [1e5, 0, 0, 1e5, 0, 0], [1, 0, 0, 1, 1e7, 0], [1, 0, 0, 1, '5', 5]]) {
      assert.equal(readPlacement(bad), null, JSON.stringify(bad));
    }
  });

  it('moves an item as one undoable change: bounds, hit test and undo follow', () => {
    const document = new DrawingDocument();
    document.addItem(rect('a'));
    document.beginAction();
    document.place(new Map([['a', translation(200, 0)]]));
    const [moved] = document.items;
    assert.deepEqual(moved!.at, [1, 0, 0, 1, 200, 0]);
    assert.deepEqual(itemBounds(moved!), { minX: 299, minY: 99, maxX: 351, maxY: 121 });
    assert.equal(topItemAt(document.items, 300, 110, 2)?.id, 'a', 'found where it is now');
    assert.equal(itemsAt(document.items, 100, 110, 2).size, 0, 'not where it was drawn');
    document.undo();
    assert.equal(document.items[0]!.at, undefined, 'undo puts it back where it was drawn');
    assert.deepEqual(document.placementOf('a'), IDENTITY);
  });

  it('hit-tests a scaled and turned item where it shows, with the radius in board units', () => {
    const document = new DrawingDocument();
    document.addItem({ id: 'line', author: 'ada', kind: 'line', color: '#000000', width: 1, x: 0, y: 0, w: 10, h: 0 });
    document.place(new Map([['line', compose(rotationAbout(0, 0, Math.PI / 2), scalingAbout(0, 0, 10, 10))]]));
    assert.equal(topItemAt(document.items, 0, 90, 1)?.id, 'line', 'the turned line now runs down the y axis to 100');
    assert.equal(topItemAt(document.items, 90, 0, 1), null);
    assert.equal(topItemAt(document.items, 5, 50, 2)?.id, 'line', 'its width scaled with it: 10 board pixels');
    assert.equal(topItemAt(document.items, 20, 50, 2), null, '20 board pixels off is beyond a radius of 2 plus the scaled width');
  });

  it('forgets an erased item\'s placement, and undo brings both back', () => {
    const document = new DrawingDocument();
    document.addItem(rect('a'));
    document.place(new Map([['a', translation(5, 5)]]));
    document.beginAction();
    document.erase(new Set(['a']));
    assert.deepEqual(document.placementOf('a'), IDENTITY);
    document.undo();
    assert.deepEqual(document.items[0]!.at, [1, 0, 0, 1, 5, 5]);
  });

  it('pastes copies as new items of the paster, shifted after their placement, in one undo step', () => {
    const document = new DrawingDocument();
    document.addItem(rect('a'));
    document.addItem({ id: 's', author: 'ada', kind: 'stroke', color: '#000000', width: 2 }, [0, 0, 0.5, 10, 10, 0.5]);
    document.place(new Map([['a', translation(1, 2)]]));
    document.beginAction();
    const ids = document.paste(document.copyOf(new Set(['a', 's'])), 20, 30, 'bob');
    assert.equal(ids.length, 2);
    const pasted = document.items.slice(2);
    assert.deepEqual(pasted.map((item) => item.id), ids, 'on top, in board order');
    assert.deepEqual(pasted.map((item) => item.author), ['bob', 'bob']);
    assert.deepEqual(pasted[0]!.at, [1, 0, 0, 1, 21, 32]);
    assert.deepEqual(pasted[1]!.at, [1, 0, 0, 1, 20, 30]);
    assert.deepEqual(pasted[1]!.kind === 'stroke' && Array.from(pasted[1]!.points), [0, 0, 0.5, 10, 10, 0.5]);
    document.undo();
    assert.equal(document.items.length, 2);
  });

  it('converges on one placement, and one item, when two people move the same item at once', () => {
    const network = new Network(2);
    const [alice, bob] = network.replicas as [typeof network.replicas[0], typeof network.replicas[0]];
    alice.document.addItem(rect('a'));
    network.drain();
    alice.document.place(new Map([['a', translation(100, 0)]]));
    bob.document.place(new Map([['a', translation(0, 100)]]));
    network.drain();
    assert.equal(alice.document.items.length, 1);
    assert.deepEqual(alice.document.items, bob.document.items);
    assert.ok([100, 0].includes(alice.document.items[0]!.at![4]), 'one of the two moves won whole');
    network.destroy();
  });

  it('restoring a saved version puts its items back where they were then', () => {
    const document = new DrawingDocument();
    document.addItem(rect('a'));
    document.place(new Map([['a', translation(10, 0)]]));
    const version = document.snapshot();
    document.place(new Map([['a', translation(99, 0)]]));
    document.restoreVersion(version, 'ada');
    assert.deepEqual(document.items[0]!.at, [1, 0, 0, 1, 10, 0]);
    assert.deepEqual(DrawingDocument.versionOf(version).items[0]!.at, [1, 0, 0, 1, 10, 0], 'the preview shows it placed too');
  });

  it('ignores a malformed placement from a peer: the item shows where it was drawn', () => {
    const document = new DrawingDocument();
    document.addItem(rect('a'));
    document.ydoc.getMap('placements').set('a', [1, 0, 0, 1, 'far', 0]);
    assert.equal(document.items[0]!.at, undefined);
  });
});
