import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ANGLE_STEP_DEGREES, constrainedBox } from '../../components/drawing/shape-constraints.js';

const BOARD = { width: 1600, height: 1000 };
const onBoard = fc.record({ x: fc.double({ min: 0, max: 1600, noNaN: true }), y: fc.double({ min: 0, max: 1000, noNaN: true }) });
const degreesOf = (w: number, h: number) => (Math.atan2(h, w) * 180) / Math.PI;
const near = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: expected ${expected}, got ${actual}`);

describe('Shift constraints on a dragged line or shape', () => {
  it('turns a line to the nearest 15° step and keeps its length', () => {
    const box = constrainedBox('line', { x: 100, y: 100 }, { x: 300, y: 140 }, BOARD);
    near(degreesOf(box.w, box.h), 15, 'a drag 11.3° below the horizontal snaps to 15°');
    near(Math.hypot(box.w, box.h), Math.hypot(200, 40), 'length');
    assert.deepEqual([box.x, box.y], [100, 100], 'the line starts where it was pressed');
    const upward = constrainedBox('arrow', { x: 500, y: 500 }, { x: 500.5, y: 300 }, BOARD);
    assert.equal(upward.w, 0, 'an almost vertical drag is exactly vertical, no rounding dust');
    near(upward.h, -Math.hypot(0.5, 200), 'upwards, as long as the drag');
  });

  it('ends every constrained line on a 15° step, inside the board, no longer than the drag', () => {
    fc.assert(
      fc.property(onBoard, onBoard, (origin, pointer) => {
        const box = constrainedBox('line', origin, pointer, BOARD);
        const length = Math.hypot(box.w, box.h);
        assert.ok(length <= Math.hypot(pointer.x - origin.x, pointer.y - origin.y) + 1e-9);
        if (length > 1e-6) {
          const steps = degreesOf(box.w, box.h) / ANGLE_STEP_DEGREES;
          assert.ok(Math.abs(steps - Math.round(steps)) < 1e-6, `angle ${degreesOf(box.w, box.h)}° is on a step`);
        }
        for (const [end, size] of [[box.x + box.w, 1600], [box.y + box.h, 1000]] as const) {
          assert.ok(end >= -1e-9 && end <= size + 1e-9, `the far end ${end} is on the board (0…${size})`);
        }
      }),
    );
  });

  it('makes a rectangle or ellipse square, as large as the larger side, in the direction dragged', () => {
    assert.deepEqual(constrainedBox('rect', { x: 400, y: 400 }, { x: 500, y: 430 }, BOARD), { x: 400, y: 400, w: 100, h: 100 });
    assert.deepEqual(constrainedBox('ellipse', { x: 400, y: 400 }, { x: 380, y: 300 }, BOARD), { x: 400, y: 400, w: -100, h: -100 });
    assert.deepEqual(constrainedBox('rect', { x: 400, y: 400 }, { x: 400, y: 450 }, BOARD), { x: 400, y: 400, w: 50, h: 50 },
      'no width at all counts as rightwards');
  });

  it('keeps a square on the board by making it smaller, never oblong', () => {
    assert.deepEqual(constrainedBox('rect', { x: 1500, y: 100 }, { x: 1590, y: 400 }, BOARD), { x: 1500, y: 100, w: 100, h: 100 });
    const line = constrainedBox('line', { x: 1550, y: 500 }, { x: 1800, y: 500 }, BOARD);
    assert.deepEqual([line.w, line.h], [50, 0], 'a line dragged past the right edge stops at it');
  });
});
