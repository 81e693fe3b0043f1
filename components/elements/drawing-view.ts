import type { BoardItem } from '../drawing/board-items.js';
import type { DrawingDocument } from '../drawing/document.js';

/**
 * What a page may read of the shared drawing (`<draw-room>`'s `drawing`). Changes go through the element's
 * methods (`clear()`, `setBackground()`, `undo()`…), so the Yjs document, its undo history and its lifetime stay
 * the element's own.
 */
export interface DrawingView {
  /** Items in paint order, bottom first: pen strokes, rectangles, ellipses and text. A fresh array each read. */
  readonly items: readonly BoardItem[];
  /** The board colour, #rrggbb. */
  readonly background: string;
}

/** A view that reads through to `drawing` and offers nothing else: no Yjs document to reach for. */
export function readOnlyView(drawing: DrawingDocument): DrawingView {
  return Object.freeze({
    get items(): readonly BoardItem[] {
      return drawing.items;
    },
    get background(): string {
      return drawing.background;
    },
  });
}
