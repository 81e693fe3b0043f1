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
// (resize, undo, erase, a move); keyed by its points, which stay the same object however the item is placed.
const committedOutlines = new WeakMap<ArrayLike<number>, Float64Array>();

function outlineOf(item: StrokeItem, complete: boolean): Float64Array {
  const cached = complete ? committedOutlines.get(item.points) : undefined;
  if (cached) return cached;
  const outline = strokeOutline(item, complete);
  if (complete) committedOutlines.set(item.points, outline);
  return outline;
}

/** Computes and caches what painting a committed item needs, so painting it later is quick. */
export function prepareItem(item: BoardItem): void {
  if (item.kind === 'stroke') outlineOf(item, true);
}

/** Dash and gap lengths of a dashed item, board pixels: in proportion to its width, and visible at any width. */
export const dashPattern = (width: number): [dash: number, gap: number] => [Math.max(4, width * 3), Math.max(3, width * 2)];

/** Paints one item in board coordinates (the context is already transformed), where the select tool placed it. */
export function paintItem(context: CanvasRenderingContext2D, item: BoardItem, complete = true): void {
  if (!item.at) return paintInPlace(context, item, complete);
  context.save();
  context.transform(...item.at);
  paintInPlace(context, item, complete);
  context.restore();
}

function paintInPlace(context: CanvasRenderingContext2D, item: BoardItem, complete: boolean): void {
  context.fillStyle = item.color;
  context.strokeStyle = item.color;
  context.lineWidth = item.width;
  context.lineJoin = 'round';
  context.lineCap = 'butt';
  context.setLineDash(item.dash ? dashPattern(item.width) : []);
  switch (item.kind) {
    case 'stroke': {
      if (item.dash) return paintDashedStroke(context, item);
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
      if (item.fill) context.fillRect(item.x, item.y, item.w, item.h);
      context.strokeRect(item.x, item.y, item.w, item.h);
      return;
    case 'ellipse':
      context.beginPath();
      context.ellipse(item.x + item.w / 2, item.y + item.h / 2, Math.abs(item.w / 2), Math.abs(item.h / 2), 0, 0, Math.PI * 2);
      if (item.fill) context.fill();
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
      context.setLineDash([]);
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

/**
 * A dashed pen stroke is its path stroked at the brush's width: the pressure outline is a filled shape, which
 * dashes cannot cut.
 */
function paintDashedStroke(context: CanvasRenderingContext2D, item: StrokeItem): void {
  const p = item.points;
  if (p.length < 3) return;
  context.lineCap = 'round';
  context.beginPath();
  context.moveTo(p[0]!, p[1]!);
  // A single point still shows: a path of no length draws its round cap.
  for (let i = p.length === 3 ? 0 : 3; i < p.length; i += 3) context.lineTo(p[i]!, p[i + 1]!);
  context.stroke();
}

export const textFont = (fontSize: number) => `${fontSize}px system-ui, sans-serif`;
