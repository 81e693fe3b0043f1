import { isColor } from '../drawing/board-items.js';
import { readableTextOn } from '../drawing/color-contrast.js';
import type { Cursor } from '../drawing/presence.js';

/** A rectangle: the part of the board in view, in board units or in CSS pixels of the board element. */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

// The classic pointer, tip at (0, 0), in CSS pixels: the same size on screen at any zoom.
const ARROW: ReadonlyArray<readonly [number, number]> = [[0, 0], [0, 16], [4.5, 12], [7.5, 18.5], [10, 17.4], [7, 11], [12.5, 11]];
/** The arrow as an SVG path, tip at (0, 0). */
export const ARROW_PATH = `M${ARROW.map(([x, y]) => `${x} ${y}`).join('L')}Z`;
/** The box the arrow fits in, from its tip, in CSS pixels (its rims reach 2 px beyond). */
export const ARROW_SIZE: Size = { width: 13, height: 19 };
/** Where the label sits from the tip: right of the arrow and below it, or mirrored when flipped. */
const LABEL_OFFSET_X = 13;
const LABEL_OFFSET_Y = 14;
const FLIPPED_GAP = 4;
/** Someone whose colour is not a #rrggbb colour (a peer of another version, or a hostile one): a neutral grey. */
const UNKNOWN_COLOR = '#868e96';

/**
 * Where a name label of `size` goes for a cursor at `tip`: right of and below the arrow, flipped to the left when it
 * would leave `area` on the right, above when it would leave it at the bottom, so it stays readable near the board's
 * edges. `unit` is one CSS pixel in the units of the other arguments (1 when they are CSS pixels).
 */
export function placeLabel(tip: { x: number; y: number }, size: Size, area: Area, unit: number): { x: number; y: number } {
  let x = tip.x + LABEL_OFFSET_X * unit;
  let y = tip.y + LABEL_OFFSET_Y * unit;
  if (x + size.width > area.x + area.width) x = tip.x - FLIPPED_GAP * unit - size.width;
  if (y + size.height > area.y + area.height) y = tip.y - FLIPPED_GAP * unit - size.height;
  // An area narrower than the label: its start stays in view.
  return { x: Math.max(area.x, x), y: Math.max(area.y, y) };
}

/** Someone's cursor where this page shows it, in CSS pixels of the board element. */
export interface PlacedCursor {
  clientId: number;
  name: string;
  /** Their presence colour (#rrggbb: anything else is grey), and the text colour that reads on it. */
  color: string;
  textColor: string;
  /** The arrow's tip. */
  tip: { x: number; y: number };
  /** The label's top left, from the tip. */
  label: { x: number; y: number };
}

/**
 * The cursors this page shows, in CSS pixels of a board element of `size`: those whose tip is in view, each label
 * placed by `placeLabel` from its measured size (none yet: as if empty, right of the arrow).
 */
export function placeCursors(
  cursors: readonly Cursor[],
  toCss: (point: { x: number; y: number }) => { x: number; y: number },
  size: Size,
  labelSize: (clientId: number) => Size | undefined,
): PlacedCursor[] {
  const area: Area = { x: 0, y: 0, ...size };
  const placed: PlacedCursor[] = [];
  for (const cursor of cursors) {
    const tip = toCss(cursor);
    if (!(tip.x >= 0 && tip.y >= 0 && tip.x <= size.width && tip.y <= size.height)) continue;
    const at = placeLabel(tip, labelSize(cursor.clientId) ?? { width: 0, height: 0 }, area, 1);
    const color = isColor(cursor.color) ? cursor.color : UNKNOWN_COLOR;
    placed.push({ clientId: cursor.clientId, name: cursor.name, color, textColor: readableTextOn(color), tip, label: { x: at.x - tip.x, y: at.y - tip.y } });
  }
  return placed;
}
