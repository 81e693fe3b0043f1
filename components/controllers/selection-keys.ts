import type { DrawingDocument, ItemCopy } from '../drawing/document.js';
import { compose, translation } from '../drawing/placement.js';
import type { Selection } from './selection.js';

export interface SelectionKeysOptions {
  document: DrawingDocument;
  selection: Selection;
  /** The author pasted and duplicated items are drawn under: this user. */
  author(): string;
  /** What the keys did, in words, for the live region ("Deleted 2 items"). */
  announce(text: string): void;
}

/** Pasted and duplicated items land this far down and right of the originals, so both show. */
const PASTE_SHIFT = 16;
/** Arrow keys nudge by one board pixel, or ten with Shift. */
const NUDGE = 1;
const BIG_NUDGE = 10;

const ARROWS: Readonly<Record<string, [number, number]>> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * The select tool's keys on the focused board: Delete or Backspace removes the selection, Ctrl/Cmd+C, X, V and D
 * copy, cut, paste and duplicate, Ctrl/Cmd+A selects everything, arrow keys nudge, Escape lets go, and Tab or
 * Shift+Tab moves the selection to the next or previous item while something is selected (with nothing selected
 * Tab leaves the board, as everywhere: Escape is the way out, which the board's hint says), Enter selects the newest
 * item. Each change is one undo step.
 */
export class SelectionKeys {
  /** What Ctrl/Cmd+C kept, on this page: pasted as often as asked, each time a step further. */
  private clipboard: ItemCopy[] = [];
  private pastes = 0;

  constructor(private readonly options: SelectionKeysOptions) {}

  /** Acts on a key; true when it was one of the select tool's (the caller prevents its default). */
  handle(event: KeyboardEvent): boolean {
    const command = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    const { selection } = this.options;
    if (command && !event.altKey) {
      if (key === 'a') return this.selectAll();
      if (key === 'c' || key === 'x') return this.copy(key === 'x');
      if (key === 'v') return this.paste();
      if (key === 'd') return this.duplicate();
      return false;
    }
    if (event.altKey) return false;
    if (event.key === 'Escape' && selection.size > 0) return this.select([]);
    if ((event.key === 'Delete' || event.key === 'Backspace') && selection.size > 0) return this.remove();
    const arrow = ARROWS[event.key];
    if (arrow && selection.size > 0) return this.nudge(arrow[0], arrow[1], event.shiftKey ? BIG_NUDGE : NUDGE);
    if (event.key === 'Tab' && selection.size > 0) return this.step(event.shiftKey ? -1 : 1);
    // With something selected Enter does nothing: a text field opening under the selection would only be in the way.
    if (event.key === 'Enter') return selection.size === 0 ? this.step(-1) : true;
    return false;
  }

  private selectAll(): boolean {
    return this.select(this.options.document.items.map((item) => item.id));
  }

  private select(ids: string[]): boolean {
    this.options.selection.set(ids);
    return true;
  }

  private copy(cut: boolean): boolean {
    const { document, selection } = this.options;
    if (selection.size === 0) return false;
    this.clipboard = document.copyOf(selection.ids);
    this.pastes = 0;
    if (cut) this.remove();
    else this.options.announce(`Copied ${count(this.clipboard.length)}`);
    return true;
  }

  private paste(): boolean {
    if (this.clipboard.length === 0) return false;
    this.pastes++;
    this.add(this.clipboard, this.pastes * PASTE_SHIFT, 'Pasted');
    return true;
  }

  private duplicate(): boolean {
    const { document, selection } = this.options;
    if (selection.size === 0) return false;
    this.add(document.copyOf(selection.ids), PASTE_SHIFT, 'Duplicated');
    return true;
  }

  private add(copies: readonly ItemCopy[], shift: number, verb: string): void {
    const { document, selection } = this.options;
    document.beginAction();
    const ids = document.paste(copies, shift, shift, this.options.author());
    document.beginAction();
    selection.set(ids);
    this.options.announce(`${verb} ${count(ids.length)}`);
  }

  private remove(): boolean {
    const { document, selection } = this.options;
    const removed = selection.size;
    document.beginAction();
    document.erase(selection.ids);
    document.beginAction();
    selection.clear();
    this.options.announce(`Deleted ${count(removed)}`);
    return true;
  }

  private nudge(x: number, y: number, step: number): boolean {
    const { document, selection } = this.options;
    const shift = translation(x * step, y * step);
    document.beginAction();
    document.place(new Map([...selection.ids].map((id) => [id, compose(shift, document.placementOf(id))])));
    document.beginAction();
    return true;
  }

  /** Selects the item after (or before) the selection in board order, going round; from nothing, the newest. */
  private step(direction: 1 | -1): boolean {
    const items = this.options.document.items;
    if (items.length === 0) return false;
    const { selection } = this.options;
    const indexes = items.flatMap((item, index) => (selection.has(item.id) ? [index] : []));
    const from = indexes.length === 0 ? items.length : direction === 1 ? indexes.at(-1)! : indexes[0]!;
    const next = (from + direction + items.length) % items.length;
    return this.select([items[next]!.id]);
  }
}

const count = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;
