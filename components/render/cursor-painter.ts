import { isColor } from '../drawing/board-items.js';
import { readableTextOn } from '../drawing/color-contrast.js';
import type { Cursor } from '../drawing/presence.js';

/** A rectangle in board units. */
export interface BoardArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

// The classic pointer, tip at (0, 0), in CSS pixels: the same size on screen at any zoom.
const ARROW: ReadonlyArray<readonly [number, number]> = [[0, 0], [0, 16], [4.5, 12], [7.5, 18.5], [10, 17.4], [7, 11], [12.5, 11]];
const FONT_PX = 12;
const PAD_X = 5;
const PAD_Y = 3;
/** Where the label sits from the tip: right of the arrow and below it, or mirrored when flipped. */
const LABEL_OFFSET_X = 13;
const LABEL_OFFSET_Y = 14;
const FLIPPED_GAP = 4;
// Dark outside, white inside: one of the two rims stands out from any board colour, a white pen's cursor included.
const OUTER_RIM = 'rgba(0, 0, 0, 0.8)';
const INNER_RIM = '#ffffff';
const UNKNOWN_COLOR = '#868e96';

/**
 * Where a name label of `size` (board units) goes for a cursor at `tip`: right of and below the arrow, flipped to
 * the left when it would leave `area` on the right, above when it would leave it at the bottom, so it stays readable
 * near the board's edges. `unit` is one CSS pixel in board units.
 */
export function placeLabel(tip: { x: number; y: number }, size: { width: number; height: number }, area: BoardArea, unit: number): { x: number; y: number } {
  let x = tip.x + LABEL_OFFSET_X * unit;
  let y = tip.y + LABEL_OFFSET_Y * unit;
  if (x + size.width > area.x + area.width) x = tip.x - FLIPPED_GAP * unit - size.width;
  if (y + size.height > area.y + area.height) y = tip.y - FLIPPED_GAP * unit - size.height;
  // An area narrower than the label: its start stays in view.
  return { x: Math.max(area.x, x), y: Math.max(area.y, y) };
}

/**
 * Paints someone's cursor: an arrow in their colour with a white and a dark rim, and their name on a pill of that
 * colour, in white or black text, whichever contrasts more (at least 4.5:1), kept inside `area`.
 */
export function paintCursor(context: CanvasRenderingContext2D, cursor: Cursor, area: BoardArea, unit: number): void {
  const color = isColor(cursor.color) ? cursor.color : UNKNOWN_COLOR;
  context.lineJoin = 'round';
  context.beginPath();
  for (const [dx, dy] of ARROW) context.lineTo(cursor.x + dx * unit, cursor.y + dy * unit);
  context.closePath();
  outline(context, unit);
  context.fillStyle = color;
  context.fill();

  if (!cursor.name) return;
  context.font = `600 ${FONT_PX * unit}px system-ui, sans-serif`;
  context.textBaseline = 'middle';
  const size = { width: context.measureText(cursor.name).width + 2 * PAD_X * unit, height: (FONT_PX + 2 * PAD_Y) * unit };
  const at = placeLabel(cursor, size, area, unit);
  context.beginPath();
  context.roundRect(at.x, at.y, size.width, size.height, size.height / 2);
  outline(context, unit);
  context.fillStyle = color;
  context.fill();
  context.fillStyle = readableTextOn(color);
  context.fillText(cursor.name, at.x + PAD_X * unit, at.y + size.height / 2);
}

/** The two rims around the current path: what the fill then leaves of them is a white line inside a dark one. */
function outline(context: CanvasRenderingContext2D, unit: number): void {
  context.strokeStyle = OUTER_RIM;
  context.lineWidth = 4 * unit;
  context.stroke();
  context.strokeStyle = INNER_RIM;
  context.lineWidth = 2 * unit;
  context.stroke();
}
