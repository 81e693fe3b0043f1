import * as Y from 'yjs';
import type { BoardItem } from './board-items.js';

/** A board as it was at some point: what the History panel previews before a restore. */
export interface BoardVersion {
  items: BoardItem[];
  background: string;
}

/** Applies a snapshot() to `doc`, saying in words when the bytes are not one. */
export function applyVersion(doc: Y.Doc, version: Uint8Array): void {
  try {
    Y.applyUpdate(doc, version);
  } catch (error) {
    throw new Error(`these ${version.byteLength} bytes are not a board snapshot (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}

/** The stored items and background a snapshot() holds, read through a throwaway document. */
export function storedVersionOf(version: Uint8Array): { stored: unknown[]; background: unknown; placements: Map<string, unknown> } {
  const past = new Y.Doc();
  applyVersion(past, version);
  const stored = past.getArray('items').toArray();
  const background = past.getMap('board').get('background');
  const placements = new Map(past.getMap('placements').entries());
  past.destroy();
  return { stored, background, placements };
}

/**
 * Edits `items` (inside the caller's transaction) into `wanted`, by item id: what is not wanted goes, what is
 * missing comes back in its place, and what both hold stays untouched, so a restore costs only the difference.
 */
export function reshapeItems(items: Y.Array<unknown>, wanted: readonly unknown[]): void {
  const wantedIds = new Set(wanted.map(idOf));
  for (let index = items.length - 1; index >= 0; index--) {
    if (!wantedIds.has(idOf(items.get(index)))) items.delete(index, 1);
  }
  // Now `items` holds wanted items only; walk both in order and fill the gaps.
  let index = 0;
  for (const item of wanted) {
    const id = idOf(item);
    if (index < items.length && idOf(items.get(index)) === id) {
      index++;
      continue;
    }
    // Out of order here (a restore of a clear moved it): taken out and put back where the version had it.
    const elsewhere = items.toArray().findIndex((other, at) => at > index && idOf(other) === id);
    if (elsewhere >= 0) items.delete(elsewhere, 1);
    items.insert(index, [item]);
    index++;
  }
}

const idOf = (stored: unknown) => String((stored as { id?: unknown } | null)?.id);
