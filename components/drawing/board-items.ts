import { isInAcceptedArea, outsideAreaProblem } from './input-limits.js';

export type ItemKind = 'stroke' | 'rect' | 'ellipse' | 'text';

/** The fixed part of an item, written once when it is created. */
export interface ItemMeta {
  id: string;
  author: string;
  kind: ItemKind;
  color: string;
  /** Stroke width (pen and shape outlines), board pixels. */
  width: number;
  /** Shapes and text: position and size in board pixels. */
  x?: number;
  y?: number;
  w?: number;
  h?: number;
  text?: string;
  fontSize?: number;
}

/** An item as the renderer sees it: its meta plus decoded points (strokes only). */
export interface BoardItem extends ItemMeta {
  /** Flat [x, y, pressure, …]. */
  points: ArrayLike<number>;
}

export const MAX_TEXT_LENGTH = 500;
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
const KINDS: readonly ItemKind[] = ['stroke', 'rect', 'ellipse', 'text'];

export const isColor = (value: unknown): value is string => typeof value === 'string' && COLOR_PATTERN.test(value);

/** Validates meta that came from a peer; null when anything is off, so a bad item is skipped, never drawn. */
export function readItemMeta(value: unknown): ItemMeta | null {
  const checked = checkItemMeta(value);
  return 'meta' in checked ? checked.meta : null;
}

/** Validates meta that came from a peer, saying what is wrong when anything is. */
export function checkItemMeta(value: unknown): { meta: ItemMeta } | { problem: string } {
  if (typeof value !== 'object' || value === null) return { problem: 'not an item' };
  const meta = value as Record<string, unknown>;
  const { id, author, kind, color, width } = meta;
  if (!isShortString(id) || !isShortString(author) || !KINDS.includes(kind as ItemKind) || !isColor(color)) {
    return { problem: 'malformed id, author, kind or colour' };
  }
  if (!isNumberIn(width, 0.5, 200)) return { problem: 'malformed width' };
  const result: ItemMeta = { id, author, kind: kind as ItemKind, color, width };
  if (kind === 'stroke') return { meta: result };
  const { x, y, w, h } = meta;
  if (!isFiniteNumber(x) || !isFiniteNumber(y)) return { problem: 'malformed position' };
  if (!isInAcceptedArea(x, y)) return { problem: outsideAreaProblem(x, y) };
  Object.assign(result, { x, y });
  if (kind === 'text') {
    const { text, fontSize } = meta;
    if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH || !isNumberIn(fontSize, 6, 400)) return { problem: 'malformed text' };
    return { meta: Object.assign(result, { text, fontSize }) };
  }
  if (!isFiniteNumber(w) || !isFiniteNumber(h)) return { problem: 'malformed size' };
  // The far corner too: a shape may not reach farther than a stroke could.
  if (!isInAcceptedArea(x + w, y + h)) return { problem: outsideAreaProblem(x + w, y + h) };
  return { meta: Object.assign(result, { w, h }) };
}

const isShortString = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 64;
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isNumberIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && value >= min && value <= max;
