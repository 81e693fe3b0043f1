import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as Y from 'yjs';
import { splitUpdate } from '../../components/sync/update-parts.js';

/** What a reader sees of a document: its content and its state vector (what it holds). */
function contentOf(doc: Y.Doc): unknown {
  return {
    items: doc.getArray('items').toJSON(),
    board: doc.getMap('board').toJSON(),
    text: doc.getText('text').toString(),
    state: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(),
  };
}

function docOf(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Edits by two writers, merged: items pushed one by one (Yjs joins them into few structs), deletes, text, a map. */
const edits = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('push' as const), writer: fc.integer({ min: 0, max: 1 }), bytes: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ kind: fc.constant('delete' as const), writer: fc.integer({ min: 0, max: 1 }), at: fc.nat() }),
    fc.record({ kind: fc.constant('type' as const), writer: fc.integer({ min: 0, max: 1 }), text: fc.string({ minLength: 1, maxLength: 80 }) }),
    fc.record({ kind: fc.constant('set' as const), writer: fc.integer({ min: 0, max: 1 }), value: fc.string({ maxLength: 30 }) }),
  ),
  { minLength: 1, maxLength: 60 },
);

type Edit = { kind: string; writer: number } & Record<string, unknown>;

function replay(steps: Edit[]): Y.Doc[] {
  const writers = [new Y.Doc(), new Y.Doc()];
  steps.forEach((step, index) => {
    const doc = writers[step.writer]!;
    if (step.kind === 'push') doc.getArray('items').push([{ id: `item-${index}`, points: new Uint8Array(step.bytes as number).fill(index % 251) }]);
    const items = doc.getArray('items');
    if (step.kind === 'delete' && items.length > 0) items.delete((step.at as number) % items.length, 1);
    if (step.kind === 'type') doc.getText('text').insert(doc.getText('text').length, step.text as string);
    if (step.kind === 'set') doc.getMap('board').set('background', step.value);
    // Sometimes the writers meet: later edits then build on each other's.
    if (index % 7 === 6) {
      Y.applyUpdate(writers[0]!, Y.encodeStateAsUpdate(writers[1]!));
      Y.applyUpdate(writers[1]!, Y.encodeStateAsUpdate(writers[0]!));
    }
  });
  return writers;
}

describe('splitUpdate: an update cut into updates of at most a size', () => {
  it('cuts a merged board into parts no larger than the limit that together hold exactly the same, in any order', () => {
    fc.assert(
      // Items of at most 400 bytes of points: every clock fits a part, so no part may be larger.
      fc.property(edits, fc.integer({ min: 700, max: 3000 }), fc.boolean(), (steps, maxBytes, reversed) => {
        const writers = replay(steps);
        const update = Y.mergeUpdates(writers.map((doc) => Y.encodeStateAsUpdate(doc)));
        const parts = splitUpdate(update, maxBytes);
        for (const part of parts) assert.ok(part.length <= maxBytes, `a part of ${part.length} bytes, over ${maxBytes}`);
        const whole = docOf([update]);
        assert.deepEqual(contentOf(docOf(reversed ? [...parts].reverse() : parts)), contentOf(whole));
      }),
      { numRuns: 150 },
    );
  });

  it('cuts an update that starts after a gap (what a peer holds is not in it) and keeps it as it is', () => {
    const doc = new Y.Doc();
    const items = doc.getArray<unknown>('items');
    const draw = (count: number) => {
      for (let index = 0; index < count; index++) items.push([{ id: `s${items.length}`, points: new Uint8Array(100) }]);
    };
    draw(150);
    const fromAPeer = Y.encodeStateAsUpdate(doc);
    draw(250);
    const afterTheGap = Y.encodeStateAsUpdate(doc, Y.encodeStateVectorFromUpdate(fromAPeer));
    const parts = splitUpdate(afterTheGap, 4096);
    assert.ok(parts.length > 5);
    for (const part of parts) assert.ok(part.length <= 4096);
    assert.deepEqual(Y.encodeStateVectorFromUpdate(Y.mergeUpdates(parts)), Y.encodeStateVectorFromUpdate(afterTheGap));
    // A reader holds the parts until what came before them arrives (from the peer), then shows everything.
    const reader = docOf(parts);
    assert.equal(reader.getArray('items').length, 0);
    Y.applyUpdate(reader, fromAPeer);
    assert.deepEqual(contentOf(reader), contentOf(doc));
  });

  it('leaves one clock larger than the limit as a part of its own, for the caller to refuse', () => {
    const doc = new Y.Doc();
    doc.getMap('board').set('huge', new Uint8Array(5000));
    doc.getArray('items').push(['small']);
    const parts = splitUpdate(Y.encodeStateAsUpdate(doc), 1000);
    assert.equal(parts.filter((part) => part.length > 1000).length, 1);
    assert.deepEqual(contentOf(docOf(parts)), contentOf(doc));
  });
});
