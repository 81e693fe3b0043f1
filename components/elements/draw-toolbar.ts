import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { DEFAULT_BACKGROUND } from '../drawing/board.js';
import { TOOL_KEYS, type DrawSettings, type Tool } from '../drawing/draw-settings.js';
import { DEFAULT_FONT_SIZE, DEFAULT_WIDTH, PALETTE, STROKE_WIDTHS, SWATCHES } from './palette.js';
import { colorName } from './color-names.js';
import { swatchIndexAfterKey } from './swatch-grid-keys.js';
import { emit } from './events.js';
import { themed } from './theme.js';
import { RovingTabStop } from './roving-tab-stop.js';

const TOOLS: ReadonlyArray<{ tool: Tool; label: string; icon: string }> = [
  { tool: 'select', label: 'Select', icon: '⬉' },
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
 * @csspart palette-button - the button that opens the palette; its name says the current colour
 * @csspart palette - the palette pop-up (a radio group of the swatches)
 * @csspart swatch - each colour swatch
 * @csspart clear - the clear button
 * @csspart restore - the button that puts back what the last clear removed
 * @csspart history - the button that opens the board's saved versions (shown when the server keeps the board)
 * @csspart undo - the undo button
 * @csspart redo - the redo button
 * @csspart export-png - the button that downloads the board as a PNG
 * @csspart export-svg - the button that downloads the board as an SVG
 * @csspart custom-color - the colour picker for any colour
 * @csspart width - the stroke width's field
 * @csspart font-size - the font size's field
 * @csspart background - the board background's colour picker
 * @cssprop [--draw-toolbar-gap=6px] - space between controls
 *
 * Its colours are the room's theme (`--draw-room-*`, inherited from the `<draw-room>` it is in).
 */
@customElement('draw-toolbar')
export class DrawToolbar extends LitElement {
  static override styles = css`
    /* The colours are the room's theme: variables <draw-room> sets on itself, which a slotted toolbar inherits too. */
    :host { display: block; font: 13px system-ui, sans-serif; color: ${themed('text')}; }
    [part='toolbar'] {
      position: relative; display: flex; flex-wrap: wrap; align-items: center; gap: var(--draw-toolbar-gap, 6px);
      padding: 6px; background: ${themed('toolbar-background')}; border-bottom: 1px solid ${themed('border')};
    }
    button, select, input {
      font: inherit; color: ${themed('button-text')}; background: ${themed('button-background')};
      border: 1px solid ${themed('button-border')}; border-radius: 4px;
    }
    button:hover:not([aria-pressed='true']) { background: ${themed('button-hover-background')}; }
    :focus-visible { outline: 2px solid ${themed('focus-ring')}; outline-offset: 1px; }
    .group { display: flex; gap: 2px; }
    [part~='tool'] { min-width: 28px; height: 26px; cursor: pointer; }
    [aria-pressed='true'] { background: ${themed('pressed-background')}; color: ${themed('pressed-text')}; }
    .palette-button { display: inline-flex; align-items: center; gap: 4px; min-height: 24px; cursor: pointer; }
    /* Swatches and the chip are their colour: forced-colours mode must not paint them over with the system's. */
    .current { width: 18px; height: 18px; border: 1px solid ${themed('button-border')}; border-radius: 4px; forced-color-adjust: none; }
    .swatches {
      position: absolute; z-index: 2; display: grid; grid-template-columns: repeat(auto-fill, var(--swatch-size));
      --swatch-size: 24px; gap: 2px; padding: 6px; box-sizing: border-box; background: ${themed('dialog-background')}; border: 1px solid ${themed('border')};
      border-radius: 6px; box-shadow: 0 4px 12px #0002; overflow: auto; max-height: min(70vh, 480px);
    }
    [part~='swatch'] {
      display: grid; place-items: center; width: var(--swatch-size); height: var(--swatch-size); padding: 0;
      border: 1px solid #0002; border-radius: 3px; cursor: pointer; forced-color-adjust: none;
    }
    /* The current colour is marked by a check drawn in black or white, whichever reads on it, not by colour alone. */
    [part~='swatch'][aria-checked='true']::after {
      content: ''; width: 5px; height: 10px; margin-top: -3px; border: solid var(--mark-color); border-width: 0 2px 2px 0;
      transform: rotate(45deg);
    }
    @media (forced-colors: active) {
      [part~='swatch'], .current { border-color: CanvasText; }
      [part~='swatch']:focus-visible { outline-color: Highlight; }
    }
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
  /** The swatch that is the palette's one tab stop (roving tabindex): the current colour's on opening, then wherever focus went. */
  @state() private focusedSwatch = 0;
  @query('.palette-button') private paletteButton!: HTMLButtonElement;
  /** The toolbar's one tab stop: arrow keys move between its controls (the palette's swatches have their own). */
  private readonly tabStop = new RovingTabStop(() =>
    [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="toolbar"] :is(button, input, select)')].filter((control) => !control.closest('#palette')),
  );
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
    // Buttons come and go (Restore, History): the one tab stop is set again after every render.
    this.tabStop.refresh();
    if (!changed.has('paletteOpen') || !this.paletteOpen) return;
    this.placePalette();
    // Into the pop-up, on the colour in use: arrow keys and Tab go on from there.
    this.swatchButtons()[this.focusedSwatch]?.focus();
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
    this.focusedSwatch = Math.max(0, PALETTE.indexOf(this.color));
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
    if (!this.paletteOpen) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.closePalette(true);
      return;
    }
    // Enter and Space are left to the focused button, whose click picks its colour.
    const next = swatchIndexAfterKey(event, this.focusedSwatch, PALETTE.length, this.swatchColumns());
    if (next === null) return;
    // The grid's keys are its own: the page must not scroll, nor the toolbar take them to move between controls.
    event.preventDefault();
    event.stopPropagation();
    this.focusedSwatch = next;
    this.swatchButtons()[next]?.focus();
  }

  /** Keeps the tab stop on the swatch a click or Tab focused, so arrow keys go on from there. */
  private onSwatchFocus(event: FocusEvent): void {
    const index = this.swatchButtons().indexOf(event.target as HTMLButtonElement);
    if (index >= 0) this.focusedSwatch = index;
  }

  private swatchButtons(): HTMLButtonElement[] {
    return [...(this.swatches?.querySelectorAll<HTMLButtonElement>('[part~="swatch"]') ?? [])];
  }

  /** Swatches to a row as the pop-up lays them out now: its width, so ↑ and ↓ go to the one seen above or below. */
  private swatchColumns(): number {
    const buttons = this.swatchButtons();
    const firstRowTop = buttons[0]?.offsetTop;
    const columns = buttons.findIndex((button) => button.offsetTop !== firstRowTop);
    return columns > 0 ? columns : Math.max(1, buttons.length);
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
      <div part="toolbar" role="toolbar" aria-label="Drawing tools" @keydown=${this.tabStop.onKeyDown} @focusin=${this.tabStop.onFocusIn}>
        <div class="group" role="group" aria-label="Tool">
          ${TOOLS.map(
            ({ tool, label, icon }) => html`<button part="tool" data-tool=${tool} title="${label} (${TOOL_KEYS[tool]})"
              aria-label=${label} aria-keyshortcuts=${TOOL_KEYS[tool]}
              aria-pressed=${tool === this.tool ? 'true' : 'false'} @click=${() => this.change({ tool })}>${icon}</button>`,
          )}
        </div>
        <button part="palette-button" class="palette-button" aria-expanded=${this.paletteOpen ? 'true' : 'false'}
          aria-controls=${this.paletteOpen ? 'palette' : nothing} aria-label="Colour: ${colorName(this.color)}"
          title="Colour: ${colorName(this.color)}" @click=${this.togglePalette}>
          <span class="current" style="background:${this.color}"></span>Colour</button>
        ${this.paletteOpen
          ? /* A radio group, as the toolbar pattern has one (WAI-ARIA APG, "Toolbar"): one colour of many is checked,
               read as "Dark red, radio button, checked, 21 of 80"; inside a toolbar arrow keys move focus without
               checking, and Space or Enter checks. A grid would need rows in the DOM, which the pop-up's width reflows. */
            html`<div id="palette" part="palette" class="swatches" role="radiogroup" aria-label="Colour"
              @keydown=${this.onPaletteKey} @focusin=${this.onSwatchFocus}>
              ${SWATCHES.map(({ color, name, markColor }, index) => {
                const checked = color === this.color;
                return html`<button part="swatch" role="radio" aria-checked=${checked ? 'true' : 'false'}
                  tabindex=${index === this.focusedSwatch ? '0' : '-1'} data-color=${color} title=${name} aria-label=${name}
                  style="background:${color};--mark-color:${markColor}" @click=${() => this.pickSwatch(color)}></button>`;
              })}
            </div>`
          : nothing}
        <input part="custom-color" type="color" aria-label="Custom colour: ${colorName(this.color)}" title="Custom colour: ${colorName(this.color)}"
          .value=${this.color}
          @input=${(event: Event) => this.change({ color: (event.target as HTMLInputElement).value })} />
        <label>Width
          <select part="width" aria-label="Stroke width" .value=${String(this.width)}
            @change=${(event: Event) => this.change({ width: Number((event.target as HTMLSelectElement).value) })}>
            ${STROKE_WIDTHS.map((width) => html`<option value=${width} ?selected=${width === this.width}>${width}px</option>`)}
          </select>
        </label>
        <label>Font
          <input part="font-size" type="number" min="8" max="200" aria-label="Font size" .value=${String(this.fontSize)}
            @change=${(event: Event) => this.change({ fontSize: clampFontSize(Number((event.target as HTMLInputElement).value)) })} />
        </label>
        <label>Board
          <input part="background" type="color" aria-label="Board background" .value=${this.background} @input=${this.pickBackground} />
        </label>
        <div class="group">
          <button part="undo" title="Undo (Ctrl+Z)" aria-label="Undo" @click=${() => emit(this, 'draw-toolbar-undo')}>↶</button>
          <button part="redo" title="Redo (Ctrl+Shift+Z)" aria-label="Redo" @click=${() => emit(this, 'draw-toolbar-redo')}>↷</button>
        </div>
        <div class="group">
          <button part="export-png" aria-label="Download PNG" @click=${() => emit(this, 'draw-toolbar-export', { format: 'png' })}>PNG</button>
          <button part="export-svg" aria-label="Download SVG" @click=${() => emit(this, 'draw-toolbar-export', { format: 'svg' })}>SVG</button>
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
