import type { BoardItem, ItemKind } from '../../components/drawing/board-items.js';

/** The item, which must be of `kind` (a stroke, say, to read its points): throws, saying what it is, when not. */
export function itemOfKind<K extends ItemKind>(item: BoardItem | undefined, kind: K): BoardItem & { kind: K } {
  if (item?.kind !== kind) throw new Error(`expected a ${kind}, found ${item ? `a ${item.kind}` : 'no item'}`);
  return item as BoardItem & { kind: K };
}
