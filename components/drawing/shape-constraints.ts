import type { LineItem, ShapeItem } from './board-items.js';

/** Shift holds a line's or arrow's angle to these steps (degrees), as drawing apps do. */
export const ANGLE_STEP_DEGREES = 15;

type Point = { x: number; y: number };
/** A dragged item's box: from the press at (x, y) to the pointer at (x + w, y + h). */
type Box = { x: number; y: number; w: number; h: number };
/** The area a drag stays in: the board, whose edges the pointer is held to. */
type Area = { width: number; height: number };

/**
 * The box a drag from `origin` to `pointer` makes with Shift held: a line or arrow turned to the nearest
 * `ANGLE_STEP_DEGREES` step, keeping its length; a rectangle or ellipse made square (circular), as large as
 * the drag's larger side. Either is then shortened, never bent, to stay inside `area`: the press is in it,
 * and what is drawn beyond the board nobody sees.
 */
export function constrainedBox(kind: ShapeItem['kind'] | LineItem['kind'], origin: Point, pointer: Point, area: Area): Box {
  const [dx, dy] = [pointer.x - origin.x, pointer.y - origin.y];
  if (kind === 'line' || kind === 'arrow') {
    const step = (ANGLE_STEP_DEGREES * Math.PI) / 180;
    const angle = Math.round(Math.atan2(dy, dx) / step) * step;
    const [ux, uy] = [roundOff(Math.cos(angle)), roundOff(Math.sin(angle))];
    const length = Math.min(Math.hypot(dx, dy), reach(origin.x, ux, area.width), reach(origin.y, uy, area.height));
    return { x: origin.x, y: origin.y, w: ux * length, h: uy * length };
  }
  const [sx, sy] = [dx < 0 ? -1 : 1, dy < 0 ? -1 : 1];
  const side = Math.min(Math.max(Math.abs(dx), Math.abs(dy)), reach(origin.x, sx, area.width), reach(origin.y, sy, area.height));
  return { x: origin.x, y: origin.y, w: sx * side, h: sy * side };
}

/** How far from `from` a move of `unit` per step may go along one axis before leaving 0…`size`. */
function reach(from: number, unit: number, size: number): number {
  if (unit > 0) return (size - from) / unit;
  if (unit < 0) return from / -unit;
  return Infinity;
}

/** cos(90°) is 6e-17, not 0: such dust would make a vertical line lean, and cost a peer's reach check. */
const roundOff = (value: number) => (Math.abs(value) < 1e-12 ? 0 : value);
