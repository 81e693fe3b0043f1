import type { BoardItem, ItemKind } from '../drawing/board-items.js';

const KIND_NAMES: Record<ItemKind, [one: string, many: string]> = {
  stroke: ['stroke', 'strokes'],
  rect: ['rectangle', 'rectangles'],
  ellipse: ['ellipse', 'ellipses'],
  line: ['line', 'lines'],
  arrow: ['arrow', 'arrows'],
  text: ['text', 'texts'],
};

/** "12 items: 9 strokes, 2 rectangles, 1 text", "an empty board": what a saved version holds, in words. */
export function describeVersion(items: readonly BoardItem[]): string {
  return items.length === 0 ? 'an empty board' : countsInWords(items);
}

/** How many texts the board's description quotes, and how much of each. */
const QUOTED_TEXTS = 3;
const QUOTE_LENGTH = 24;

/**
 * What is on the board, for its accessible description: "Empty board", or the counts of each kind with the first
 * texts quoted, shortened: "12 items: 9 strokes, 2 rectangles, 1 text 'Plan'".
 */
export function describeBoard(items: readonly BoardItem[]): string {
  if (items.length === 0) return 'Empty board';
  const texts = items.flatMap((item) => (item.kind === 'text' ? [item.text] : []));
  const quoted = texts.slice(0, QUOTED_TEXTS).map(quote);
  const more = texts.length - quoted.length;
  return countsInWords(items, { text: more > 0 ? `${quoted.join(', ')} and ${more} more` : listInWords(quoted) });
}

/** "12 items: 9 strokes, 2 rectangles, 1 text", each kind's count followed by its `detail`, if any. */
function countsInWords(items: readonly BoardItem[], detail: Partial<Record<ItemKind, string>> = {}): string {
  const counts = new Map<ItemKind, number>();
  for (const item of items) counts.set(item.kind, (counts.get(item.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, count]) => [`${count} ${KIND_NAMES[kind][count === 1 ? 0 : 1]}`, detail[kind]].filter(Boolean).join(' '));
  return `${items.length} ${items.length === 1 ? 'item' : 'items'}: ${parts.join(', ')}`;
}

/** "Selected rectangle", "Selected text 'Plan'", "Selected 3 items: 2 strokes, 1 text", "Nothing selected". */
export function describeSelection(items: readonly BoardItem[]): string {
  if (items.length === 0) return 'Nothing selected';
  const [only] = items;
  if (items.length > 1) return `Selected ${countsInWords(items)}`;
  return `Selected ${KIND_NAMES[only!.kind][0]}${only!.kind === 'text' ? ` ${quote(only!.text)}` : ''}`;
}

/** 'Plan', or the start of a long or multi-space text: 'Shopping list for the…'. */
function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return `'${chars.length > QUOTE_LENGTH ? `${chars.slice(0, QUOTE_LENGTH - 1).join('').trimEnd()}…` : flat}'`;
}

/** "a", "a and b", "a, b and c". */
export function listInWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`;
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
