import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportBounds } from '../../components/drawing/item-bounds.js';
import type { BoardItem } from '../../components/drawing/board-items.js';
import {
  HOME_AREA,
  HOME_VIEW,
  MAX_ZOOM,
  MIN_ZOOM,
  boardToCss,
  cssToBoard,
  panBy,
  transformOf,
  viewToFit,
  visibleBounds,
  zoomAround,
} from '../../components/drawing/view.js';

const WIDE = { width: 1000, height: 400 };
const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);

describe('a page\'s view of the board', () => {
  it('starts as the home area fitted and centred, as every page showed it before the board could move', () => {
    const transform = transformOf(HOME_VIEW, WIDE);
    assert.deepEqual(transform, { scale: 0.4, offsetX: (1000 - 1600 * 0.4) / 2, offsetY: 0 });
  });

  it('keeps the board point under the pointer where it is when zooming in or out around it', () => {
    for (const factor of [2, 0.5, 1.1, 7]) {
      const before = cssToBoard(transformOf(HOME_VIEW, WIDE), 730, 95);
      const zoomed = zoomAround(HOME_VIEW, WIDE, 730, 95, factor);
      const after = boardToCss(transformOf(zoomed, WIDE), before);
      near(after.x, 730, `x after ×${factor}`);
      near(after.y, 95, `y after ×${factor}`);
      near(zoomed.zoom, factor, `zoom after ×${factor}`);
    }
  });

  it('holds the zoom to its range, still keeping the point under the pointer', () => {
    const inside = zoomAround(HOME_VIEW, WIDE, 100, 100, 1000);
    assert.equal(inside.zoom, MAX_ZOOM);
    const point = boardToCss(transformOf(inside, WIDE), cssToBoard(transformOf(HOME_VIEW, WIDE), 100, 100));
    near(point.x, 100, 'x at the largest zoom');
    assert.equal(zoomAround(HOME_VIEW, WIDE, 100, 100, 1e-6).zoom, MIN_ZOOM);
  });

  it('pans by CSS pixels: what was under the pointer follows it', () => {
    const start = cssToBoard(transformOf(HOME_VIEW, WIDE), 500, 200);
    const panned = panBy(zoomAround(HOME_VIEW, WIDE, 0, 0, 1), WIDE, 120, -30);
    const moved = boardToCss(transformOf(panned, WIDE), start);
    near(moved.x, 620, 'x');
    near(moved.y, 170, 'y');
  });

  it('fits bounds whole and centred, with the margin around their longer side', () => {
    const bounds = { minX: 3000, minY: -500, maxX: 5000, maxY: 500 };
    const view = viewToFit(bounds, WIDE, 20);
    near(view.centerX, 4000, 'centre x');
    near(view.centerY, 0, 'centre y');
    const shown = visibleBounds(view, WIDE);
    // 1000 tall into 360 px of the 400 (20 px each side): the height decides, the width has room to spare.
    near(shown.maxY - shown.minY, 1000 * (400 / 360), 'the height shown');
    assert.ok(shown.minX < bounds.minX && shown.maxX > bounds.maxX, 'the width fits inside');
  });

  it('fits a far, huge area at the smallest zoom rather than beyond it', () => {
    assert.equal(viewToFit({ minX: -100_000, minY: -100_000, maxX: 100_000, maxY: 100_000 }, WIDE).zoom, MIN_ZOOM);
  });
});

describe('what an export covers', () => {
  const stroke = (points: number[]): BoardItem => ({ id: 's', author: 'a', kind: 'stroke', color: '#000000', width: 4, points });

  it('is the home area for an empty board and for one drawn only inside it, as before the board could move', () => {
    assert.deepEqual(exportBounds([], 40), HOME_AREA);
    assert.deepEqual(exportBounds([stroke([10, 10, 0.5, 1500, 900, 0.5])], 40), HOME_AREA);
  });

  it('is the content\'s bounds with the margin once anything lies outside the home area', () => {
    assert.deepEqual(exportBounds([stroke([100, 100, 0.5, 2500, -300, 0.5])], 40), { minX: 58, minY: -342, maxX: 2542, maxY: 142 });
  });
});
