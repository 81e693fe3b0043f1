import type { BoardItem } from './board-items.js';
import { contentBounds, itemBounds } from './item-bounds.js';
import { rotationAbout, scalingAbout, type Placement } from './placement.js';
import type { BoardBounds } from './view.js';

/** The selection box's grips: four corners and four sides resize, the one above the top turns. */
export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w' | 'rotate';

/** Half a grip's side, in CSS pixels: a grip is grabbed within this of its centre (more on touch). */
export const HANDLE_REACH = 8;
/** How far above the box the turning grip sits, in CSS pixels. */
export const ROTATE_GRIP_OFFSET = 24;
/** A resize never squashes items flatter than this factor: a zero scale could not be undone by another drag. */
const MIN_SCALE = 0.02;
/** Shift turns in steps of this many degrees, as it draws lines in them. */
const ROTATE_STEP_DEGREES = 15;

const OPPOSITE: Record<Exclude<Handle, 'rotate'>, Exclude<Handle, 'rotate'>> = { nw: 'se', n: 's', ne: 'sw', e: 'w', se: 'nw', s: 'n', sw: 'ne', w: 'e' };

type Point = { x: number; y: number };

/** The box around the selected items where they are placed; null when none is on the board. */
export const selectionBounds = (items: readonly BoardItem[]): BoardBounds | null => contentBounds(items);

/** Where each grip of `bounds` is, in board units; `unit` is a CSS pixel in board units (1 / zoom). */
export function handlePoints(bounds: BoardBounds, unit: number): Record<Handle, Point> {
  const { minX, minY, maxX, maxY } = bounds;
  const [midX, midY] = [(minX + maxX) / 2, (minY + maxY) / 2];
  return {
    nw: { x: minX, y: minY },
    n: { x: midX, y: minY },
    ne: { x: maxX, y: minY },
    e: { x: maxX, y: midY },
    se: { x: maxX, y: maxY },
    s: { x: midX, y: maxY },
    sw: { x: minX, y: maxY },
    w: { x: minX, y: midY },
    rotate: { x: midX, y: minY - ROTATE_GRIP_OFFSET * unit },
  };
}

/** The grip under a board point, if any; the turning grip and corners win over sides where they are close. */
export function handleAt(bounds: BoardBounds, point: Point, unit: number, reach = HANDLE_REACH): Handle | null {
  const points = handlePoints(bounds, unit);
  const order: Handle[] = ['rotate', 'nw', 'ne', 'se', 'sw', 'n', 'e', 's', 'w'];
  return order.find((handle) => Math.max(Math.abs(points[handle].x - point.x), Math.abs(points[handle].y - point.y)) <= reach * unit) ?? null;
}

/**
 * The map that resizes the selection as the grip is dragged to `pointer`: a scale about the opposite grip, which
 * stays put. Sides scale one way; corners both, or both alike while `keepRatio` (Shift) is held. Dragging past
 * the opposite grip flips the items, as in other editors.
 */
export function resizeDelta(handle: Exclude<Handle, 'rotate'>, bounds: BoardBounds, pointer: Point, keepRatio: boolean): Placement {
  const points = handlePoints(bounds, 1);
  const anchor = points[OPPOSITE[handle]];
  const grip = points[handle];
  const factor = (to: number, from: number, at: number) => (from === at ? 1 : atLeast((to - at) / (from - at)));
  let sx = handle === 'n' || handle === 's' ? 1 : factor(pointer.x, grip.x, anchor.x);
  let sy = handle === 'e' || handle === 'w' ? 1 : factor(pointer.y, grip.y, anchor.y);
  if (keepRatio && handle.length === 2) {
    const scale = Math.max(Math.abs(sx), Math.abs(sy));
    [sx, sy] = [Math.sign(sx) * scale, Math.sign(sy) * scale];
  }
  return scalingAbout(anchor.x, anchor.y, sx, sy);
}

/** The map that turns the selection about its centre by the angle the pointer swept from `start`; Shift snaps to 15° steps. */
export function rotateDelta(bounds: BoardBounds, start: Point, pointer: Point, snap: boolean): Placement {
  const [cx, cy] = [(bounds.minX + bounds.maxX) / 2, (bounds.minY + bounds.maxY) / 2];
  let angle = Math.atan2(pointer.y - cy, pointer.x - cx) - Math.atan2(start.y - cy, start.x - cx);
  if (snap) {
    const step = (ROTATE_STEP_DEGREES * Math.PI) / 180;
    angle = Math.round(angle / step) * step;
  }
  return rotationAbout(cx, cy, angle);
}

/** The ids of the items that lie wholly inside the box dragged from `a` to `b`: what a marquee selects. */
export function idsInside(items: readonly BoardItem[], a: Point, b: Point): string[] {
  const [minX, maxX, minY, maxY] = [Math.min(a.x, b.x), Math.max(a.x, b.x), Math.min(a.y, b.y), Math.max(a.y, b.y)];
  return items
    .filter((item) => {
      const bounds = itemBounds(item);
      return bounds !== null && bounds.minX >= minX && bounds.maxX <= maxX && bounds.minY >= minY && bounds.maxY <= maxY;
    })
    .map((item) => item.id);
}

const atLeast = (scale: number) => (Math.abs(scale) < MIN_SCALE ? (scale < 0 ? -MIN_SCALE : MIN_SCALE) : scale);
