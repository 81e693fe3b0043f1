import { BOARD_HEIGHT, BOARD_WIDTH } from './board.js';

/** What a user can draw. The eraser draws nothing: it removes the items it touches. */
export type Tool = 'pen' | 'rect' | 'ellipse' | 'text' | 'eraser';
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
  if (typeof value !== 'object' || value === null) return null;
  const meta = value as Record<string, unknown>;
  const { id, author, kind, color, width } = meta;
  if (!isShortString(id) || !isShortString(author) || !KINDS.includes(kind as ItemKind) || !isColor(color)) return null;
  if (!isNumberIn(width, 0.5, 200)) return null;
  const result: ItemMeta = { id, author, kind: kind as ItemKind, color, width };
  if (kind === 'stroke') return result;
  const { x, y, w, h } = meta;
  if (!isNumberIn(x, -BOARD_WIDTH, 2 * BOARD_WIDTH) || !isNumberIn(y, -BOARD_HEIGHT, 2 * BOARD_HEIGHT)) return null;
  Object.assign(result, { x, y });
  if (kind === 'text') {
    const { text, fontSize } = meta;
    if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH || !isNumberIn(fontSize, 6, 400)) return null;
    return Object.assign(result, { text, fontSize });
  }
  if (!isNumberIn(w, -2 * BOARD_WIDTH, 2 * BOARD_WIDTH) || !isNumberIn(h, -2 * BOARD_HEIGHT, 2 * BOARD_HEIGHT)) return null;
  return Object.assign(result, { w, h });
}

const isShortString = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 64;
const isNumberIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && value >= min && value <= max;
