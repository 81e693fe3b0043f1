import { isInAcceptedArea, outsideAreaProblem } from './input-limits.js';
import type { Placement } from './placement.js';

/** What every item has, written once when it is created. */
interface ItemBase {
  id: string;
  author: string;
  color: string;
  /** Stroke width (pen and shape outlines), board pixels. */
  width: number;
  /**
   * Dashed instead of solid; absent when solid, so a solid item costs no byte more. Widgets from before dashes
   * drop the field and paint the item solid.
   */
  dash?: true;
  /**
   * Where the select tool moved, resized or turned it to, when it did: never stored in the item itself (the
   * document keeps placements apart, by id, and adds them to the items it shows).
   */
  at?: Placement;
}

/** A pen stroke without its points, which are stored and sent packed, apart from the rest. */
export interface StrokeMeta extends ItemBase {
  kind: 'stroke';
}

/** A pen stroke. */
export interface StrokeItem extends StrokeMeta {
  /** Flat [x, y, pressure, …], board pixels. */
  points: ArrayLike<number>;
}

/** A rectangle or ellipse outline in its box; `w` and `h` are negative when it was dragged up or left. */
export interface ShapeItem extends ItemBase {
  kind: 'rect' | 'ellipse';
  x: number;
  y: number;
  w: number;
  h: number;
  /** Filled with its colour, not only outlined; absent when outlined (older widgets outline it). */
  fill?: true;
}

/**
 * A straight line, or an arrow whose filled head is at its end: from (x, y) to (x + w, y + h). Stored as shapes
 * are (no points), so it grows while dragged through the same live messages as a rectangle's box.
 */
export interface LineItem extends ItemBase {
  kind: 'line' | 'arrow';
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One line of text, its top-left corner at (x, y). */
export interface TextItem extends ItemBase {
  kind: 'text';
  x: number;
  y: number;
  text: string;
  fontSize: number;
}

/** An item as the board shows it. Code that handles each kind switches on `kind` and ends in `unhandledKind`. */
export type BoardItem = StrokeItem | ShapeItem | LineItem | TextItem;
export type ItemKind = BoardItem['kind'];
/** The fixed part of an item, written once when it is created: everything but a stroke's points. */
export type ItemMeta = StrokeMeta | ShapeItem | LineItem | TextItem;

/**
 * The default of a switch over every item kind, given the item (or kind) the cases left. Its parameter is
 * `never`, so a kind the switch does not handle fails to compile there; items are validated before anyone
 * sees them, so it never runs.
 */
export function unhandledKind(value: never): never {
  throw new Error(`no case for this item kind: ${JSON.stringify(value)}`);
}

export const MAX_TEXT_LENGTH = 500;
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
// A record, not a list, so a kind added to BoardItem and not here fails to compile.
const KINDS: Record<ItemKind, true> = { stroke: true, rect: true, ellipse: true, line: true, arrow: true, text: true };

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
  if (!isShortString(id) || !isShortString(author) || !isColor(color)) return { problem: 'malformed id, author or colour' };
  // Named apart: a kind a newer widget added is no attack, and whoever reads the report should see which it is.
  if (!isItemKind(kind)) return { problem: `an item of a kind this widget does not know (${describeKind(kind)})` };
  if (!isNumberIn(width, 0.5, 200)) return { problem: 'malformed width' };
  const { dash, fill } = meta;
  if (!isAbsentOrBoolean(dash) || !isAbsentOrBoolean(fill)) return { problem: 'malformed dash or fill' };
  // Only what is on is kept: this widget never writes false, and an item reads back as this widget wrote it.
  const style = dash ? { dash } : {};
  if (kind === 'stroke') return { meta: { id, author, kind, color, width, ...style } };
  const { x, y } = meta;
  if (!isFiniteNumber(x) || !isFiniteNumber(y)) return { problem: 'malformed position' };
  if (!isInAcceptedArea(x, y)) return { problem: outsideAreaProblem(x, y) };
  switch (kind) {
    case 'text': {
      const { text, fontSize } = meta;
      if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH || !isNumberIn(fontSize, 6, 400)) return { problem: 'malformed text' };
      return { meta: { id, author, kind, color, width, x, y, text, fontSize, ...style } };
    }
    case 'rect':
    case 'ellipse':
    case 'line':
    case 'arrow': {
      const { w, h } = meta;
      if (!isFiniteNumber(w) || !isFiniteNumber(h)) return { problem: 'malformed size' };
      // The far corner too: a shape may not reach farther than a stroke could.
      if (!isInAcceptedArea(x + w, y + h)) return { problem: outsideAreaProblem(x + w, y + h) };
      // Lines have no inside to fill: a fill on one is ignored, as a widget that knows no fills ignores it.
      if (kind === 'line' || kind === 'arrow') return { meta: { id, author, kind, color, width, x, y, w, h, ...style } };
      return { meta: { id, author, kind, color, width, x, y, w, h, ...style, ...(fill ? { fill } : {}) } };
    }
    default:
      return unhandledKind(kind);
  }
}

const describeKind = (kind: unknown) => (isShortString(kind) ? JSON.stringify(kind) : typeof kind);
const isAbsentOrBoolean = (value: unknown): value is boolean | undefined => value === undefined || typeof value === 'boolean';
const isItemKind = (value: unknown): value is ItemKind => typeof value === 'string' && Object.hasOwn(KINDS, value);
const isShortString = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 64;
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isNumberIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && value >= min && value <= max;
