import { handlePoints, HANDLE_REACH, type Handle } from '../drawing/selection-geometry.js';
import type { BoardBounds } from '../drawing/view.js';

/** What the select tool shows over the board: the selection's boxes and grips, and the marquee being dragged. */
export interface SelectionOverlay {
  /** Each selected item's box, where it shows now (dragged or not). */
  itemBoxes: BoardBounds[];
  /** The box around them all, with its grips; null when nothing is selected. */
  bounds: BoardBounds | null;
  marquee: { a: { x: number; y: number }; b: { x: number; y: number } } | null;
}

// A blue that reads on white and on the dark theme's boards, outlined in white so it reads on blue items too.
const ACCENT = '#2563eb';
const HALO = '#ffffff';

/** Paints the overlay in board coordinates; `unit` is one CSS pixel in board units, so lines and grips keep their size at any zoom. */
export function paintSelection(context: CanvasRenderingContext2D, overlay: SelectionOverlay, unit: number): void {
  context.save();
  context.lineWidth = unit;
  context.setLineDash([4 * unit, 3 * unit]);
  for (const box of overlay.itemBoxes) outline(context, box, ACCENT);
  context.setLineDash([]);
  if (overlay.bounds) paintGrips(context, overlay.bounds, unit);
  if (overlay.marquee) {
    const { a, b } = overlay.marquee;
    const box = { minX: Math.min(a.x, b.x), minY: Math.min(a.y, b.y), maxX: Math.max(a.x, b.x), maxY: Math.max(a.y, b.y) };
    context.fillStyle = 'rgba(37, 99, 235, 0.08)';
    context.fillRect(box.minX, box.minY, box.maxX - box.minX, box.maxY - box.minY);
    outline(context, box, ACCENT);
  }
  context.restore();
}

function paintGrips(context: CanvasRenderingContext2D, bounds: BoardBounds, unit: number): void {
  context.lineWidth = 1.5 * unit;
  outline(context, bounds, ACCENT);
  const points = handlePoints(bounds, unit);
  context.beginPath();
  context.moveTo(points.n.x, points.n.y);
  context.lineTo(points.rotate.x, points.rotate.y);
  context.stroke();
  const half = (HANDLE_REACH / 2) * unit;
  for (const [handle, point] of Object.entries(points) as Array<[Handle, { x: number; y: number }]>) {
    context.beginPath();
    if (handle === 'rotate') context.arc(point.x, point.y, half, 0, Math.PI * 2);
    else context.rect(point.x - half, point.y - half, half * 2, half * 2);
    context.fillStyle = HALO;
    context.fill();
    context.strokeStyle = ACCENT;
    context.stroke();
  }
}

function outline(context: CanvasRenderingContext2D, box: BoardBounds, color: string): void {
  context.strokeStyle = color;
  context.strokeRect(box.minX, box.minY, box.maxX - box.minX, box.maxY - box.minY);
}
