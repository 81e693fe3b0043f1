import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkItemMeta } from '../../components/drawing/board-items.js';
import { itemsAt } from '../../components/drawing/hit-test.js';
import { Network, type Replica } from './replicas.js';

const base = { id: 'i1', author: 'alice', color: '#1760cf', width: 4 };
const metaOf = (value: object) => {
  const checked = checkItemMeta(value);
  if ('problem' in checked) throw new Error(checked.problem);
  return checked.meta;
};

describe('filled shapes and dashed strokes', () => {
  it('keep their fill and dash, and a solid outline stays exactly as items were before', () => {
    assert.deepEqual(metaOf({ ...base, kind: 'rect', x: 1, y: 2, w: 30, h: 40, fill: true, dash: true }),
      { ...base, kind: 'rect', x: 1, y: 2, w: 30, h: 40, fill: true, dash: true });
    assert.deepEqual(metaOf({ ...base, kind: 'stroke', dash: true }), { ...base, kind: 'stroke', dash: true });
    assert.deepEqual(metaOf({ ...base, kind: 'ellipse', x: 1, y: 2, w: 30, h: 40, fill: false, dash: false }),
      { ...base, kind: 'ellipse', x: 1, y: 2, w: 30, h: 40 }, 'off is absent');
    assert.deepEqual(metaOf({ ...base, kind: 'arrow', x: 1, y: 2, w: 30, h: 40, fill: true }),
      { ...base, kind: 'arrow', x: 1, y: 2, w: 30, h: 40 }, 'a line has no inside to fill');
  });

  it('refuses a fill or dash that is not a yes or no', () => {
    assert.deepEqual(checkItemMeta({ ...base, kind: 'rect', x: 1, y: 2, w: 3, h: 4, fill: 'yes' }), { problem: 'malformed dash or fill' });
    assert.deepEqual(checkItemMeta({ ...base, kind: 'stroke', dash: [4, 2] }), { problem: 'malformed dash or fill' });
  });

  it('reach a peer as drawn', () => {
    const network = new Network(2);
    const [alice, bob] = network.replicas as [Replica, Replica];
    network.drain();
    alice.document.addItem({ ...base, kind: 'ellipse', x: 100, y: 100, w: 50, h: 50, fill: true });
    alice.document.addItem({ ...base, id: 'i2', kind: 'line', x: 100, y: 100, w: 50, h: 50, dash: true });
    network.drain();
    assert.deepEqual(bob.document.items, alice.document.items);
    assert.deepEqual(bob.document.items.map((item) => [item.kind, 'fill' in item && item.fill, item.dash]), [['ellipse', true, undefined], ['line', false, true]]);
    network.destroy();
  });

  it('a filled shape is erased from anywhere inside it, an outline only near its edge', () => {
    const outlined = [{ ...base, kind: 'rect' as const, x: 100, y: 100, w: 200, h: 200 }, { ...base, id: 'e', kind: 'ellipse' as const, x: 400, y: 100, w: 200, h: 100 }];
    const filled = outlined.map((item) => ({ ...item, fill: true as const }));
    assert.deepEqual([...itemsAt(outlined, 200, 200, 6), ...itemsAt(outlined, 500, 150, 6)], []);
    assert.deepEqual([...itemsAt(filled, 200, 200, 6), ...itemsAt(filled, 500, 150, 6)], ['i1', 'e']);
    assert.deepEqual([...itemsAt(filled, 405, 105, 6)], [], 'a filled ellipse\'s box corner is outside it');
  });
});
