import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as Y from 'yjs';
import type { ItemMeta } from '../../components/drawing/board-items.js';
import { Network } from './replicas.js';
import { compose, rotationAbout, translation } from '../../components/drawing/placement.js';

type Operation =
  | { op: 'draw'; replica: number; points: number[] }
  | { op: 'shape'; replica: number; kind: 'rect' | 'ellipse' | 'text' }
  | { op: 'erase'; replica: number; pick: number }
  | { op: 'move'; replica: number; pick: number; dx: number; dy: number; turn: number }
  | { op: 'duplicate'; replica: number; pick: number }
  | { op: 'undo' | 'redo' | 'clear'; replica: number }
  | { op: 'background'; replica: number; color: string }
  | { op: 'deliver'; pick: number; duplicate: boolean }
  | { op: 'partition' | 'heal'; a: number; b: number };

const REPLICAS = 3;
const replica = fc.integer({ min: 0, max: REPLICAS - 1 });
const point = fc.tuple(fc.integer({ min: 0, max: 12800 }), fc.integer({ min: 0, max: 8000 }), fc.integer({ min: 0, max: 100 }))
  .map(([x, y, p]) => [x / 8, y / 8, p / 100]);
const points = fc.array(point, { minLength: 1, maxLength: 12 }).map((list) => list.flat());

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('draw' as const), replica, points }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('shape' as const), replica, kind: fc.constantFrom('rect' as const, 'ellipse' as const, 'text' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('erase' as const), replica, pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('move' as const), replica, pick: fc.nat(), dx: fc.integer({ min: -50, max: 50 }), dy: fc.integer({ min: -50, max: 50 }), turn: fc.constantFrom(0, 0.5) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), replica, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('undo' as const, 'redo' as const), replica }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('clear' as const), replica }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('background' as const), replica, color: fc.constantFrom('#ffffff', '#ffe066', '#212529') }) },
  { weight: 8, arbitrary: fc.record({ op: fc.constant('deliver' as const), pick: fc.nat(), duplicate: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('partition' as const, 'heal' as const), a: replica, b: replica }) },
);

let nextId = 0;
function meta(author: number, kind: ItemMeta['kind']): ItemMeta {
  const base = { id: `item-${nextId++}`, author: `author-${author}`, color: '#cf1717', width: 4 };
  if (kind === 'stroke') return { ...base, kind };
  if (kind === 'text') return { ...base, kind, x: 10, y: 20, text: `note ${nextId}`, fontSize: 24 };
  return { ...base, kind, x: 100, y: 120, w: 50, h: -30 };
}

function run(operations: Operation[]): Network {
  const network = new Network(REPLICAS);
  for (const step of operations) {
    switch (step.op) {
      case 'draw': {
        const document = network.replicas[step.replica]!.document;
        const item = meta(step.replica, 'stroke');
        document.beginAction();
        document.addItem(item, step.points);
        break;
      }
      case 'shape':
        network.replicas[step.replica]!.document.beginAction();
        network.replicas[step.replica]!.document.addItem(meta(step.replica, step.kind));
        break;
      case 'erase': {
        const document = network.replicas[step.replica]!.document;
        const items = document.items;
        if (items.length === 0) break;
        document.beginAction();
        document.erase(new Set([items[step.pick % items.length]!.id]));
        break;
      }
      case 'move': {
        // As the select tool moves (and turns) an item: its new placement after the one it has, in one action.
        const document = network.replicas[step.replica]!.document;
        const items = document.items;
        if (items.length === 0) break;
        const { id } = items[step.pick % items.length]!;
        const moved = compose(compose(translation(step.dx, step.dy), rotationAbout(100, 100, step.turn)), document.placementOf(id));
        document.beginAction();
        document.place(new Map([[id, moved]]));
        break;
      }
      case 'duplicate': {
        const document = network.replicas[step.replica]!.document;
        const items = document.items;
        if (items.length === 0) break;
        document.beginAction();
        document.paste(document.copyOf(new Set([items[step.pick % items.length]!.id])), 10, 10, `author-${step.replica}`);
        break;
      }
      case 'undo':
      case 'redo':
        network.replicas[step.replica]!.document[step.op]();
        break;
      case 'clear':
        network.replicas[step.replica]!.document.beginAction();
        network.replicas[step.replica]!.document.clear(`replica ${step.replica}`);
        break;
      case 'background':
        network.replicas[step.replica]!.document.beginAction();
        network.replicas[step.replica]!.document.setBackground(step.color);
        break;
      case 'deliver':
        network.deliver(step.pick, step.duplicate);
        break;
      case 'partition':
        network.partition(step.a, step.b);
        break;
      case 'heal':
        network.heal(step.a, step.b);
        break;
    }
  }
  network.healAll();
  network.drain();
  return network;
}

describe('the shared document converges', () => {
  it('ends identical on every replica after random edits, undo/redo, delays, duplicates, reordering and healed partitions', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 80 }), (operations) => {
        const network = run(operations);
        try {
          const [first, ...others] = network.replicas;
          const expected = JSON.stringify({ items: first!.document.items, background: first!.document.background });
          for (const other of others) {
            assert.equal(JSON.stringify({ items: other.document.items, background: other.document.background }), expected);
            assert.deepEqual(Y.encodeStateVector(other.document.ydoc), Y.encodeStateVector(first!.document.ydoc));
          }
          for (const { reports } of network.replicas) assert.deepEqual(reports, [], 'no message was refused');
        } finally {
          network.destroy();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('applies an update that arrives from several peers once', () => {
    const network = new Network(3);
    network.drain();
    const [a, b, c] = network.replicas as [typeof network.replicas[0], typeof network.replicas[0], typeof network.replicas[0]];
    a.document.addItem(meta(0, 'stroke'), [1, 2, 0.5, 3, 4, 0.5]);
    const fromA = network.pool.filter((envelope) => envelope.to === 2);
    // c hears the same update from a directly and, forwarded, "from b".
    network.drain();
    for (const envelope of fromA) c.sync.receive('peer-1', envelope.bytes.slice().buffer);
    assert.equal(c.document.items.length, 1);
    assert.equal(b.document.items.length, 1);
    network.destroy();
  });

  it('undo removes only the local user\'s own strokes', () => {
    const network = new Network(2);
    const [alice, bob] = network.replicas as [typeof network.replicas[0], typeof network.replicas[0]];
    alice.document.beginAction();
    alice.document.addItem(meta(0, 'stroke'), [1, 1, 0.5]);
    network.drain();
    bob.document.beginAction();
    bob.document.addItem(meta(1, 'stroke'), [2, 2, 0.5]);
    network.drain();
    alice.document.undo();
    alice.document.undo();
    network.drain();
    for (const { document } of network.replicas) {
      assert.deepEqual(document.items.map((item) => item.author), ['author-1'], 'bob\'s stroke survives alice\'s undo');
    }
    alice.document.redo();
    network.drain();
    for (const { document } of network.replicas) assert.equal(document.items.length, 2);
    network.destroy();
  });
});
