import type { BoardItem, ItemKind } from '../drawing/board-items.js';

const KIND_NAMES: Record<ItemKind, [one: string, many: string]> = {
  stroke: ['stroke', 'strokes'],
  rect: ['rectangle', 'rectangles'],
  ellipse: ['ellipse', 'ellipses'],
  text: ['text', 'texts'],
};

/** "12 items: 9 strokes, 2 rectangles, 1 text", "an empty board": what a saved version holds, in words. */
export function describeVersion(items: readonly BoardItem[]): string {
  if (items.length === 0) return 'an empty board';
  const counts = new Map<ItemKind, number>();
  for (const item of items) counts.set(item.kind, (counts.get(item.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, count]) => `${count} ${KIND_NAMES[kind][count === 1 ? 0 : 1]}`);
  return `${items.length} ${items.length === 1 ? 'item' : 'items'}: ${parts.join(', ')}`;
}

const RELATIVE_STEPS: ReadonlyArray<[unit: Intl.RelativeTimeFormatUnit, ms: number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "30 Nov 2026, 14:03 (5 minutes ago)": when a version was saved, in the reader's language and time zone. */
export function whenSaved(at: number, now = Date.now()): string {
  const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  const ago = now - at;
  const step = RELATIVE_STEPS.find(([, ms]) => ago >= ms);
  const relative = step ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(-Math.floor(ago / step[1]), step[0]) : 'just now';
  return `${absolute} (${relative})`;
}
