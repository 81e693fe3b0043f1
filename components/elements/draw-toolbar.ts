import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { DEFAULT_BACKGROUND } from '../drawing/board.js';
import { TOOL_KEYS, type DrawSettings, type Tool } from '../drawing/draw-settings.js';
import { DEFAULT_FONT_SIZE, DEFAULT_WIDTH, PALETTE, STROKE_WIDTHS } from './palette.js';
import { emit } from './events.js';

const TOOLS: ReadonlyArray<{ tool: Tool; label: string; icon: string }> = [
  { tool: 'pen', label: 'Pen', icon: '✎' },
  { tool: 'rect', label: 'Rectangle', icon: '▭' },
  { tool: 'ellipse', label: 'Ellipse', icon: '◯' },
  { tool: 'line', label: 'Line', icon: '╱' },
  { tool: 'arrow', label: 'Arrow', icon: '↗' },
  { tool: 'text', label: 'Text', icon: 'T' },
  { tool: 'eraser', label: 'Eraser', icon: '⌫' },
];

/**
 * Tools for a `<draw-room>`: tool, colour, width, font size, background, undo/redo, clear and export.
 * It holds no drawing: it only emits events that the room acts on.
 *
 * @fires {CustomEvent<{ tool: Tool; color: string; width: number; fontSize: number }>} draw-toolbar-settings - when the tool,
 *   colour, stroke width or font size changes; the detail holds all four.
 * @fires {CustomEvent<{ color: string }>} draw-toolbar-background - the user picked a board background (#rrggbb).
 * @fires {CustomEvent<{}>} draw-toolbar-undo - the user asks to undo their last change.
 * @fires {CustomEvent<{}>} draw-toolbar-redo - the user asks to redo what they undid.
 * @fires {CustomEvent<{}>} draw-toolbar-clear - the user asks to clear the board for everyone.
 * @fires {CustomEvent<{}>} draw-toolbar-restore - the user asks to put back what the last clear removed.
 * @fires {CustomEvent<{}>} draw-toolbar-history - the user asks to see the board's saved versions (the History panel).
 * @fires {CustomEvent<{ format: 'png' | 'svg' }>} draw-toolbar-export - the user asks to download the board.
 * @csspart toolbar - the bar itself
 * @csspart tool - each tool button
 * @csspart swatch - each colour swatch
 * @csspart clear - the clear button
 * @csspart restore - the button that puts back what the last clear removed
 * @csspart history - the button that opens the board's saved versions (shown when the server keeps the board)
 * @cssprop [--draw-toolbar-background=#f8f9fa] - background of the bar
 * @cssprop [--draw-toolbar-gap=6px] - space between controls
 */
@customElement('draw-toolbar')
export class DrawToolbar extends LitElement {
  static override styles = css`
    :host { display: block; font: 13px system-ui, sans-serif; }
    [part='toolbar'] {
      position: relative; display: flex; flex-wrap: wrap; align-items: center; gap: var(--draw-toolbar-gap, 6px);
      padding: 6px; background: var(--draw-toolbar-background, #f8f9fa); border-bottom: 1px solid #dee2e6;
    }
    .group { display: flex; gap: 2px; }
    [part~='tool'] { min-width: 28px; height: 26px; cursor: pointer; }
    [part~='tool'][aria-pressed='true'] { background: #212529; color: #fff; }
    .palette-button { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
    .current { width: 18px; height: 18px; border: 1px solid #868e96; border-radius: 4px; }
    .swatches {
      position: absolute; z-index: 2; display: grid; grid-template-columns: repeat(auto-fill, var(--swatch-size));
      --swatch-size: 18px; gap: 2px; padding: 6px; box-sizing: border-box; background: #fff; border: 1px solid #ced4da;
      border-radius: 6px; box-shadow: 0 4px 12px #0002; overflow: auto; max-height: min(70vh, 480px);
    }
    [part~='swatch'] {
      width: var(--swatch-size); height: var(--swatch-size); padding: 0; border: 1px solid #0002; border-radius: 3px; cursor: pointer;
    }
    [part~='swatch'][aria-pressed='true'] { outline: 2px solid #212529; outline-offset: 1px; }
    label { display: inline-flex; align-items: center; gap: 4px; }
    input[type='number'] { width: 4em; }
    .end { margin-left: auto; display: flex; gap: 4px; }
    /* Fingers need bigger targets than a mouse: 44 px, as the platform guidelines ask. */
    @media (pointer: coarse) {
      button, select, input, .palette-button { min-height: 44px; min-width: 44px; box-sizing: border-box; }
      [part~='tool'] { height: 44px; }
      .swatches { --swatch-size: 44px; }
    }
  `;

  /** The current tool. */
  @property() tool: Tool = 'pen';

  /** The current colour, as #rrggbb. */
  @property() color: string = PALETTE[30]!;

  /** The current stroke width in board pixels. */
  @property({ type: Number }) width: number = DEFAULT_WIDTH;

  /** Font size of the text tool, in board pixels. */
  @property({ type: Number, attribute: 'font-size' }) fontSize: number = DEFAULT_FONT_SIZE;

  /** The board background colour, as #rrggbb. */
  @property() background: string = DEFAULT_BACKGROUND;

  /** Items a clear removed that can still be put back (0: nothing to restore); shows the Restore button. */
  @property({ type: Number }) restorable = 0;

  /** True when the room's server keeps its board, so saved versions can be listed: shows the History button. */
  @property({ type: Boolean }) history = false;

  @state() private paletteOpen = false;
  @query('.palette-button') private paletteButton!: HTMLButtonElement;
  @query('.swatches') private swatches!: HTMLElement | null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.closePalette(false);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new tool means the person moved on: the palette must not stay open over the board.
    if (changed.has('tool') && changed.get('tool') !== undefined) this.closePalette(false);
  }

  protected override updated(changed: PropertyValues): void {
    if (!changed.has('paletteOpen') || !this.paletteOpen) return;
    this.placePalette();
    // Into the pop-up, on the colour in use: arrow keys and Tab go on from there.
    const current = this.swatches?.querySelector<HTMLButtonElement>('[aria-pressed="true"]') ?? this.swatches?.querySelector('button');
    current?.focus();
  }

  private change(settings: Partial<DrawSettings>): void {
    Object.assign(this, settings);
    const detail: DrawSettings = { tool: this.tool, color: this.color, width: this.width, fontSize: this.fontSize };
    emit(this, 'draw-toolbar-settings', detail);
  }

  private pickSwatch(color: string): void {
    this.change({ color });
    this.closePalette(true);
  }

  private togglePalette(): void {
    if (this.paletteOpen) return this.closePalette(true);
    this.paletteOpen = true;
    // Any press outside the palette closes it, drawing on the board included.
    document.addEventListener('pointerdown', this.onOutsidePress, true);
  }

  /** Closes the pop-up; `refocus` gives focus back to its button, so keyboard users stay where they were. */
  private closePalette(refocus: boolean): void {
    document.removeEventListener('pointerdown', this.onOutsidePress, true);
    if (!this.paletteOpen) return;
    this.paletteOpen = false;
    if (refocus) this.paletteButton?.focus();
  }

  private readonly onOutsidePress = (event: PointerEvent) => {
    const path = event.composedPath();
    if (!path.includes(this.swatches as EventTarget) && !path.includes(this.paletteButton)) this.closePalette(false);
  };

  private onPaletteKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this.paletteOpen) return;
    event.stopPropagation();
    this.closePalette(true);
  }

  /** Keeps the pop-up inside the toolbar's width, below its button, however narrow the widget is. */
  private placePalette(): void {
    const popup = this.swatches;
    if (!popup) return;
    const bar = this.renderRoot.querySelector('[part="toolbar"]')!.getBoundingClientRect();
    const button = this.paletteButton.getBoundingClientRect();
    const margin = 4;
    popup.style.maxWidth = `${bar.width - 2 * margin}px`;
    popup.style.top = `${button.bottom - bar.top + 2}px`;
    const width = popup.getBoundingClientRect().width;
    const left = Math.min(button.left - bar.left, bar.width - margin - width);
    popup.style.left = `${Math.max(margin, left)}px`;
  }

  private pickBackground(event: Event): void {
    this.background = (event.target as HTMLInputElement).value;
    emit(this, 'draw-toolbar-background', { color: this.background });
  }

  override render() {
    return html`
      <div part="toolbar" role="toolbar" aria-label="Drawing tools">
        <div class="group" role="group" aria-label="Tool">
          ${TOOLS.map(
            ({ tool, label, icon }) => html`<button part="tool" data-tool=${tool} title="${label} (${TOOL_KEYS[tool]})"
              aria-label=${label} aria-keyshortcuts=${TOOL_KEYS[tool]}
              aria-pressed=${tool === this.tool ? 'true' : 'false'} @click=${() => this.change({ tool })}>${icon}</button>`,
          )}
        </div>
        <button class="palette-button" aria-haspopup="true" aria-expanded=${this.paletteOpen ? 'true' : 'false'}
          aria-controls="palette" aria-label="Colour palette" @click=${this.togglePalette}>
          <span class="current" style="background:${this.color}"></span>Colour</button>
        ${this.paletteOpen
          ? html`<div id="palette" class="swatches" role="group" aria-label="Colour" @keydown=${this.onPaletteKey}>
              ${PALETTE.map(
                (color) => html`<button part="swatch" style="background:${color}" title=${color} aria-label="Colour ${color}"
                  aria-pressed=${color === this.color ? 'true' : 'false'} @click=${() => this.pickSwatch(color)}></button>`,
              )}
            </div>`
          : nothing}
        <input type="color" aria-label="Custom colour" .value=${this.color}
          @input=${(event: Event) => this.change({ color: (event.target as HTMLInputElement).value })} />
        <label>Width
          <select aria-label="Stroke width" .value=${String(this.width)}
            @change=${(event: Event) => this.change({ width: Number((event.target as HTMLSelectElement).value) })}>
            ${STROKE_WIDTHS.map((width) => html`<option value=${width} ?selected=${width === this.width}>${width}px</option>`)}
          </select>
        </label>
        <label>Font
          <input type="number" min="8" max="200" aria-label="Font size" .value=${String(this.fontSize)}
            @change=${(event: Event) => this.change({ fontSize: clampFontSize(Number((event.target as HTMLInputElement).value)) })} />
        </label>
        <label>Board
          <input type="color" aria-label="Board background" .value=${this.background} @input=${this.pickBackground} />
        </label>
        <div class="group">
          <button title="Undo (Ctrl+Z)" aria-label="Undo" @click=${() => emit(this, 'draw-toolbar-undo')}>↶</button>
          <button title="Redo (Ctrl+Shift+Z)" aria-label="Redo" @click=${() => emit(this, 'draw-toolbar-redo')}>↷</button>
        </div>
        <div class="group">
          <button aria-label="Download PNG" @click=${() => emit(this, 'draw-toolbar-export', { format: 'png' })}>PNG</button>
          <button aria-label="Download SVG" @click=${() => emit(this, 'draw-toolbar-export', { format: 'svg' })}>SVG</button>
        </div>
        <div class="end">
          ${this.restorable > 0
            ? html`<button part="restore" title="Put back the ${this.restorable} items the last clear removed"
                @click=${() => emit(this, 'draw-toolbar-restore')}>Restore</button>`
            : nothing}
          ${this.history
            ? html`<button part="history" title="Saved versions of the board: preview one and restore it"
                @click=${() => emit(this, 'draw-toolbar-history')}>History</button>`
            : nothing}
          <button part="clear" @click=${() => emit(this, 'draw-toolbar-clear')}>Clear board</button>
        </div>
      </div>
    `;
  }
}

const clampFontSize = (value: number) => (Number.isFinite(value) ? Math.min(200, Math.max(8, Math.round(value))) : DEFAULT_FONT_SIZE);

declare global {
  interface HTMLElementTagNameMap {
    'draw-toolbar': DrawToolbar;
  }
}
