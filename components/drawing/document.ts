import * as Y from 'yjs';
import { DEFAULT_BACKGROUND } from './board.js';
import { isColor, type BoardItem, type ItemMeta } from './board-items.js';
import { MAX_ITEMS, MAX_POINTS_PER_STROKE, boardFullProblem } from './input-limits.js';
import { ItemAdmission } from './item-admission.js';
import { encodePoints } from './point-codec.js';
import { randomId } from '../../protocol/random-id.js';
import { applyVersion, reshapeItems, storedVersionOf, type BoardVersion } from './board-version.js';
import { ItemPlacements } from './item-placements.js';
import { compose, IDENTITY, translation, type Placement } from './placement.js';

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

/** Written by every restore (of a clear, or of a saved version), in the same change: who put things back. */
export interface RestoreMark {
  id: string;
  /** Name of who restored. */
  by: string;
  at: number;
  /** How many items came back. */
  count: number;
  of: 'clear' | 'version';
}

/** An item as copy keeps it, to paste later: its stored form (points packed) and where it was placed. */
export interface ItemCopy {
  stored: Readonly<StoredItem>;
  at: Placement;
}

/** Items a change brought that the board does not show, why, and the change's transaction origin (who made it). */
export type RefusalListener = (problems: string[], origin: unknown) => void;

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
  private readonly placements: ItemPlacements;
  private readonly admission = new ItemAdmission();
  private readonly listeners = new Set<(changes: BoardChange[]) => void>();
  private readonly refusalListeners = new Set<RefusalListener>();
  private cleared: ClearedItems | null = null;

  /** The board a snapshot() shows, as the widget paints it (malformed items left out); throws on other bytes. */
  static versionOf(version: Uint8Array): BoardVersion {
    const past = new DrawingDocument();
    try {
      applyVersion(past.ydoc, version);
      return { items: past.items, background: past.background };
    } finally {
      past.destroy();
      past.ydoc.destroy();
    }
  }

  constructor(ydoc = new Y.Doc()) {
    this.ydoc = ydoc;
    this.itemArray = ydoc.getArray('items');
    this.boardMap = ydoc.getMap('board');
    this.placements = new ItemPlacements(ydoc.getMap('placements'));
    // Each user action calls stopCapturing(), so one action is one undo step however long it lasts.
    this.undoManager = new Y.UndoManager([this.itemArray, this.boardMap, this.placements.map], {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 2 ** 31 - 1,
    });
    this.admission.admitExisting(this.itemArray.toArray());
    this.itemArray.observe((event) => {
      this.keepCleared(event);
      const refused = this.admission.admitChange(event, this.itemArray.length);
      if (refused.length > 0) this.refuse(refused, event.transaction.origin);
      this.emit(this.describe(event));
    });
    this.boardMap.observe(() => this.emit([{ kind: 'reset' }]));
    this.placements.map.observe(() => this.emit([{ kind: 'reset' }]));
  }

  /** Items in paint order, bottom first; malformed items from peers are left out. */
  get items(): BoardItem[] {
    const items: BoardItem[] = [];
    for (const stored of this.itemArray) {
      const item = this.admission.shown(stored);
      if (item) items.push(this.placements.show(item));
    }
    return items;
  }

  /** Where the select tool put an item: the identity when nowhere (or when its placement is malformed). */
  placementOf(id: string): Placement {
    return this.placements.of(id) ?? IDENTITY;
  }

  /**
   * Moves, resizes or turns items, as one change of this user's (one undo step when the action began with
   * beginAction): each id gets its new placement, from the coordinates it was drawn in.
   */
  place(placements: ReadonlyMap<string, Placement>): void {
    if (placements.size === 0) return;
    this.local(() => this.placements.write(placements));
  }

  /** The items with these ids as they are stored, with their placements: what a copy keeps. */
  copyOf(ids: ReadonlySet<string>): ItemCopy[] {
    const copies: ItemCopy[] = [];
    for (const stored of this.itemArray) {
      const id = idOf(stored);
      if (ids.has(id) && this.admission.shown(stored)) copies.push({ stored: stored as StoredItem, at: this.placementOf(id) });
    }
    return copies;
  }

  /**
   * Adds copies on top, shifted by (dx, dy), as new items of `author`'s, in one change; returns their ids in
   * board order. On a full board only what fits is added, and the refusal is reported.
   */
  paste(copies: readonly ItemCopy[], dx: number, dy: number, author: string): string[] {
    const room = MAX_ITEMS - this.admission.shownCount(this.itemArray.length);
    if (room < copies.length) this.refuse([boardFullProblem], LOCAL_ORIGIN);
    const added = copies.slice(0, Math.max(0, room)).map((copy) => ({ ...copy, stored: { ...copy.stored, id: randomId(), author } }));
    if (added.length === 0) return [];
    this.local(() => {
      this.itemArray.push(added.map((copy) => copy.stored));
      this.placements.write(new Map(added.map((copy) => [copy.stored.id, compose(translation(dx, dy), copy.at)])));
    });
    return added.map((copy) => copy.stored.id);
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

  /** Called with the items a change brought that the board does not show, and why. */
  onRefusal(listener: RefusalListener): () => void {
    this.refusalListeners.add(listener);
    return () => this.refusalListeners.delete(listener);
  }

  /** Starts a new undo step: call at the start of every user action. */
  beginAction(): void {
    this.undoManager.stopCapturing();
  }

  /**
   * Adds an item on top; a stroke comes with all its points, and is cut at the point limit. On a full board
   * nothing is added, and the refusal is reported.
   */
  addItem(meta: ItemMeta, points: ArrayLike<number> = []): void {
    if (this.admission.shownCount(this.itemArray.length) >= MAX_ITEMS) return this.refuse([boardFullProblem], LOCAL_ORIGIN);
    const stored: StoredItem = meta.kind === 'stroke' ? { ...meta, points: encodePoints(upToPointLimit(points)) } : { ...meta };
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
      this.placements.forget(ids);
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

  /** Puts the last clear's items back below everything drawn since, as this user's (`by`, undoable) change. */
  restoreClear(by = ''): void {
    const cleared = this.restorableClear && this.cleared;
    if (!cleared) return;
    this.local(() => {
      this.boardMap.delete('lastClear');
      this.boardMap.set('lastRestore', restoreMark(by, cleared.stored.length, 'clear'));
      this.itemArray.insert(0, cleared.stored);
    });
  }

  setBackground(color: string): void {
    if (!isColor(color) || color === this.background) return;
    this.local(() => this.boardMap.set('background', color));
  }

  /** The whole document as one Yjs update (what `load` takes): items, background, and what undo and restore need. */
  snapshot(): Uint8Array {
    return Y.encodeStateAsUpdate(this.ydoc);
  }

  /**
   * Merges a snapshot in as one change of this user's, shared with the room and undone in one step. What the board
   * already holds (the same snapshot twice, or one taken from this room) is not doubled: Yjs merges by item id.
   */
  load(snapshot: Uint8Array): void {
    if (!(snapshot instanceof Uint8Array)) throw new TypeError('load() takes the Uint8Array that snapshot() returned');
    this.beginAction();
    try {
      Y.applyUpdate(this.ydoc, snapshot, LOCAL_ORIGIN);
    } catch (error) {
      throw new Error(`load(): these ${snapshot.byteLength} bytes are not a board snapshot (${error instanceof Error ? error.message : String(error)})`);
    }
    this.beginAction();
  }

  /**
   * Makes the board what `version` (a snapshot() of this room, such as one the server kept) showed: its items in
   * its order and its background, as one change of this user's (`by` names them to the others) that undo takes back
   * and that every peer gets. Items drawn since are removed, items removed since come back; items on both stay as
   * they are. Throws on bytes that are not a snapshot, before changing anything.
   */
  restoreVersion(version: Uint8Array, by = ''): void {
    const { stored, background, placements } = storedVersionOf(version);
    this.beginAction();
    this.ydoc.transact((transaction) => {
      const before = this.storedIds();
      reshapeItems(this.itemArray, stored);
      this.placements.reshape(new Set([...before, ...stored.map(idOf)]), placements);
      if (isColor(background)) {
        if (background !== this.boardMap.get('background')) this.boardMap.set('background', background);
      } else if (this.boardMap.has('background')) this.boardMap.delete('background');
      // A restore that changes nothing sends nothing, not even who made it.
      if (transaction.changed.size > 0) this.boardMap.set('lastRestore', restoreMark(by, stored.length, 'version'));
    }, LOCAL_ORIGIN);
    this.beginAction();
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
    this.refusalListeners.clear();
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
      const item = this.admission.shown(stored);
      if (item) changes.push({ kind: 'added', item });
    }
    return changes;
  }

  private refuse(problems: string[], origin: unknown): void {
    for (const listener of this.refusalListeners) listener(problems, origin);
  }

  private emit(changes: BoardChange[]): void {
    if (changes.length === 0) return;
    for (const listener of this.listeners) listener(changes);
  }
}

/** A stroke drawn past the point limit is kept up to it: every peer would refuse it whole. */
const upToPointLimit = (points: ArrayLike<number>): ArrayLike<number> =>
  points.length <= MAX_POINTS_PER_STROKE * 3 ? points : Array.from({ length: MAX_POINTS_PER_STROKE * 3 }, (_, i) => points[i]!);

const restoreMark = (by: string, count: number, of: RestoreMark['of']): RestoreMark => ({ id: randomId(), by, at: Date.now(), count, of });

const idOf = (stored: unknown) => String((stored as { id?: unknown } | null)?.id);
