import { getStroke } from 'perfect-freehand';
import type { BoardItem } from './board-items.js';

/** perfect-freehand outline of a pen stroke, as a closed polygon. Constant pressure (mouse, touch) is simulated. */
export function strokeOutline(item: Pick<BoardItem, 'points' | 'width'>, complete: boolean): number[][] {
  const { points } = item;
  const input: number[][] = [];
  let constantPressure = true;
  for (let i = 0; i < points.length; i += 3) {
    input.push([points[i]!, points[i + 1]!, points[i + 2]!]);
    if (points[i + 2] !== points[2]) constantPressure = false;
  }
  return getStroke(input, {
    size: item.width * 2,
    thinning: 0.5,
    smoothing: 0.5,
    streamline: 0.4,
    simulatePressure: constantPressure,
    last: complete,
  });
}

// A committed stroke never changes, so its outline is computed once and reused by every repaint
// (resize, undo, erase); items are keyed by identity, which the document keeps stable.
const committedOutlines = new WeakMap<BoardItem, Path2D>();

function outlinePath(item: BoardItem, complete: boolean): Path2D | null {
  const cached = complete ? committedOutlines.get(item) : undefined;
  if (cached) return cached;
  const outline = strokeOutline(item, complete);
  if (outline.length === 0) return null;
  const path = new Path2D();
  path.moveTo(outline[0]![0]!, outline[0]![1]!);
  for (const [x, y] of outline) path.lineTo(x!, y!);
  path.closePath();
  if (complete) committedOutlines.set(item, path);
  return path;
}

/** Paints one item in board coordinates (the context is already transformed). */
export function paintItem(context: CanvasRenderingContext2D, item: BoardItem, complete = true): void {
  context.fillStyle = item.color;
  context.strokeStyle = item.color;
  context.lineWidth = item.width;
  context.lineJoin = 'round';
  switch (item.kind) {
    case 'stroke': {
      const path = outlinePath(item, complete);
      if (path) context.fill(path);
      return;
    }
    case 'rect':
      context.strokeRect(item.x!, item.y!, item.w!, item.h!);
      return;
    case 'ellipse':
      context.beginPath();
      context.ellipse(item.x! + item.w! / 2, item.y! + item.h! / 2, Math.abs(item.w! / 2), Math.abs(item.h! / 2), 0, 0, Math.PI * 2);
      context.stroke();
      return;
    case 'text':
      context.font = textFont(item.fontSize!);
      context.textBaseline = 'top';
      context.fillText(item.text!, item.x!, item.y!);
      return;
  }
}

export const textFont = (fontSize: number) => `${fontSize}px system-ui, sans-serif`;
