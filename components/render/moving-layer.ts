import type { BoardItem } from '../drawing/board-items.js';
import { IDENTITY, compose, invert, type Placement } from '../drawing/placement.js';
import { paintItem } from './item-painter.js';

/** A selection someone is dragging: its items where the document places them, and the drag's map on top. */
export interface MovingGroup {
  /** The same set for the whole drag: what its bitmap is kept by. */
  ids: ReadonlySet<string>;
  delta: Placement;
  /** Its items as the document places them (before the drag), in paint order: asked for only when painted one by one, or when the bitmap is made. */
  items(): BoardItem[];
}

/** Items someone is dragging with the select tool, here or at a peer. */
export interface MovingItems {
  /** Changes whenever a drag begins or ends: the board layer is painted again without (or with) them. */
  version: number;
  ids: ReadonlySet<string>;
  groups(): MovingGroup[];
}

/** Up to this many dragged items are painted one by one each frame; more are painted once, into a bitmap. */
const PAINTED_EACH_FRAME = 200;

/**
 * Paints dragged items on the live layer. A small selection is painted item by item each frame, exactly. A large one
 * would cost more than a frame that way (1,000 strokes), so it is painted once into a bitmap of the view when its drag
 * begins (and again if the view changes), and each frame draws that bitmap through the drag's map: exact for a move,
 * resampled while resizing or turning; the drop paints it sharp on the board layer. What lay outside the view when the
 * drag began shows at the drop.
 */
export class MovingLayer {
  private readonly bitmaps = new WeakMap<ReadonlySet<string>, { view: string; canvas: HTMLCanvasElement }>();

  /** Paints the groups on `context`, which is set to board coordinates by `view` (board units → canvas pixels). */
  paint(context: CanvasRenderingContext2D, groups: readonly MovingGroup[], view: Placement): void {
    for (const group of groups) {
      if (group.ids.size <= PAINTED_EACH_FRAME) {
        for (const item of group.items()) paintItem(context, { ...item, at: compose(group.delta, item.at ?? IDENTITY) });
        continue;
      }
      const bitmap = this.bitmapOf(group, view, context.canvas);
      context.save();
      // Canvas pixels → board units → dragged → canvas pixels.
      context.setTransform(...compose(compose(view, group.delta), invert(view)));
      context.drawImage(bitmap, 0, 0);
      context.restore();
    }
  }

  /** The group painted at `view` into a canvas sized as `target`: made when its drag begins, again when the view changes. */
  private bitmapOf({ ids, items }: MovingGroup, view: Placement, target: HTMLCanvasElement): HTMLCanvasElement {
    const key = `${view.join(',')} ${target.width}×${target.height}`;
    const known = this.bitmaps.get(ids);
    if (known?.view === key) return known.canvas;
    const canvas = known?.canvas ?? document.createElement('canvas');
    [canvas.width, canvas.height] = [target.width, target.height];
    const context = canvas.getContext('2d');
    if (context) {
      context.setTransform(...view);
      for (const item of items()) paintItem(context, item);
    }
    this.bitmaps.set(ids, { view: key, canvas });
    return canvas;
  }
}
