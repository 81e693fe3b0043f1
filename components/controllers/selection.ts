import type { BoardItem } from '../drawing/board-items.js';

/**
 * What this user has selected with the select tool: item ids, in the order the board paints them. It is this
 * page's alone (peers see a selection only once it is dragged); ids of items that are gone drop out.
 */
export class Selection {
  private selected: ReadonlySet<string> = new Set();
  private readonly listeners = new Set<() => void>();

  get ids(): ReadonlySet<string> {
    return this.selected;
  }

  get size(): number {
    return this.selected.size;
  }

  has(id: string): boolean {
    return this.selected.has(id);
  }

  /** The selected items among `items`, in their order. */
  itemsOf(items: readonly BoardItem[]): BoardItem[] {
    return this.selected.size === 0 ? [] : items.filter((item) => this.selected.has(item.id));
  }

  set(ids: Iterable<string>): void {
    const next = new Set(ids);
    if (next.size === this.selected.size && [...next].every((id) => this.selected.has(id))) return;
    this.selected = next;
    for (const listener of this.listeners) listener();
  }

  toggle(id: string): void {
    const next = new Set(this.selected);
    if (!next.delete(id)) next.add(id);
    this.set(next);
  }

  clear(): void {
    this.set([]);
  }

  /** Drops ids that are no longer on the board (erased here or by a peer, undone, cleared). */
  keepOnly(items: readonly BoardItem[]): void {
    if (this.selected.size === 0) return;
    const onBoard = new Set(items.map((item) => item.id));
    if ([...this.selected].every((id) => onBoard.has(id))) return;
    this.set([...this.selected].filter((id) => onBoard.has(id)));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
