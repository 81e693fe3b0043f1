import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Tool } from '../drawing/draw-settings.js';
import { shortcutOf, toolShortcutOf, type ViewShortcut } from './keyboard-shortcuts.js';
import type { TextSpot } from './text-entry.js';

type BoardPoint = { x: number; y: number };

export interface BoardKeysOptions {
  /** The focusable board element: keys count only when it has focus itself. */
  board(): HTMLElement;
  /** True while a text field is open: its keys are its own. */
  typing(): boolean;
  openText(spot: TextSpot): void;
  undo(): void;
  redo(): void;
  /** Moves the colour one step through the palette (1 or -1). */
  stepColor(step: 1 | -1): void;
  /** Picks the tool a letter key names (P, R, O, L, A, T, E). Without it those keys do nothing. */
  pickTool?(tool: Tool): void;
  toCss(board: BoardPoint): BoardPoint;
  /** The board point at the centre of what the page shows: keyboard text goes there before the pointer came by. */
  viewCentre(): BoardPoint;
  /** Zooms or moves this page's view (+, −, 0, Shift+1). Without it those keys do nothing. */
  moveView?(shortcut: ViewShortcut): void;
  /** The select tool's keys (Delete, copy and paste, nudges, Tab through items): true when it took the key. */
  selectionKey?(event: KeyboardEvent): boolean;
  /** Enter with a shape tool: adds that shape at the focus point, so a keyboard alone can draw. */
  addShape?(at: BoardPoint): boolean;
}

/**
 * The board's keyboard: undo and redo, colour steps, a letter per tool, zoom and view keys, and Enter to type text where the
 * pointer last was on the board (else the centre of what is shown). The board takes focus when pressed, so its keys work after a click too.
 */
export class BoardKeysController implements ReactiveController {
  /** Where the pointer last was on the board, in board coordinates: keyboard text goes there. */
  private lastPointer: BoardPoint | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: BoardKeysOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  pointerMoved(point: BoardPoint | null): void {
    if (point) this.lastPointer = point;
  }

  readonly onKeyDown = (event: KeyboardEvent): void => {
    const { options } = this;
    if (options.typing() || event.target !== options.board()) return;
    if (options.selectionKey?.(event)) {
      event.preventDefault();
      return;
    }
    const tool = options.pickTool ? toolShortcutOf(event) : null;
    if (tool) {
      event.preventDefault();
      return options.pickTool!(tool);
    }
    const shortcut = shortcutOf(event);
    if (!shortcut) return;
    if (isViewShortcut(shortcut)) {
      if (!options.moveView) return;
      event.preventDefault();
      return options.moveView(shortcut);
    }
    event.preventDefault();
    if (shortcut === 'undo') return options.undo();
    if (shortcut === 'redo') return options.redo();
    if (shortcut === 'type-text') {
      if (options.addShape?.(this.focusPoint())) return;
      return options.openText(this.textSpot());
    }
    options.stepColor(shortcut === 'next-color' ? 1 : -1);
  };

  /** The board takes focus when pressed, but not from a text field that press just opened. */
  readonly onPointerDown = (): void => {
    if (!this.options.typing()) this.options.board().focus();
  };

  /** Where keyboard text and shapes go: where the pointer last was on the board, else the centre of what is shown. */
  private focusPoint(): BoardPoint {
    return this.lastPointer ?? this.options.viewCentre();
  }

  private textSpot(): TextSpot {
    const board = this.focusPoint();
    return { board, css: this.options.toCss(board) };
  }
}

const VIEW_SHORTCUTS: ReadonlySet<string> = new Set<ViewShortcut>(['zoom-in', 'zoom-out', 'show-home', 'show-content']);
const isViewShortcut = (shortcut: string): shortcut is ViewShortcut => VIEW_SHORTCUTS.has(shortcut);
