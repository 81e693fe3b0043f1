import type * as Y from 'yjs';
import { checkItemMeta, type BoardItem } from './board-items.js';
import { MAX_ITEMS, boardFullProblem } from './input-limits.js';
import { decodePoints } from './point-codec.js';

/**
 * Decides once, when a stored item arrives, whether the board shows it: malformed items and items past the
 * board's item limit are not shown. The limit refuses arrivals, never what is already shown, so wherever a
 * peer inserts its items (below everything, say), nothing already drawn disappears.
 */
export class ItemAdmission {
  /** The decoded item for each stored one, or null when it is not shown. */
  private readonly verdicts = new WeakMap<object, BoardItem | null>();
  /** Entries of the item array that are not shown. */
  private hiddenEntries = 0;

  /** Admits what the array held before anyone watched it; returns why any was refused. */
  admitExisting(entries: readonly unknown[]): string[] {
    return this.admitInserted(entries, 0);
  }

  /** Admits what a change inserted, in board order, while there is room; returns why any was refused. */
  admitChange(event: Y.YArrayEvent<unknown>, arrayLength: number): string[] {
    const { deleted, delta } = event.changes;
    // Deleted entries' content is still there while the change's observers run.
    for (const item of deleted) for (const stored of item.content.getContent()) if (!this.shown(stored)) this.hiddenEntries--;
    const inserted = delta.flatMap((op) => (Array.isArray(op.insert) ? (op.insert as unknown[]) : []));
    return this.admitInserted(inserted, arrayLength - inserted.length - this.hiddenEntries);
  }

  shownCount(arrayLength: number): number {
    return arrayLength - this.hiddenEntries;
  }

  /** The item as the board shows it, or null when it is not shown. */
  shown(stored: unknown): BoardItem | null {
    if (typeof stored !== 'object' || stored === null) return null;
    const known = this.verdicts.get(stored);
    if (known !== undefined) return known;
    const checked = checkStored(stored);
    const item = 'item' in checked ? checked.item : null;
    this.verdicts.set(stored, item);
    return item;
  }

  private admitInserted(inserted: readonly unknown[], shownBefore: number): string[] {
    let shown = shownBefore;
    const problems: string[] = [];
    for (const stored of inserted) {
      const { item, problem } = this.judge(stored, shown < MAX_ITEMS);
      if (item) shown++;
      else this.hiddenEntries++;
      if (problem) problems.push(problem);
    }
    return problems;
  }

  /** A new entry's verdict. One seen before (an undo, a restore) keeps its own, reported when it first arrived. */
  private judge(stored: unknown, room: boolean): { item: BoardItem | null; problem?: string } {
    if (typeof stored !== 'object' || stored === null) return { item: null, problem: 'not an item' };
    const known = this.verdicts.get(stored);
    if (known !== undefined) return { item: known };
    const checked = checkStored(stored);
    if ('problem' in checked || !room) {
      this.verdicts.set(stored, null);
      return { item: null, problem: 'problem' in checked ? checked.problem : boardFullProblem };
    }
    this.verdicts.set(stored, checked.item);
    return { item: checked.item };
  }
}

function checkStored(stored: object): { item: BoardItem } | { problem: string } {
  const checked = checkItemMeta(stored);
  if ('problem' in checked) return checked;
  const { meta } = checked;
  if (meta.kind !== 'stroke') return { item: meta };
  const packed = (stored as { points?: unknown }).points;
  if (!(packed instanceof Uint8Array)) return { problem: 'a stroke without packed points' };
  try {
    return { item: { ...meta, points: decodePoints(packed) } };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}
