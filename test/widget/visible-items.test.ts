import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { BoardItem, StrokeItem } from '../../components/drawing/board-items.js';
import { contentBounds } from '../../components/drawing/item-bounds.js';
import type { BoardBounds } from '../../components/drawing/view.js';
import { strokeOutline } from '../../components/render/item-painter.js';
import { paintCost, paintReach, visibleItems } from '../../components/render/visible-items.js';

const stroke = (id: string, points: number[], width = 4): StrokeItem => ({ id, author: 'a', kind: 'stroke', color: '#000000', width, points });
const rect = (id: string, x: number, y: number, w = 50, h = 50): BoardItem => ({ id, author: 'a', kind: 'rect', color: '#000000', width: 2, x, y, w, h });
const SHOWN: BoardBounds = { minX: 0, minY: 0, maxX: 1600, maxY: 1000 };

describe('which items a view shows', () => {
  it('leaves out items wholly outside the area and keeps, in paint order, those that reach into it', () => {
    const items = [rect('far-left', -5000, 100), rect('inside', 100, 100), rect('straddling', 1580, 980), rect('far-below', 100, 9000), stroke('inside-stroke', [10, 10, 0.5, 20, 20, 0.5])];
    assert.deepEqual(visibleItems(items, SHOWN).map((item) => item.id), ['inside', 'straddling', 'inside-stroke']);
  });

  it('keeps a pen stroke whose pressure outline reaches into the area though its points and their half width do not', () => {
    // Full pressure: the outline's radius is 1.5 widths, beyond item-bounds' half width.
    const points = [0, 500, 1, 50, 500, 1, 100, 500, 1];
    const item = stroke('just-left', points, 10);
    const area = { ...SHOWN, minX: 100 + 7 };
    const outlineRight = Math.max(...[...strokeOutline(item, true)].filter((_, i) => i % 2 === 0));
    assert.ok(outlineRight > area.minX, `the outline reaches x ${outlineRight}, into the area`);
    assert.ok(contentBounds([item])!.maxX < area.minX, 'item-bounds alone would leave it out');
    assert.deepEqual(visibleItems([item], area).map(({ id }) => id), ['just-left']);
  });

  it('reaches as far as any stroke outline does, whatever its width, pressure and points', () => {
    const point = fc.tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(fc.property(fc.array(point, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 40 }), (points, width) => {
      const item = stroke('s', points.flat(), width);
      const reach = paintReach(item)!;
      const outline = strokeOutline(item, true);
      for (let i = 0; i < outline.length; i += 2) {
        const [x, y] = [outline[i]!, outline[i + 1]!];
        assert.ok(x >= reach.minX && x <= reach.maxX && y >= reach.minY && y <= reach.maxY, `(${x}, ${y}) lies outside ${JSON.stringify(reach)}`);
      }
    }));
  });

  it('keeps a stroke the select tool scaled up whose thickened outline reaches into the area', () => {
    // Drawn 10 wide along y = 500 from x 0 to 100, then scaled 10× (and moved up to y = 500): 100 wide, to x 1,000.
    const drawn = stroke('scaled', [0, 500, 1, 50, 500, 1, 100, 500, 1], 10);
    const scaled: StrokeItem = { ...drawn, at: [10, 0, 0, 10, 0, -4500] };
    const outlineRight = 10 * Math.max(...[...strokeOutline(drawn, true)].filter((_, i) => i % 2 === 0));
    const area = { ...SHOWN, minX: outlineRight - 5 };
    assert.ok(contentBounds([scaled])!.maxX < area.minX, 'its placed bounds alone would leave it out');
    assert.deepEqual(visibleItems([scaled], area).map(({ id }) => id), ['scaled']);
  });

  it('allows text a full em a character beyond the monospace guess, for wide glyphs', () => {
    const text: BoardItem = { id: 't', author: 'a', kind: 'text', color: '#000000', width: 1, x: 0, y: 0, text: 'WWWW', fontSize: 20 };
    // Four W's in a proportional font are ≈ 4 em wide: 80 units, where the guess says 48.
    assert.deepEqual(visibleItems([text], { minX: 70, minY: 0, maxX: 200, maxY: 100 }).map(({ id }) => id), ['t']);
  });

  it('counts a stroke\'s points and one for a shape or text as the cost of painting them', () => {
    assert.equal(paintCost([stroke('s', [0, 0, 0.5, 1, 1, 0.5, 2, 2, 0.5]), rect('r', 0, 0)]), 3 + 1 + 1);
  });
});
