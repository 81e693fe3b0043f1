import { unhandledKind, type BoardItem, type StrokeItem } from '../drawing/board-items.js';
import { hasConstantPressure } from '../drawing/point-codec.js';
import { lineGeometry } from './line-geometry.js';
import { strokeOutlineVertices } from './stroke-outline.js';

/** The outline of a pen stroke as a closed polygon, flat [x, y, …]. Constant pressure (mouse, touch) is simulated. */
export function strokeOutline(item: Pick<StrokeItem, 'points' | 'width'>, complete: boolean): Float64Array {
  return strokeOutlineVertices(item.points, {
    size: item.width * 2,
    thinning: 0.5,
    smoothing: 0.5,
    streamline: 0.4,
    simulatePressure: hasConstantPressure(item.points),
    last: complete,
  });
}

// A committed stroke never changes, so its outline is computed once and reused by every repaint
// (resize, undo, erase); items are keyed by identity, which the document keeps stable.
const committedOutlines = new WeakMap<StrokeItem, Float64Array>();

function outlineOf(item: StrokeItem, complete: boolean): Float64Array {
  const cached = complete ? committedOutlines.get(item) : undefined;
  if (cached) return cached;
  const outline = strokeOutline(item, complete);
  if (complete) committedOutlines.set(item, outline);
  return outline;
}

/** Computes and caches what painting a committed item needs, so painting it later is quick. */
export function prepareItem(item: BoardItem): void {
  if (item.kind === 'stroke') outlineOf(item, true);
}

/** Paints one item in board coordinates (the context is already transformed). */
export function paintItem(context: CanvasRenderingContext2D, item: BoardItem, complete = true): void {
  context.fillStyle = item.color;
  context.strokeStyle = item.color;
  context.lineWidth = item.width;
  context.lineJoin = 'round';
  context.lineCap = 'butt';
  switch (item.kind) {
    case 'stroke': {
      // Straight into the context: measured quicker than building (and caching) a Path2D.
      const outline = outlineOf(item, complete);
      if (outline.length === 0) return;
      context.beginPath();
      context.moveTo(outline[0]!, outline[1]!);
      for (let i = 2; i < outline.length; i += 2) context.lineTo(outline[i]!, outline[i + 1]!);
      context.closePath();
      context.fill();
      return;
    }
    case 'rect':
      context.strokeRect(item.x, item.y, item.w, item.h);
      return;
    case 'ellipse':
      context.beginPath();
      context.ellipse(item.x + item.w / 2, item.y + item.h / 2, Math.abs(item.w / 2), Math.abs(item.h / 2), 0, 0, Math.PI * 2);
      context.stroke();
      return;
    case 'line':
    case 'arrow': {
      const { shaft, head } = lineGeometry(item);
      context.lineCap = 'round';
      context.beginPath();
      context.moveTo(shaft[0], shaft[1]);
      context.lineTo(shaft[2], shaft[3]);
      context.stroke();
      if (!head) return;
      context.beginPath();
      context.moveTo(head[0], head[1]);
      context.lineTo(head[2], head[3]);
      context.lineTo(head[4], head[5]);
      context.closePath();
      context.fill();
      return;
    }
    case 'text':
      context.font = textFont(item.fontSize);
      context.textBaseline = 'top';
      context.fillText(item.text, item.x, item.y);
      return;
    default:
      return unhandledKind(item);
  }
}

export const textFont = (fontSize: number) => `${fontSize}px system-ui, sans-serif`;
