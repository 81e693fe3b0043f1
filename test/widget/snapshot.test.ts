import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ItemMeta } from '../../components/drawing/board-items.js';
import { DrawingDocument } from '../../components/drawing/document.js';

const stroke = (id: string): ItemMeta => ({ id, author: 'ada', kind: 'stroke', color: '#cf1717', width: 4 });
const ids = (document: DrawingDocument) => document.items.map((item) => item.id);

function boardOf(...strokes: string[]): DrawingDocument {
  const document = new DrawingDocument();
  for (const id of strokes) {
    document.beginAction();
    document.addItem(stroke(id), [10, 10, 0.5, 40, 30, 0.5]);
  }
  document.setBackground('#ffe066');
  return document;
}

describe('snapshot() and load(): the board as bytes, merged into another', () => {
  it('carries items, their points and the background into an empty board', () => {
    const source = boardOf('a', 'b');
    const target = new DrawingDocument();
    target.load(source.snapshot());
    assert.deepEqual(ids(target), ['a', 'b']);
    assert.deepEqual(target.items, source.items);
    assert.equal(target.background, '#ffe066');
  });

  it('merges with what the board has, and doubles nothing when the same snapshot comes twice', () => {
    const source = boardOf('a', 'b');
    const target = boardOf('c');
    target.load(source.snapshot());
    target.load(source.snapshot());
    assert.deepEqual(ids(target).sort(), ['a', 'b', 'c']);
  });

  it('is one undoable change: undo takes back what the load brought, and only that', () => {
    const target = boardOf('c');
    target.load(boardOf('a', 'b').snapshot());
    target.undo();
    assert.deepEqual(ids(target), ['c']);
    target.redo();
    assert.deepEqual(ids(target).sort(), ['a', 'b', 'c']);
  });

  it('refuses bytes that are not a snapshot, saying so, and leaves the board as it was', () => {
    const target = boardOf('c');
    assert.throws(() => target.load(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x01])), /load\(\): these 5 bytes are not a board snapshot/);
    assert.deepEqual(ids(target), ['c']);
  });
});
