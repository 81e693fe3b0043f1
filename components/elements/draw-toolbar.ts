import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { DEFAULT_BACKGROUND } from '../drawing/board.js';
import { TOOL_KEYS, type DrawSettings, type Tool } from '../drawing/draw-settings.js';
import { DEFAULT_FONT_SIZE, DEFAULT_WIDTH, PALETTE } from './palette.js';
import { colorName } from './color-names.js';
import { PalettePopup } from './palette-popup.js';
import { emit } from './events.js';
import { RovingTabStop } from './roving-tab-stop.js';
import { drawToolbarStyles } from './draw-toolbar.styles.js';
import { ToolbarFitController } from './toolbar-fit.js';
import { toolbarLayout, toolsShown, type ToolbarLayout } from './toolbar-layout.js';
import { ToolbarPopups, placePopup } from './toolbar-popups.js';
import { backgroundField, customColorField, sizeFields, styleToggles, type FieldState } from './toolbar-fields.js';

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

type ToolEntry = (typeof TOOLS)[number];

/** Where a control is rendered: in the bar itself, or in the compact toolbar's "More" menu. */
type Place = 'bar' | 'menu';

/**
 * Tools for a `<draw-room>`: tool, fill and dash, colour, width, font size, background, undo/redo, clear and export.
 * It holds no drawing: it only emits events that the room acts on. Narrower than 480 px (its own width, measured)
 * it is one row: the tools that fit, the colour, undo (and redo when there is room) and a "More" button whose
 * pop-up holds the rest.
 *
 * @fires {CustomEvent<{ tool: Tool; color: string; width: number; fontSize: number; fill: boolean; dash: boolean }>} draw-toolbar-settings -
 *   when the tool, colour, stroke width, font size, fill or dash changes; the detail holds all six.
 * @fires {CustomEvent<{ color: string }>} draw-toolbar-background - the user picked a board background (#rrggbb).
 * @fires {CustomEvent<{}>} draw-toolbar-undo - the user asks to undo their last change.
 * @fires {CustomEvent<{}>} draw-toolbar-redo - the user asks to redo what they undid.
 * @fires {CustomEvent<{}>} draw-toolbar-clear - the user asks to clear the board for everyone.
 * @fires {CustomEvent<{}>} draw-toolbar-restore - the user asks to put back what the last clear removed.
 * @fires {CustomEvent<{}>} draw-toolbar-history - the user asks to see the board's saved versions (the History panel).
 * @fires {CustomEvent<{ format: 'png' | 'svg' }>} draw-toolbar-export - the user asks to download the board.
 * @csspart toolbar - the bar itself
 * @csspart tool - each tool button
 * @csspart fill - the toggle that fills rectangles and ellipses (pressed: on; `aria-disabled` with other tools)
 * @csspart dash - the toggle that dashes strokes, outlines and lines (pressed: on; `aria-disabled` for text and eraser)
 * @csspart more - the compact toolbar's "More" button, which opens the menu of the controls the row has no room for
 * @csspart more-menu - the compact toolbar's "More" pop-up
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
  static override styles = drawToolbarStyles;

  /** The current tool. */
  @property() tool: Tool = 'pen';

  /** The current colour, as #rrggbb. */
  @property() color: string = PALETTE[30]!;

  /** The current stroke width in board pixels. */
  @property({ type: Number }) width: number = DEFAULT_WIDTH;

  /** Font size of the text tool, in board pixels. */
  @property({ type: Number, attribute: 'font-size' }) fontSize: number = DEFAULT_FONT_SIZE;

  /** Rectangles and ellipses drawn next are filled with the colour. */
  @property({ type: Boolean }) fill = false;

  /** Strokes, outlines and lines drawn next are dashed. */
  @property({ type: Boolean }) dash = false;

  /** The board background colour, as #rrggbb. */
  @property() background: string = DEFAULT_BACKGROUND;

  /** Items a clear removed that can still be put back (0: nothing to restore); shows the Restore button. */
  @property({ type: Number }) restorable = 0;

  /** True when the room's server keeps its board, so saved versions can be listed: shows the History button. */
  @property({ type: Boolean }) history = false;

  @query('.palette-button') private paletteButton!: HTMLButtonElement;
  @query('.swatches') private swatches!: HTMLElement | null;
  @query('[part~="more"]') private moreButton!: HTMLButtonElement | null;
  @query('.more-menu') private moreMenu!: HTMLElement | null;
  private readonly fit = new ToolbarFitController(this);
  private readonly palette = new PalettePopup(this, () => this.swatches, {
    pick: (color) => {
      this.change({ color });
      this.popups.close(true);
    },
    close: () => this.popups.close(true),
  });
  private readonly popups = new ToolbarPopups(this, (popup) =>
    popup === 'palette' ? { popup: this.swatches, button: this.paletteButton } : { popup: this.moreMenu, button: this.moreButton },
  );
  /** The pop-up placed and focused after the last render: a new one is placed once, when it opens. */
  private placedPopup: string | null = null;
  private layout: ToolbarLayout = toolbarLayout(0, false, TOOLS.length);
  /** The toolbar's one tab stop: arrow keys move between its controls (the pop-ups' controls have their own). */
  private readonly tabStop = new RovingTabStop(() =>
    [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="toolbar"] :is(button, input, select)')].filter((control) => !control.closest('#palette, #more-menu')),
  );
  /** The "More" menu's own tab stop: ← → ↑ ↓ move through its controls, row after row. */
  private readonly menuTabStop = new RovingTabStop(() => [...(this.moreMenu?.querySelectorAll<HTMLElement>('button, input, select') ?? [])], true);

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.fit.measure();
    this.layout = toolbarLayout(this.fit.width, this.fit.coarse, TOOLS.length);
    // A new tool means the person moved on: no pop-up may stay open over the board. Nor "More" once the bar is wide.
    if ((changed.has('tool') && changed.get('tool') !== undefined) || (!this.layout.compact && this.popups.open === 'more')) {
      this.popups.close(false);
    }
  }

  protected override updated(): void {
    // Buttons come and go (Restore, History, the compact row): the one tab stop is set again after every render.
    this.tabStop.refresh();
    this.menuTabStop.refresh();
    const open = this.popups.open;
    if (open === this.placedPopup) return;
    this.placedPopup = open;
    const bar = this.renderRoot.querySelector<HTMLElement>('[part~="toolbar"]')!;
    if (open === 'more' && this.moreMenu && this.moreButton) {
      placePopup(this.moreMenu, this.moreButton, bar, 'end');
      this.moreMenu.querySelector<HTMLElement>('[tabindex="0"]')?.focus();
    } else if (open === 'palette' && this.swatches) {
      placePopup(this.swatches, this.paletteButton, bar, 'start');
      this.palette.focus();
    }
  }

  private change(settings: Partial<DrawSettings>): void {
    Object.assign(this, settings);
    const detail: DrawSettings = { tool: this.tool, color: this.color, width: this.width, fontSize: this.fontSize, fill: this.fill, dash: this.dash };
    emit(this, 'draw-toolbar-settings', detail);
  }

  private readonly fieldState = (): FieldState => ({
    tool: this.tool, color: this.color, width: this.width, fontSize: this.fontSize, fill: this.fill, dash: this.dash,
    background: this.background,
    change: (settings) => this.change(settings),
    pickBackground: (color) => {
      this.background = color;
      emit(this, 'draw-toolbar-background', { color });
    },
  });

  private togglePalette(): void {
    if (this.popups.open !== 'palette') this.palette.openOn(this.color);
    this.popups.toggle('palette');
  }

  private onMenuKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      // The board's own Escape (dropping a text) must not fire too.
      event.stopPropagation();
      this.popups.close(true);
      return;
    }
    this.menuTabStop.onKeyDown(event);
  }

  /** Tab out of the menu, or a click on any other control, closes it: it never stays open behind the focus. */
  private onMenuFocusOut(event: FocusEvent): void {
    this.popups.focusMovedTo(event.relatedTarget);
  }

  /** A one-shot action in the menu closes it first, handing focus to "More" (or to the dialog the action opens). */
  private fromMenu(place: Place, action: () => void): () => void {
    return () => {
      if (place === 'menu') this.popups.close(true);
      action();
    };
  }

  private toolButton({ tool, label, icon }: ToolEntry, place: Place): TemplateResult {
    return html`<button part="tool" data-tool=${tool} title="${label} (${TOOL_KEYS[tool]})"
      aria-label=${label} aria-keyshortcuts=${TOOL_KEYS[tool]} aria-pressed=${tool === this.tool ? 'true' : 'false'}
      @click=${this.fromMenu(place, () => this.change({ tool }))}>${icon}</button>`;
  }

  private paletteControls(compact: boolean): TemplateResult {
    const name = colorName(this.color);
    return html`<button part="palette-button" class="palette-button" aria-expanded=${this.popups.open === 'palette' ? 'true' : 'false'}
        aria-controls=${this.popups.open === 'palette' ? 'palette' : nothing} aria-label="Colour: ${name}" title="Colour: ${name}"
        @click=${this.togglePalette}><span class="current" style="background:${this.color}"></span>${compact ? nothing : 'Colour'}</button>
      ${this.popups.open === 'palette' ? this.palette.render(this.color) : nothing}`;
  }

  private undoButton(): TemplateResult {
    return html`<button part="undo" title="Undo (Ctrl+Z)" aria-label="Undo" @click=${() => emit(this, 'draw-toolbar-undo')}>↶</button>`;
  }

  private redoButton(): TemplateResult {
    return html`<button part="redo" title="Redo (Ctrl+Shift+Z)" aria-label="Redo" @click=${() => emit(this, 'draw-toolbar-redo')}>↷</button>`;
  }

  private exportButtons(place: Place): TemplateResult {
    return html`<button part="export-png" aria-label="Download PNG" @click=${this.fromMenu(place, () => emit(this, 'draw-toolbar-export', { format: 'png' }))}>PNG</button>
      <button part="export-svg" aria-label="Download SVG" @click=${this.fromMenu(place, () => emit(this, 'draw-toolbar-export', { format: 'svg' }))}>SVG</button>`;
  }

  private boardButtons(place: Place): TemplateResult {
    return html`${this.restorable > 0
        ? html`<button part="restore" title="Put back the ${this.restorable} items the last clear removed"
            @click=${this.fromMenu(place, () => emit(this, 'draw-toolbar-restore'))}>Restore</button>`
        : nothing}
      ${this.history
        ? html`<button part="history" title="Saved versions of the board: preview one and restore it"
            @click=${this.fromMenu(place, () => emit(this, 'draw-toolbar-history'))}>History</button>`
        : nothing}
      <button part="clear" @click=${this.fromMenu(place, () => emit(this, 'draw-toolbar-clear'))}>Clear board</button>`;
  }

  override render() {
    return this.layout.compact ? this.renderCompact() : this.renderWide();
  }

  private renderWide(): TemplateResult {
    const fields = this.fieldState();
    return html`
      <div part="toolbar" role="toolbar" aria-label="Drawing tools" @keydown=${this.tabStop.onKeyDown} @focusin=${this.tabStop.onFocusIn}>
        <div class="group" role="group" aria-label="Tool">${TOOLS.map((entry) => this.toolButton(entry, 'bar'))}</div>
        <div class="group" role="group" aria-label="Style">${styleToggles(fields, false)}</div>
        ${this.paletteControls(false)}
        ${customColorField(fields)}
        ${sizeFields(fields)}
        ${backgroundField(fields)}
        <div class="group">${this.undoButton()}${this.redoButton()}</div>
        <div class="group">${this.exportButtons('bar')}</div>
        <div class="end">${this.boardButtons('bar')}</div>
      </div>
    `;
  }

  private renderCompact(): TemplateResult {
    const { slot, toolsInBar, redoInBar } = this.layout;
    const inBar = toolsShown(TOOLS, toolsInBar, ({ tool }) => tool === this.tool);
    const inMenu = TOOLS.filter((entry) => !inBar.includes(entry));
    const fields = this.fieldState();
    return html`
      <div part="toolbar" class="compact" style="--slot:${slot}px" role="toolbar" aria-label="Drawing tools"
        @keydown=${this.tabStop.onKeyDown} @focusin=${this.tabStop.onFocusIn}>
        <div class="group" role="group" aria-label="Tool">${inBar.map((entry) => this.toolButton(entry, 'bar'))}</div>
        ${this.paletteControls(true)}
        ${this.undoButton()}
        ${redoInBar ? this.redoButton() : nothing}
        <button part="more" aria-label="More tools" title="More tools" aria-haspopup="dialog"
          aria-expanded=${this.popups.open === 'more' ? 'true' : 'false'} aria-controls=${this.popups.open === 'more' ? 'more-menu' : nothing}
          @click=${() => this.popups.toggle('more')}>⋯</button>
        ${this.popups.open === 'more'
          ? /* A non-modal dialog, not role=menu: it holds fields (width, font size, colours), which a menu may not. */
            html`<div id="more-menu" part="more-menu" class="more-menu" role="dialog" aria-label="More tools"
              @keydown=${this.onMenuKey} @focusin=${this.menuTabStop.onFocusIn} @focusout=${this.onMenuFocusOut}>
              ${inMenu.length > 0
                ? html`<div class="row" role="group" aria-label="Tool">${inMenu.map((entry) => this.toolButton(entry, 'menu'))}</div>`
                : nothing}
              <div class="row" role="group" aria-label="Style">${styleToggles(fields, true)}${redoInBar ? nothing : this.redoButton()}</div>
              <div class="row">${sizeFields(fields)}</div>
              <div class="row">${customColorField(fields)}${backgroundField(fields)}</div>
              <div class="row">${this.exportButtons('menu')}</div>
              <div class="row">${this.boardButtons('menu')}</div>
            </div>`
          : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'draw-toolbar': DrawToolbar;
  }
}
