import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasConstantPressure } from '../../components/drawing/point-codec.js';
import { strokeOutline } from '../../components/render/item-painter.js';
import { strokeOutlineVertices } from '../../components/render/stroke-outline.js';

/** A wavy stroke of 50 points, pressure given per point. */
const wavy = (pressureAt: (i: number) => number) =>
  Array.from({ length: 50 }, (_, i) => [100 + i * 4, 300 + Math.sin(i / 6) * 30, pressureAt(i)]).flat();
const outlineOptions = { size: 8, thinning: 0.5, smoothing: 0.5, streamline: 0.4, last: true };

describe('constant pressure (mouse and touch report none)', () => {
  it('is one pressure on every point, to the 1/100 that is stored', () => {
    assert.equal(hasConstantPressure(wavy(() => 0.5)), true);
    assert.equal(hasConstantPressure(wavy((i) => (i === 30 ? 0.51 : 0.5))), false, 'one point differs by 1/100');
    assert.equal(hasConstantPressure(wavy((i) => 0.5 + i * 0.00005)), true, 'differences under 1/100 are not stored');
    assert.equal(hasConstantPressure([10, 10, 0.3]), true, 'a single point');
    assert.equal(hasConstantPressure([]), true);
  });

  it('is painted with simulated pressure; a pen stroke is painted with its own', () => {
    const mouse = wavy(() => 0.5);
    const pen = wavy((i) => 0.2 + (i % 10) / 20);
    assert.deepEqual(strokeOutline({ points: mouse, width: 4 }, true), strokeOutlineVertices(mouse, { ...outlineOptions, simulatePressure: true }));
    assert.deepEqual(strokeOutline({ points: pen, width: 4 }, true), strokeOutlineVertices(pen, { ...outlineOptions, simulatePressure: false }));
    assert.notDeepEqual(strokeOutlineVertices(pen, { ...outlineOptions, simulatePressure: true }), strokeOutlineVertices(pen, { ...outlineOptions, simulatePressure: false }));
  });
});
