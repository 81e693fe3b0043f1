import type { LineItem } from '../drawing/board-items.js';

/** Where a line or arrow is painted: the stroked shaft and, for an arrow, the filled head's three corners. */
export interface LineGeometry {
  shaft: [x1: number, y1: number, x2: number, y2: number];
  /** Tip, then the two back corners; null for a line, or an arrow of no length (it has no direction). */
  head: [tipX: number, tipY: number, leftX: number, leftY: number, rightX: number, rightY: number] | null;
}

/**
 * An arrow's head grows with its stroke width (3 widths and a bit, so a thin arrow still shows one) and never
 * outgrows the arrow itself. Canvas and SVG export both paint from here, so the two agree.
 */
export function lineGeometry(item: Pick<LineItem, 'kind' | 'x' | 'y' | 'w' | 'h' | 'width'>): LineGeometry {
  const { x, y, w, h } = item;
  const length = Math.hypot(w, h);
  if (item.kind === 'line' || length === 0) return { shaft: [x, y, x + w, y + h], head: null };
  const headLength = Math.min(length, item.width * 3 + 8);
  const [ux, uy] = [w / length, h / length];
  const [tipX, tipY] = [x + w, y + h];
  const [baseX, baseY] = [tipX - ux * headLength, tipY - uy * headLength];
  const halfBase = headLength / 2;
  // The shaft stops halfway into the head: its round cap stays inside the head instead of poking past the tip.
  const shaftEnd = [tipX - (ux * headLength) / 2, tipY - (uy * headLength) / 2] as const;
  return {
    shaft: [x, y, shaftEnd[0], shaftEnd[1]],
    head: [tipX, tipY, baseX - uy * halfBase, baseY + ux * halfBase, baseX + uy * halfBase, baseY - ux * halfBase],
  };
}
