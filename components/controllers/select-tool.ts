import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DrawingDocument } from '../drawing/document.js';
import type { LiveItems, LiveMessage } from '../drawing/live-items.js';
import { paintSelection } from '../render/selection-painter.js';
import type { MovingItems } from '../render/renderer.js';
import { SelectDragController } from './select-drag.js';
import { Selection } from './selection.js';
import { SelectionKeys } from './selection-keys.js';
import { describeSelection } from './version-words.js';

export interface SelectToolOptions {
  document: DrawingDocument;
  live: LiveItems;
  /** True while the select tool is the current one. */
  active(): boolean;
  toBoard(cssX: number, cssY: number): { x: number; y: number };
  /** One CSS pixel in board units (1 / zoom). */
  unit(): number;
  panning?(event: PointerEvent): boolean;
  sendLive(message: LiveMessage): void;
  onLiveChange(): void;
  /** The author pasted items are drawn under: this user. */
  author(): string;
  /** Tells screen readers what was selected or done, politely. */
  announce(text: string): void;
  /** Makes the select tool the current one: Ctrl/Cmd+A selects everything from any tool, as in other editors. */
  pickSelectTool(): void;
}

/**
 * The select tool (V): the selection, its pointer (click, Shift+click, marquee, drag to move, grips to resize and
 * turn) and its keys, what it paints over the board, and the items anyone is dragging, which the board layer
 * leaves out while the live layer shows them moving.
 */
export class SelectToolController implements ReactiveController {
  readonly selection = new Selection();
  private readonly drag: SelectDragController;
  private readonly keys: SelectionKeys;
  private unsubscribe: Array<() => void> = [];

  constructor(
    host: ReactiveControllerHost,
    private readonly options: SelectToolOptions,
  ) {
    host.addController(this);
    this.drag = new SelectDragController(host, { ...options, selection: this.selection });
    this.keys = new SelectionKeys({ ...options, selection: this.selection });
  }

  hostConnected(): void {
    const { document } = this.options;
    this.unsubscribe = [
      document.onChange(() => {
        if (this.selection.size > 0) this.selection.keepOnly(document.items);
      }),
      this.selection.onChange(() => {
        this.options.announce(describeSelection(this.selection.itemsOf(document.items)));
        this.options.onLiveChange();
      }),
    ];
  }

  hostDisconnected(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.unsubscribe = [];
  }

  attach(canvas: HTMLCanvasElement): void {
    this.drag.attach(canvas);
  }

  /**
   * A key on the focused board: the select tool's when it is the current tool and the key is one of its. Ctrl/Cmd+A
   * picks the select tool first, from any tool.
   */
  key(event: KeyboardEvent): boolean {
    const selectAll = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a';
    if (selectAll && !this.options.active()) this.options.pickSelectTool();
    return this.options.active() && this.keys.handle(event);
  }

  /** A second finger turned the press into a pinch: a drag in progress goes back where it started, for everyone. */
  cancelDrag(): void {
    this.drag.cancel();
  }

  /** Another tool was picked: the selection goes, and a drag in progress is dropped where it started. */
  toolChanged(): void {
    if (this.options.active()) return;
    this.drag.cancel();
    this.drag.resetCursor();
    this.selection.clear();
  }

  /** Paints the selection's boxes and grips, and the marquee, on the live layer. */
  paintOverlay(context: CanvasRenderingContext2D, unit: number): void {
    const overlay = this.drag.overlay();
    if (overlay) paintSelection(context, overlay, unit);
  }

  /** What anyone is dragging now, here or at a peer. */
  moving(): MovingItems {
    const moves = this.options.live.moves();
    const { document } = this.options;
    return {
      version: this.options.live.movesVersion,
      ids: new Set(moves.flatMap((move) => [...move.ids])),
      groups: () => moves.map(({ ids, delta }) => ({ ids, delta, items: () => document.items.filter((item) => ids.has(item.id)) })),
    };
  }
}
