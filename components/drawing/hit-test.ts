import { unhandledKind, type BoardItem } from './board-items.js';
import { itemBounds } from './item-bounds.js';
import { apply, invert, scaleOf } from './placement.js';

/** Ids of the items within `radius` of (x, y): what an eraser touching that point removes. */
export function itemsAt(items: readonly BoardItem[], x: number, y: number, radius: number): Set<string> {
  const hits = new Set<string>();
  for (const item of items) if (touchesPlaced(item, x, y, radius)) hits.add(item.id);
  return hits;
}

/** The topmost item within `radius` of (x, y), or null: what a click of the select tool picks. */
export function topItemAt(items: readonly BoardItem[], x: number, y: number, radius: number): BoardItem | null {
  for (let index = items.length - 1; index >= 0; index--) if (touchesPlaced(items[index]!, x, y, radius)) return items[index]!;
  return null;
}

/**
 * A placed item is tested where it was drawn: the point goes back through its placement, the radius with it. A point
 * far from the item's box is no hit, which spares walking a stroke's points: the select tool asks at every pointer move.
 */
function touchesPlaced(item: BoardItem, x: number, y: number, radius: number): boolean {
  const box = itemBounds(item);
  const reach = radius + item.width * (item.at ? scaleOf(item.at) : 1);
  if (box && (x < box.minX - reach || x > box.maxX + reach || y < box.minY - reach || y > box.maxY + reach)) return false;
  if (!item.at) return touches(item, x, y, radius);
  const drawn = apply(invert(item.at), x, y);
  return touches(item, drawn.x, drawn.y, radius / scaleOf(item.at));
}

function touches(item: BoardItem, x: number, y: number, radius: number): boolean {
  const reach = radius + item.width;
  switch (item.kind) {
    case 'stroke': {
      const p = item.points;
      if (p.length === 3) return Math.hypot(p[0]! - x, p[1]! - y) <= reach;
      for (let i = 3; i < p.length; i += 3) {
        if (distanceToSegment(x, y, p[i - 3]!, p[i - 2]!, p[i]!, p[i + 1]!) <= reach) return true;
      }
      return false;
    }
    case 'rect': {
      const [left, right] = [Math.min(item.x, item.x + item.w), Math.max(item.x, item.x + item.w)];
      const [top, bottom] = [Math.min(item.y, item.y + item.h), Math.max(item.y, item.y + item.h)];
      const inside = x >= left - reach && x <= right + reach && y >= top - reach && y <= bottom + reach;
      const deepInside = x > left + reach && x < right - reach && y > top + reach && y < bottom - reach;
      return inside && (item.fill === true || !deepInside);
    }
    case 'ellipse': {
      const rx = Math.abs(item.w / 2);
      const ry = Math.abs(item.h / 2);
      const cx = item.x + item.w / 2;
      const cy = item.y + item.h / 2;
      if (item.fill && rx > 0 && ry > 0 && ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) return true;
      const angle = Math.atan2((y - cy) * rx, (x - cx) * ry);
      return Math.hypot(cx + rx * Math.cos(angle) - x, cy + ry * Math.sin(angle) - y) <= reach;
    }
    case 'line':
    case 'arrow':
      // An arrow's head lies along its segment's last stretch, within its reach: the segment alone decides.
      return distanceToSegment(x, y, item.x, item.y, item.x + item.w, item.y + item.h) <= reach;
    case 'text': {
      const width = item.text.length * item.fontSize * 0.6;
      return x >= item.x - radius && x <= item.x + width + radius && y >= item.y - radius && y <= item.y + item.fontSize + radius;
    }
    default:
      return unhandledKind(item);
  }
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
