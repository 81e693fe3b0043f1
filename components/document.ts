import * as Y from 'yjs';
import { DEFAULT_BACKGROUND } from './board.js';
import { isColor, readItemMeta, type BoardItem, type ItemMeta } from './board-items.js';
import { decodePoints, encodePoints } from './point-codec.js';
import { randomId } from './random-id.js';

export { BOARD_HEIGHT, BOARD_WIDTH, DEFAULT_BACKGROUND } from './board.js';

/** Transactions made by this user: the only ones undo/redo touches. */
export const LOCAL_ORIGIN = Symbol('draw-room local edit');

export type BoardChange =
  /** A new item on top of all others: paint just it. */
  | { kind: 'added'; item: BoardItem }
  /** Anything else (erase, undo, clear, a concurrent insert below others, background): repaint. */
  | { kind: 'reset' };

/** How an item is stored: its meta plus, for strokes, all its points packed in one chunk. */
type StoredItem = ItemMeta & { points?: Uint8Array };

/** Written by every clear, in the same change: tells each replica to keep what that clear removed. */
export interface ClearMark {
  id: string;
  /** Name of who cleared. */
  by: string;
  at: number;
}

/** What the last clear removed, as this replica saw it: anyone may put it back. */
interface ClearedItems {
  mark: ClearMark;
  stored: unknown[];
}

export class DrawingDocument {
  readonly ydoc: Y.Doc;
  readonly undoManager: Y.UndoManager;
  private readonly itemArray: Y.Array<unknown>;
  private readonly boardMap: Y.Map<unknown>;
  private readonly decoded = new WeakMap<object, BoardItem | null>();
  private readonly listeners = new Set<(changes: BoardChange[]) => void>();
  private cleared: ClearedItems | null = null;

  constructor(ydoc = new Y.Doc()) {
    this.ydoc = ydoc;
    this.itemArray = ydoc.getArray('items');
    this.boardMap = ydoc.getMap('board');
    // Each user action calls stopCapturing(), so one action is one undo step however long it lasts.
    this.undoManager = new Y.UndoManager([this.itemArray, this.boardMap], {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 2 ** 31 - 1,
    });
    this.itemArray.observe((event) => {
      this.keepCleared(event);
      this.emit(this.describe(event));
    });
    this.boardMap.observe(() => this.emit([{ kind: 'reset' }]));
  }

  /** Items in paint order, bottom first; malformed items from peers are left out. */
  get items(): BoardItem[] {
    const items: BoardItem[] = [];
    for (const stored of this.itemArray) {
      const item = this.view(stored);
      if (item) items.push(item);
    }
    return items;
  }

  get background(): string {
    const color = this.boardMap.get('background');
    return isColor(color) ? color : DEFAULT_BACKGROUND;
  }

  /** Called once per transaction with what it changed, so a sync of many items paints in one go. */
  onChange(listener: (changes: BoardChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a new undo step: call at the start of every user action. */
  beginAction(): void {
    this.undoManager.stopCapturing();
  }

  /** Adds an item on top; a stroke comes with all its points. */
  addItem(meta: ItemMeta, points: ArrayLike<number> = []): void {
    const stored: StoredItem = meta.kind === 'stroke' ? { ...meta, points: encodePoints(points) } : { ...meta };
    this.local(() => this.itemArray.push([stored]));
  }

  /** Removes items by id: erasing is a document change, so it syncs and can be undone. */
  erase(ids: ReadonlySet<string>): void {
    if (ids.size === 0) return;
    this.local(() => {
      for (let index = this.itemArray.length - 1; index >= 0; index--) {
        const id = (this.itemArray.get(index) as { id?: unknown } | null)?.id;
        if (typeof id === 'string' && ids.has(id)) this.itemArray.delete(index, 1);
      }
    });
  }

  /** Removes every item, for everyone; each replica keeps them so that anyone can restore them. */
  clear(by: string): void {
    if (this.itemArray.length === 0) return;
    const mark: ClearMark = { id: randomId(), by, at: Date.now() };
    this.local(() => {
      this.boardMap.set('lastClear', mark);
      this.itemArray.delete(0, this.itemArray.length);
    });
  }

  /** The last clear, while what it removed can be put back (none of it is on the board again). */
  get restorableClear(): (ClearMark & { count: number }) | null {
    const cleared = this.cleared;
    const mark = this.boardMap.get('lastClear') as Partial<ClearMark> | undefined;
    if (!cleared || mark?.id !== cleared.mark.id) return null;
    const onBoard = this.storedIds();
    if (cleared.stored.some((stored) => onBoard.has(idOf(stored)))) return null;
    return { ...cleared.mark, count: cleared.stored.length };
  }

  /** Puts the last clear's items back below everything drawn since, as this user's (undoable) change. */
  restoreClear(): void {
    const cleared = this.restorableClear && this.cleared;
    if (!cleared) return;
    this.local(() => {
      this.boardMap.delete('lastClear');
      this.itemArray.insert(0, cleared.stored);
    });
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

  /** A change that wrote a clear mark and removed items: keep those items, in board order, for a restore. */
  private keepCleared(event: Y.YArrayEvent<unknown>): void {
    const changedBoard = [...event.transaction.changed].find(([type]) => (type as unknown) === this.boardMap)?.[1];
    if (!changedBoard?.has('lastClear')) return;
    const mark = this.boardMap.get('lastClear') as ClearMark | undefined;
    const deleted = event.changes.deleted;
    if (!mark || deleted.size === 0) return;
    const stored: unknown[] = [];
    // Deleted items stay in the array's list until the change ends: walking it keeps their order.
    for (let item = this.itemArray._start; item !== null; item = item.right) {
      if (deleted.has(item)) stored.push(...item.content.getContent());
    }
    this.cleared = { mark, stored };
  }

  private storedIds(): Set<string> {
    const ids = new Set<string>();
    for (const stored of this.itemArray) ids.add(idOf(stored));
    return ids;
  }

  private local(change: () => void): void {
    this.ydoc.transact(change, LOCAL_ORIGIN);
  }

  /** Decodes a stored item once; a malformed one (from a hostile or buggy peer) is skipped with a warning. */
  private view(stored: unknown): BoardItem | null {
    if (typeof stored !== 'object' || stored === null) return null;
    const known = this.decoded.get(stored);
    if (known !== undefined) return known;
    let item: BoardItem | null = null;
    try {
      const meta = readItemMeta(stored);
      if (!meta) throw new Error('its meta is malformed');
      const packed = (stored as StoredItem).points;
      if (meta.kind === 'stroke' && !(packed instanceof Uint8Array)) throw new Error('a stroke without packed points');
      item = { ...meta, points: meta.kind === 'stroke' ? decodePoints(packed!) : [] };
    } catch (error) {
      console.warn(`draw-room: skipped an item from a peer: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.decoded.set(stored, item);
    return item;
  }

  /** Items added on top paint incrementally; anything else (erase, undo, an insert below others) repaints. */
  private describe(event: Y.YArrayEvent<unknown>): BoardChange[] {
    const delta = event.changes.delta;
    const last = delta[delta.length - 1];
    let end = 0;
    for (const op of delta) end += op.retain ?? (Array.isArray(op.insert) ? op.insert.length : 0);
    const appendedOnTop =
      delta.every((op) => op.delete === undefined) && Array.isArray(last?.insert) && end === this.itemArray.length;
    if (!appendedOnTop) return [{ kind: 'reset' }];
    const changes: BoardChange[] = [];
    for (const stored of last!.insert as unknown[]) {
      const item = this.view(stored);
      if (item) changes.push({ kind: 'added', item });
    }
    return changes;
  }

  private emit(changes: BoardChange[]): void {
    if (changes.length === 0) return;
    for (const listener of this.listeners) listener(changes);
  }
}

const idOf = (stored: unknown) => String((stored as { id?: unknown } | null)?.id);
