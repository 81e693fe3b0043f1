import type { BoardBounds } from './view.js';

/**
 * Where an item was moved, resized or rotated to: the affine map [a, b, c, d, e, f] from the coordinates it was
 * drawn in to the board's (x' = a·x + c·y + e, y' = b·x + d·y + f), as canvas `transform()` and SVG `matrix()`
 * take it. Items never change once drawn; their placement is kept beside them, per item id, so moving a
 * stroke of a thousand points costs six numbers, and two people moving one item converge on one placement.
 */
export type Placement = readonly [a: number, b: number, c: number, d: number, e: number, f: number];

export const IDENTITY: Placement = [1, 0, 0, 1, 0, 0];

/** No item may be scaled past this, either way: beyond it a placement is a mistake or an attack. */
const MAX_SCALE = 1000;
/** Nor shifted farther than this: a turn about a far point shifts a lot, but never past a few board widths. */
const MAX_SHIFT = 1_000_000;

/** `outer` after `inner`: a point placed by `inner`, then by `outer`. */
export function compose(outer: Placement, inner: Placement): Placement {
  const [a1, b1, c1, d1, e1, f1] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return [a1 * a2 + c1 * b2, b1 * a2 + d1 * b2, a1 * c2 + c1 * d2, b1 * c2 + d1 * d2, a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1];
}

export function invert(placement: Placement): Placement {
  const [a, b, c, d, e, f] = placement;
  const det = a * d - b * c;
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

export function apply(placement: Placement, x: number, y: number): { x: number; y: number } {
  const [a, b, c, d, e, f] = placement;
  return { x: a * x + c * y + e, y: b * x + d * y + f };
}

export const translation = (dx: number, dy: number): Placement => [1, 0, 0, 1, dx, dy];

/** Scales by (sx, sy) about the point (x, y), which stays where it is. */
export const scalingAbout = (x: number, y: number, sx: number, sy: number): Placement => [sx, 0, 0, sy, x - sx * x, y - sy * y];

/** Turns by `angle` radians (clockwise on screen, where y points down) about (x, y). */
export function rotationAbout(x: number, y: number, angle: number): Placement {
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  return [cos, sin, -sin, cos, x - cos * x + sin * y, y - sin * x - cos * y];
}

export const isIdentity = (placement: Placement) => placement.every((value, index) => value === IDENTITY[index]);

/** How much the placement scales lengths, on average: what a hit radius is divided by in the item's own units. */
export const scaleOf = (placement: Placement) => Math.sqrt(Math.abs(placement[0] * placement[3] - placement[1] * placement[2]));

/** The bounds of `bounds`'s four corners once placed. */
export function placedBounds(bounds: BoardBounds, placement: Placement): BoardBounds {
  const corners = [
    apply(placement, bounds.minX, bounds.minY),
    apply(placement, bounds.maxX, bounds.minY),
    apply(placement, bounds.minX, bounds.maxY),
    apply(placement, bounds.maxX, bounds.maxY),
  ];
  const xs = corners.map((corner) => corner.x);
  const ys = corners.map((corner) => corner.y);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

/**
 * Validates a placement that came from a peer or storage: six finite numbers, a scale neither collapsed nor
 * huge, and a bounded shift. Null when anything is off, so a bad
 * placement is ignored (the item shows where it was drawn), never applied.
 */
export function readPlacement(value: unknown): Placement | null {
  if (!isSixNumbers(value)) return null;
  const [a, b, c, d, e, f] = value;
  const det = Math.abs(a * d - b * c);
  if (det < 1 / MAX_SCALE ** 2 || det > MAX_SCALE ** 2 || Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d)) > MAX_SCALE) return null;
  if (Math.abs(e) > MAX_SHIFT || Math.abs(f) > MAX_SHIFT) return null;
  return value;
}

const isSixNumbers = (value: unknown): value is Placement =>
  Array.isArray(value) && value.length === 6 && value.every((n) => typeof n === 'number' && Number.isFinite(n));
