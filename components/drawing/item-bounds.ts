import { unhandledKind, type BoardItem } from './board-items.js';
import { HOME_AREA, type BoardBounds } from './view.js';
import { placedBounds } from './placement.js';

/** Text is measured as the eraser measures it: a monospace guess, since the model knows no fonts. */
const TEXT_ADVANCE = 0.6;

/** The area the items cover, their stroke widths included; null for none. */
export function contentBounds(items: readonly BoardItem[]): BoardBounds | null {
  let bounds: BoardBounds | null = null;
  for (const item of items) {
    const own = itemBounds(item);
    if (!own) continue;
    bounds = bounds
      ? { minX: Math.min(bounds.minX, own.minX), minY: Math.min(bounds.minY, own.minY), maxX: Math.max(bounds.maxX, own.maxX), maxY: Math.max(bounds.maxY, own.maxY) }
      : own;
  }
  return bounds;
}

export const insideHomeArea = (bounds: BoardBounds) =>
  bounds.minX >= HOME_AREA.minX && bounds.minY >= HOME_AREA.minY && bounds.maxX <= HOME_AREA.maxX && bounds.maxY <= HOME_AREA.maxY;

/** The home area when the items all lie in it (or there are none), else their bounds with `margin` around: what an export shows. */
export function exportBounds(items: readonly BoardItem[], margin: number): BoardBounds {
  const bounds = contentBounds(items);
  if (!bounds || insideHomeArea(bounds)) return HOME_AREA;
  return { minX: bounds.minX - margin, minY: bounds.minY - margin, maxX: bounds.maxX + margin, maxY: bounds.maxY + margin };
}

/** The area an item covers where it is placed, its stroke width included; null for a stroke with no points. */
export function itemBounds(item: BoardItem): BoardBounds | null {
  const own = drawnBounds(item);
  return own && item.at ? placedBounds(own, item.at) : own;
}

/**
 * A committed stroke's points never change (they are decoded once into a Float64Array), so their extent is worked out
 * once: a selection dragged over a big board asks for it every frame. Live strokes' growing arrays are not kept.
 */
const pointExtents = new WeakMap<Float64Array, BoardBounds | null>();

/** The area an item covers where it was drawn. */
function drawnBounds(item: BoardItem): BoardBounds | null {
  if (item.kind !== 'stroke' || !(item.points instanceof Float64Array)) return measuredBounds(item);
  let bounds = pointExtents.get(item.points);
  if (bounds === undefined) pointExtents.set(item.points, (bounds = measuredBounds(item)));
  return bounds;
}

function measuredBounds(item: BoardItem): BoardBounds | null {
  const half = item.width / 2;
  switch (item.kind) {
    case 'stroke': {
      const p = item.points;
      if (p.length < 3) return null;
      let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let i = 0; i + 1 < p.length; i += 3) {
        minX = Math.min(minX, p[i]!);
        maxX = Math.max(maxX, p[i]!);
        minY = Math.min(minY, p[i + 1]!);
        maxY = Math.max(maxY, p[i + 1]!);
      }
      return { minX: minX - half, minY: minY - half, maxX: maxX + half, maxY: maxY + half };
    }
    case 'rect':
    case 'ellipse':
    case 'line':
    case 'arrow': {
      // An arrow's head reaches a few widths beyond the shaft's sides: the widths cover it generously enough.
      const pad = item.kind === 'arrow' ? item.width * 3 : half;
      return {
        minX: Math.min(item.x, item.x + item.w) - pad,
        minY: Math.min(item.y, item.y + item.h) - pad,
        maxX: Math.max(item.x, item.x + item.w) + pad,
        maxY: Math.max(item.y, item.y + item.h) + pad,
      };
    }
    case 'text':
      return { minX: item.x, minY: item.y, maxX: item.x + item.text.length * item.fontSize * TEXT_ADVANCE, maxY: item.y + item.fontSize * 1.2 };
    default:
      return unhandledKind(item);
  }
}
