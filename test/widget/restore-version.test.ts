import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as Y from 'yjs';
import type { ItemMeta } from '../../components/drawing/board-items.js';
import { reshapeItems } from '../../components/drawing/board-version.js';
import { DrawingDocument } from '../../components/drawing/document.js';

const stroke = (id: string): ItemMeta => ({ id, author: 'ada', kind: 'stroke', color: '#cf1717', width: 4 });
const ids = (document: DrawingDocument) => document.items.map((item) => item.id);

function draw(document: DrawingDocument, ...strokes: string[]): void {
  for (const id of strokes) {
    document.beginAction();
    document.addItem(stroke(id), [10, 10, 0.5, 40, 30, 0.5]);
  }
}

/** Two replicas of one board, kept in step both ways as peers would be. */
function pair(): [DrawingDocument, DrawingDocument] {
  const a = new DrawingDocument();
  const b = new DrawingDocument();
  a.ydoc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(b.ydoc, update, 'peer'));
  b.ydoc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(a.ydoc, update, 'peer'));
  return [a, b];
}

describe('restoreVersion(): the board made what a saved version showed', () => {
  it('brings back what was cleared since, in its order and with its background, for every peer', () => {
    const [a, b] = pair();
    draw(a, 's1', 's2');
    draw(b, 's3');
    a.setBackground('#ffe066');
    const saved = a.snapshot();
    const before = a.items;
    b.clear('Bo');
    b.setBackground('#ffffff');
    assert.deepEqual(ids(a), []);
    a.restoreVersion(saved);
    for (const replica of [a, b]) {
      assert.deepEqual(ids(replica), ['s1', 's2', 's3']);
      assert.deepEqual(replica.items, before);
      assert.equal(replica.background, '#ffe066');
    }
  });

  it('removes what was drawn since and keeps what both hold untouched', () => {
    const board = new DrawingDocument();
    draw(board, 's1', 's2');
    const saved = board.snapshot();
    board.erase(new Set(['s1']));
    draw(board, 's3', 's4');
    const untouched = board.ydoc.getArray('items').toArray()[0];
    board.restoreVersion(saved);
    assert.deepEqual(ids(board), ['s1', 's2']);
    assert.equal(board.ydoc.getArray('items').toArray()[1], untouched, 's2 is the same stored item, not a copy');
  });

  it('is one change that undo takes back whole, and redo brings again', () => {
    const board = new DrawingDocument();
    draw(board, 's1', 's2');
    const saved = board.snapshot();
    board.clear('Ada');
    draw(board, 's3');
    board.restoreVersion(saved);
    assert.deepEqual(ids(board), ['s1', 's2']);
    board.undo();
    assert.deepEqual(ids(board), ['s3']);
    board.redo();
    assert.deepEqual(ids(board), ['s1', 's2']);
  });

  it('changes nothing when the board already is that version: no update at all', () => {
    const board = new DrawingDocument();
    draw(board, 's1', 's2');
    board.setBackground('#ffe066');
    let updates = 0;
    board.ydoc.on('update', () => updates++);
    board.restoreVersion(board.snapshot());
    assert.equal(updates, 0);
  });

  it('takes out again what a restore of a clear put back after the version was saved', () => {
    const board = new DrawingDocument();
    draw(board, 's1', 's2');
    board.clear('Ada');
    draw(board, 's3');
    const saved = board.snapshot();
    board.restoreClear();
    assert.deepEqual(ids(board), ['s1', 's2', 's3']);
    board.restoreVersion(saved);
    assert.deepEqual(ids(board), ['s3']);
  });

  it('refuses bytes that are not a board snapshot, in words, before changing anything', () => {
    const board = new DrawingDocument();
    draw(board, 's1');
    assert.throws(() => board.restoreVersion(new Uint8Array([0xff, 0xff, 0xff, 0x01])), /these 4 bytes are not a board snapshot/);
    assert.deepEqual(ids(board), ['s1']);
  });

  it('previews a version as the board would paint it, without touching any board', () => {
    const board = new DrawingDocument();
    draw(board, 's1', 's2');
    board.setBackground('#ffe066');
    const version = DrawingDocument.versionOf(board.snapshot());
    assert.deepEqual(version.items, board.items);
    assert.equal(version.background, '#ffe066');
  });
});

describe('reshapeItems(): a list of stored items edited into another by id', () => {
  it('deletes what is not wanted, inserts what is missing and moves what is out of order', () => {
    const doc = new Y.Doc();
    const items = doc.getArray<unknown>('items');
    items.push([{ id: 'c' }, { id: 'x' }, { id: 'a' }]);
    doc.transact(() => reshapeItems(items, [{ id: 'a' }, { id: 'b' }, { id: 'c' }]));
    assert.deepEqual(items.toJSON(), [{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
  });
});
