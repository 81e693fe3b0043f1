import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SECOND_FINGER_SLOP_PX,
  SECOND_FINGER_WINDOW_MS,
  pinchStep,
  secondFingerTakesOver,
  type FingerPoint,
} from '../../components/drawing/touch-gestures.js';
import { HOME_VIEW, boardToCss, cssToBoard, panBy, transformOf, zoomAround } from '../../components/drawing/view.js';

const SIZE = { width: 800, height: 500 };
const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);

describe('two fingers on the board', () => {
  it('zoom by how much farther apart they are, around where their midpoint was', () => {
    const step = pinchStep([{ x: 300, y: 200 }, { x: 400, y: 200 }], [{ x: 250, y: 200 }, { x: 450, y: 200 }]);
    assert.deepEqual(step, { factor: 2, around: { x: 350, y: 200 }, dx: 0, dy: 0 });
    assert.equal(pinchStep([{ x: 0, y: 0 }, { x: 0, y: 300 }], [{ x: 0, y: 100 }, { x: 0, y: 250 }]).factor, 0.5);
  });

  it('pan by their midpoint\'s movement when their spread stays the same', () => {
    const step = pinchStep([{ x: 100, y: 100 }, { x: 200, y: 100 }], [{ x: 130, y: 60 }, { x: 230, y: 60 }]);
    assert.deepEqual(step, { factor: 1, around: { x: 150, y: 100 }, dx: 30, dy: -40 });
  });

  it('keep the board point between them between them, through any pinch and move', () => {
    const moves: Array<[[FingerPoint, FingerPoint], [FingerPoint, FingerPoint]]> = [
      [[{ x: 300, y: 200 }, { x: 400, y: 260 }], [{ x: 200, y: 150 }, { x: 520, y: 330 }]],
      [[{ x: 100, y: 400 }, { x: 700, y: 100 }], [{ x: 380, y: 260 }, { x: 420, y: 240 }]],
    ];
    for (const [before, after] of moves) {
      const midBefore = { x: (before[0].x + before[1].x) / 2, y: (before[0].y + before[1].y) / 2 };
      const midAfter = { x: (after[0].x + after[1].x) / 2, y: (after[0].y + after[1].y) / 2 };
      const underFingers = cssToBoard(transformOf(HOME_VIEW, SIZE), midBefore.x, midBefore.y);
      const step = pinchStep(before, after);
      const view = panBy(zoomAround(HOME_VIEW, SIZE, step.around.x, step.around.y, step.factor), SIZE, step.dx, step.dy);
      const shownAt = boardToCss(transformOf(view, SIZE), underFingers);
      near(shownAt.x, midAfter.x, 'x');
      near(shownAt.y, midAfter.y, 'y');
    }
  });

  it('only pan while they sit on one spot, where a spread ratio means nothing', () => {
    const step = pinchStep([{ x: 50, y: 50 }, { x: 50, y: 50 }], [{ x: 60, y: 50 }, { x: 90, y: 50 }]);
    assert.equal(step.factor, 1);
    assert.ok(Number.isFinite(step.dx) && Number.isFinite(step.dy));
  });
});

describe('a second finger landing while the first draws', () => {
  it('turns the stroke into a pinch when it lands soon after the first, however far the first slid', () => {
    assert.equal(secondFingerTakesOver({ downAt: 1000, farthest: 300 }, 1000 + SECOND_FINGER_WINDOW_MS), true);
  });

  it('turns the stroke into a pinch when the first has barely moved, however long it rested', () => {
    assert.equal(secondFingerTakesOver({ downAt: 1000, farthest: SECOND_FINGER_SLOP_PX - 1 }, 60_000), true);
  });

  it('is taken for a resting hand once the first has drawn far for a while: the stroke goes on', () => {
    assert.equal(secondFingerTakesOver({ downAt: 1000, farthest: SECOND_FINGER_SLOP_PX }, 1001 + SECOND_FINGER_WINDOW_MS), false);
  });
});
