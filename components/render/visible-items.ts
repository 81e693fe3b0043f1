import type { BoardItem } from '../drawing/board-items.js';
import { contentBounds } from '../drawing/item-bounds.js';
import { placedBounds } from '../drawing/placement.js';
import type { BoardBounds } from '../drawing/view.js';

/**
 * How far paint may reach beyond an item's bounds, in stroke widths: item-bounds allows half a width, but a pen
 * stroke's pressure outline reaches up to 1.5 widths from its points (perfect-freehand's radius at full pressure).
 */
const PAINT_REACH_WIDTHS = 2;
/** Text bounds are a monospace guess (0.6 em a character); a proportional font's wide glyphs reach further. */
const TEXT_REACH_EM_PER_CHARACTER = 1;

// Committed items never change (a moved one is a new object), so what each covers is worked out once.
const paintedBounds = new WeakMap<BoardItem, BoardBounds | null>();

/** The area painting an item may touch, generously: culling must never leave out a pixel that shows. */
export function paintReach(item: BoardItem): BoardBounds | null {
  const cached = paintedBounds.get(item);
  if (cached !== undefined) return cached;
  // Worked out where the item was drawn, then placed: a resized item's stroke and a turned text's reach turn with it.
  const bounds = contentBounds([item.at ? { ...item, at: undefined } : item]);
  const pad = item.width * PAINT_REACH_WIDTHS;
  const [textRight, textBelow] = item.kind === 'text' ? [item.fontSize * item.text.length * TEXT_REACH_EM_PER_CHARACTER, item.fontSize] : [0, 0];
  const drawn = bounds && { minX: bounds.minX - pad, minY: bounds.minY - pad, maxX: bounds.maxX + pad + textRight, maxY: bounds.maxY + pad + textBelow };
  const reach = drawn && item.at ? placedBounds(drawn, item.at) : drawn;
  paintedBounds.set(item, reach);
  return reach;
}

const overlaps = (a: BoardBounds, b: BoardBounds) => a.minX <= b.maxX && a.maxX >= b.minX && a.minY <= b.maxY && a.maxY >= b.minY;

/** The items, in order, that may paint a pixel inside `area` (board units): the rest need not be painted. */
export function visibleItems(items: readonly BoardItem[], area: BoardBounds): BoardItem[] {
  return items.filter((item) => {
    const reach = paintReach(item);
    return reach !== null && overlaps(reach, area);
  });
}

/** What painting an item costs, roughly: a stroke's points, and one more for any item. */
export const itemPaintCost = (item: BoardItem): number => (item.kind === 'stroke' ? item.points.length / 3 : 0) + 1;

/** What painting these items costs, roughly: their points, and one for each shape or text. */
export function paintCost(items: readonly BoardItem[]): number {
  return items.reduce((sum, item) => sum + itemPaintCost(item), 0);
}
