import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { MAX_TEXT_LENGTH } from '../drawing/board-items.js';

export interface TextSpot {
  /** Where the text goes on the board. */
  board: { x: number; y: number };
  /** Where the field shows, in CSS pixels of the board element. */
  css: { x: number; y: number };
}

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment; readonly updateComplete: Promise<boolean> };

export interface TextEntryOptions {
  /** Places the finished text on the board. */
  commit(spot: TextSpot, text: string): void;
  /** Focus moving here does not end typing: the press that opened the field focuses the board as it lands. */
  keepsTyping(target: EventTarget): boolean;
  /** Typing ended (committed or dropped): where focus goes next. */
  onClosed(): void;
}

/**
 * The text tool's field: opened where the board was clicked (or at a point chosen by keyboard), committed on
 * Enter, on a press elsewhere or when focus leaves the board, dropped on Escape.
 */
export class TextEntryController implements ReactiveController {
  private spot: TextSpot | null = null;
  private opened = 0;
  /** Fields already committed or dropped: Chromium still fires blur on one as it is removed, focused. */
  private readonly ended = new WeakSet<HTMLInputElement>();

  constructor(
    private readonly host: Host,
    private readonly options: TextEntryOptions,
  ) {
    host.addController(this);
  }

  get active(): boolean {
    return this.spot !== null;
  }

  hostConnected(): void {}

  /** Opens a field at `spot`; one already open is committed first, as if focus had left it. */
  async open(spot: TextSpot): Promise<void> {
    const input = this.input;
    if (this.spot && input) this.finish(input, false);
    this.spot = spot;
    this.opened++;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.input?.focus();
  }

  private get input(): HTMLInputElement | null {
    return this.host.renderRoot.querySelector<HTMLInputElement>('[part="text-input"]');
  }

  /** The field, styled as the text will look on the board (`scale` is board units → CSS pixels). */
  render(style: { color: string; fontSize: number; scale: number }): unknown {
    const spot = this.spot;
    if (!spot) return nothing;
    // Keyed: each opening gets a fresh, empty field.
    return keyed(this.opened, html`<input part="text-input" aria-label="Text to place on the board" maxlength=${MAX_TEXT_LENGTH}
      enterkeyhint="done" autocomplete="off"
      style="left:${spot.css.x}px;top:${spot.css.y}px;font-size:${style.fontSize * style.scale}px;color:${style.color}"
      @keydown=${this.onKey} @blur=${this.onBlur} />`);
  }

  private readonly onKey = (event: KeyboardEvent) => {
    // The board's own keys (undo, colours) must not act on what is being typed.
    event.stopPropagation();
    if (event.key === 'Enter') this.finish(event.target as HTMLInputElement, true);
    else if (event.key === 'Escape') {
      this.ended.add(event.target as HTMLInputElement);
      this.close(true);
    }
  };

  private readonly onBlur = (event: FocusEvent) => {
    const input = event.target as HTMLInputElement;
    if (!this.spot || !input.isConnected || this.ended.has(input)) return;
    if (event.relatedTarget && this.options.keepsTyping(event.relatedTarget)) {
      // After the focus change completes: taking focus back inside blur itself is not reliable.
      setTimeout(() => this.spot && input.isConnected && input.focus());
      return;
    }
    this.finish(input, false);
  };

  /** Commits what was typed; `returnFocus` when typing ended by a key, so keyboard users stay on the board. */
  private finish(input: HTMLInputElement, returnFocus: boolean): void {
    const spot = this.spot;
    const text = input.value.trim().slice(0, MAX_TEXT_LENGTH);
    this.ended.add(input);
    this.close(returnFocus);
    if (spot && text !== '') this.options.commit(spot, text);
  }

  private close(returnFocus: boolean): void {
    this.spot = null;
    this.host.requestUpdate();
    if (returnFocus) this.options.onClosed();
  }
}
