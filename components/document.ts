import * as Y from 'yjs';
import { DEFAULT_BACKGROUND } from './board.js';
import { isColor, readItemMeta, type BoardItem, type ItemMeta } from './board-items.js';
import { decodePoints, encodePoints } from './point-codec.js';

export { BOARD_HEIGHT, BOARD_WIDTH, DEFAULT_BACKGROUND } from './board.js';

/** Transactions made by this user: the only ones undo/redo touches. */
export const LOCAL_ORIGIN = Symbol('draw-room local edit');

export type BoardChange =
  /** A new item on top of all others: paint just it. */
  | { kind: 'added'; item: BoardItem }
  /** More points at the end of a stroke that is on top: paint from `from` on. */
  | { kind: 'extended'; item: BoardItem; from: number }
  /** Anything else (erase, undo, clear, a concurrent insert below others, background): repaint. */
  | { kind: 'reset' };

interface DecodedItem {
  item: BoardItem;
  chunks: number;
}

/**
 * The shared drawing: a Y.Doc holding an ordered array of items (strokes, shapes, text) and the board
 * background. Every peer's copy converges whatever the order or duplication of updates.
 */
export class DrawingDocument {
  readonly ydoc: Y.Doc;
  readonly undoManager: Y.UndoManager;
  private readonly itemArray: Y.Array<Y.Map<unknown>>;
  private readonly boardMap: Y.Map<unknown>;
  private readonly decoded = new WeakMap<Y.Map<unknown>, DecodedItem>();
  private readonly listeners = new Set<(change: BoardChange) => void>();
  private readonly skipped = new WeakSet<Y.Map<unknown>>();

  constructor(ydoc = new Y.Doc()) {
    this.ydoc = ydoc;
    this.itemArray = ydoc.getArray('items');
    this.boardMap = ydoc.getMap('board');
    // Each user action calls stopCapturing(), so one action is one undo step however long it lasts.
    this.undoManager = new Y.UndoManager([this.itemArray, this.boardMap], {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 2 ** 31 - 1,
    });
    this.itemArray.observeDeep((events) => this.emit(this.describe(events)));
    this.boardMap.observe(() => this.emit({ kind: 'reset' }));
  }

  /** Items in paint order, bottom first; malformed items from peers are left out. */
  get items(): BoardItem[] {
    const items: BoardItem[] = [];
    for (const map of this.itemArray) {
      const item = this.view(map);
      if (item) items.push(item);
    }
    return items;
  }

  get background(): string {
    const color = this.boardMap.get('background');
    return isColor(color) ? color : DEFAULT_BACKGROUND;
  }

  onChange(listener: (change: BoardChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a new undo step: call at the start of every user action. */
  beginAction(): void {
    this.undoManager.stopCapturing();
  }

  /** Adds an item; strokes take their first points along. */
  addItem(meta: ItemMeta, points: readonly number[] = []): void {
    this.local(() => {
      const map = new Y.Map<unknown>();
      map.set('meta', { ...meta });
      if (meta.kind === 'stroke') {
        const chunks = new Y.Array<Uint8Array>();
        if (points.length > 0) chunks.push([encodePoints(points)]);
        map.set('points', chunks);
      }
      this.itemArray.push([map]);
    });
  }

  /** Appends points to a stroke this user is drawing. */
  appendPoints(id: string, points: readonly number[]): void {
    if (points.length === 0) return;
    const map = this.findMap(id);
    const chunks = map?.get('points');
    if (!(chunks instanceof Y.Array)) return;
    this.local(() => chunks.push([encodePoints(points)]));
  }

  /** Removes items by id: erasing is a document change, so it syncs and can be undone. */
  erase(ids: ReadonlySet<string>): void {
    if (ids.size === 0) return;
    this.local(() => {
      for (let index = this.itemArray.length - 1; index >= 0; index--) {
        const meta = this.itemArray.get(index).get('meta') as { id?: unknown } | undefined;
        if (typeof meta?.id === 'string' && ids.has(meta.id)) this.itemArray.delete(index, 1);
      }
    });
  }

  clear(): void {
    if (this.itemArray.length === 0) return;
    this.local(() => this.itemArray.delete(0, this.itemArray.length));
  }

  setBackground(color: string): void {
    if (!isColor(color) || color === this.background) return;
    this.local(() => this.boardMap.set('background', color));
  }

  undo(): void {
    this.undoManager.undo();
  }

  redo(): void {
    this.undoManager.redo();
  }

  destroy(): void {
    this.undoManager.destroy();
    this.listeners.clear();
  }

  private local(change: () => void): void {
    this.ydoc.transact(change, LOCAL_ORIGIN);
  }

  private findMap(id: string): Y.Map<unknown> | undefined {
    // Search from the top: the stroke being drawn is almost always the newest.
    for (let index = this.itemArray.length - 1; index >= 0; index--) {
      const map = this.itemArray.get(index);
      if ((map.get('meta') as { id?: unknown } | undefined)?.id === id) return map;
    }
    return undefined;
  }

  /** Decodes an item, reusing what was decoded before and decoding only new point chunks. */
  private view(map: Y.Map<unknown>): BoardItem | null {
    let entry = this.decoded.get(map);
    if (!entry) {
      const meta = readItemMeta(map.get('meta'));
      if (!meta) return this.skip(map, 'its meta is malformed');
      entry = { item: { ...meta, points: [] }, chunks: 0 };
      this.decoded.set(map, entry);
    }
    const chunks = map.get('points');
    if (entry.item.kind === 'stroke' && chunks instanceof Y.Array) {
      for (; entry.chunks < chunks.length; entry.chunks++) {
        const bytes = chunks.get(entry.chunks);
        try {
          if (!(bytes instanceof Uint8Array)) throw new Error('a point chunk is not bytes');
          entry.item.points.push(...decodePoints(bytes));
        } catch (error) {
          console.warn(`draw-room: skipped bad points of stroke ${entry.item.id}: ${String(error)}`);
        }
      }
    }
    return entry.item;
  }

  private skip(map: Y.Map<unknown>, reason: string): null {
    if (!this.skipped.has(map)) {
      this.skipped.add(map);
      console.warn(`draw-room: skipped an item from a peer: ${reason}`);
    }
    return null;
  }

  private describe(events: Array<Y.YEvent<Y.AbstractType<unknown>>>): BoardChange[] {
    const changes: BoardChange[] = [];
    for (const event of events) {
      if (event.target === this.itemArray) {
        const delta = event.changes.delta;
        const last = delta[delta.length - 1];
        let end = 0;
        for (const op of delta) end += op.retain ?? (Array.isArray(op.insert) ? op.insert.length : 0);
        const appendedOnTop =
          delta.every((op) => op.delete === undefined) && Array.isArray(last?.insert) && end === this.itemArray.length;
        if (!appendedOnTop) return [{ kind: 'reset' }];
        for (const map of last!.insert as Array<Y.Map<unknown>>) {
          const item = this.view(map);
          if (item) changes.push({ kind: 'added', item });
        }
      } else if (event.target instanceof Y.Array && event.target.parent instanceof Y.Map) {
        const map = event.target.parent as Y.Map<unknown>;
        const isTop = this.itemArray.get(this.itemArray.length - 1) === map;
        const before = this.decoded.get(map)?.item.points.length ?? 0;
        const item = this.view(map);
        if (!item) continue;
        if (!isTop) return [{ kind: 'reset' }];
        // A stroke added in this same transaction is painted whole by its 'added' change.
        if (!changes.some((change) => change.kind === 'added' && change.item === item)) {
          changes.push({ kind: 'extended', item, from: before });
        }
      } else {
        return [{ kind: 'reset' }];
      }
    }
    return changes;
  }

  private emit(changes: BoardChange | BoardChange[]): void {
    for (const change of Array.isArray(changes) ? changes : [changes]) {
      for (const listener of this.listeners) listener(change);
    }
  }
}
