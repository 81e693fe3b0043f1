import type * as Y from 'yjs';
import type { BoardItem } from './board-items.js';
import { isIdentity, readPlacement, type Placement } from './placement.js';

/**
 * The document's placements: item id → where the select tool put that item, in a Y.Map beside the items. A map
 * entry is last-writer-wins, so when two people move one item at once every replica ends with the same one of
 * the two moves, and the item is never doubled (as replacing it in the item array would double it).
 * Placements of erased items go with them; a clear keeps them, so a restored item comes back where it was.
 */
export class ItemPlacements {
  /** Each shown item with its placement added, kept while both stay the same, so painters' caches keep hitting. */
  private readonly placed = new WeakMap<BoardItem, { raw: unknown; item: BoardItem }>();

  constructor(readonly map: Y.Map<unknown>) {}

  /** The item as the board shows it: with `at` when it was placed (a malformed placement is ignored). */
  show(item: BoardItem): BoardItem {
    const raw = this.map.get(item.id);
    if (raw === undefined) return item;
    const known = this.placed.get(item);
    if (known?.raw === raw) return known.item;
    const at = readPlacement(raw);
    const shown = at ? { ...item, at } : item;
    this.placed.set(item, { raw, item: shown });
    return shown;
  }

  of(id: string): Placement | null {
    return readPlacement(this.map.get(id));
  }

  /** Writes placements (inside the caller's transaction); the identity removes the entry, which costs nothing stored. */
  write(placements: ReadonlyMap<string, Placement>): void {
    for (const [id, placement] of placements) {
      if (isIdentity(placement)) {
        if (this.map.has(id)) this.map.delete(id);
      } else {
        this.map.set(id, [...placement]);
      }
    }
  }

  /** Forgets the placements of items that are gone (inside the caller's transaction). */
  forget(ids: Iterable<string>): void {
    for (const id of ids) if (this.map.has(id)) this.map.delete(id);
  }

  /** Makes the placements of `ids` what `wanted` holds (inside the caller's transaction): a restore's part. */
  reshape(ids: Iterable<string>, wanted: ReadonlyMap<string, unknown>): void {
    for (const id of ids) {
      const placement = wanted.get(id);
      if (placement === undefined) {
        if (this.map.has(id)) this.map.delete(id);
      } else if (JSON.stringify(placement) !== JSON.stringify(this.map.get(id))) {
        this.map.set(id, placement);
      }
    }
  }
}
