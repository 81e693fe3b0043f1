import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getStroke } from 'perfect-freehand';
import { strokeOutlineVertices, type OutlineOptions } from '../../components/render/stroke-outline.js';

const coordinate = fc.double({ min: -200, max: 2000, noNaN: true });
const pressure = fc.oneof(fc.constant(0.5), fc.double({ min: 0, max: 1, noNaN: true }));
/** Strokes with the shapes that take the library's special paths: 1 and 2 points, repeats, sharp turns. */
const stroke = fc.oneof(
  fc.array(fc.tuple(coordinate, coordinate, pressure), { minLength: 0, maxLength: 300 }),
  fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), pressure), { maxLength: 12 }),
  fc.array(fc.tuple(coordinate, coordinate, pressure), { minLength: 1, maxLength: 2 }),
);
const options = fc.record<OutlineOptions>({
  size: fc.oneof(fc.constantFrom(2, 6, 16, 48), fc.double({ min: 0, max: 100, noNaN: true })),
  thinning: fc.constantFrom(0.5, 0, 0.8),
  smoothing: fc.constantFrom(0.5, 0.2),
  streamline: fc.constantFrom(0.4, 0.5, 0),
  simulatePressure: fc.boolean(),
  last: fc.boolean(),
});

describe('stroke outline', () => {
  it('is perfect-freehand’s getStroke, to the last bit', () => {
    fc.assert(
      fc.property(stroke, options, (points, opts) => {
        const ours = [...strokeOutlineVertices(points.flat(), opts)];
        const theirs = getStroke(points, { ...opts, easing: (t) => t }).flat();
        assert.deepEqual(ours, theirs);
      }),
      { numRuns: 2000 },
    );
  });

  it('follows a drawn line: a 200-point mouse stroke gives a closed outline around it', () => {
    const points: number[] = [];
    for (let i = 0; i < 200; i++) points.push(100 + i * 3, 300 + Math.sin(i / 10) * 40, 0.5);
    const outline = [...strokeOutlineVertices(points, { size: 6, thinning: 0.5, smoothing: 0.5, streamline: 0.4, simulatePressure: true, last: true })];
    const xs = outline.filter((_, i) => i % 2 === 0);
    assert.ok(outline.length > 200, `${outline.length / 2} vertices`);
    assert.ok(Math.min(...xs) < 100 && Math.max(...xs) > 697, 'the outline spans the stroke');
  });
});
