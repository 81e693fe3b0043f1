import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DEFAULT_BACKGROUND } from './board.js';
import type { Tool } from './board-items.js';
import { DEFAULT_FONT_SIZE, DEFAULT_WIDTH, PALETTE, STROKE_WIDTHS } from './palette.js';
import type { DrawSettings } from './pointer-drawing.js';

const TOOLS: ReadonlyArray<{ tool: Tool; label: string; icon: string }> = [
  { tool: 'pen', label: 'Pen', icon: '✎' },
  { tool: 'rect', label: 'Rectangle', icon: '▭' },
  { tool: 'ellipse', label: 'Ellipse', icon: '◯' },
  { tool: 'text', label: 'Text', icon: 'T' },
  { tool: 'eraser', label: 'Eraser', icon: '⌫' },
];

/**
 * Tools for a `<draw-room>`: tool, colour, width, font size, background, undo/redo, clear and export.
 * It holds no drawing: it only emits events that the room acts on.
 *
 * @fires draw-toolbar:settings - {tool, color, width, fontSize} when any of them changes.
 * @fires draw-toolbar:background - {color} when the user picks a board background.
 * @fires draw-toolbar:undo - the user asks to undo their last change.
 * @fires draw-toolbar:redo - the user asks to redo what they undid.
 * @fires draw-toolbar:clear - the user asks to clear the board for everyone.
 * @fires draw-toolbar:export - {format: 'png' | 'svg'} the user asks to download the board.
 * @csspart toolbar - the bar itself
 * @csspart tool - each tool button
 * @csspart swatch - each colour swatch
 * @csspart clear - the clear button
 * @cssprop --draw-toolbar-background - bar background (default #f8f9fa)
 * @cssprop --draw-toolbar-gap - space between controls (default 6px)
 */
@customElement('draw-toolbar')
export class DrawToolbar extends LitElement {
  static override styles = css`
    :host { display: block; font: 13px system-ui, sans-serif; }
    [part='toolbar'] {
      display: flex; flex-wrap: wrap; align-items: center; gap: var(--draw-toolbar-gap, 6px);
      padding: 6px; background: var(--draw-toolbar-background, #f8f9fa); border-bottom: 1px solid #dee2e6;
    }
    .group { display: flex; gap: 2px; }
    [part~='tool'] { min-width: 28px; height: 26px; cursor: pointer; }
    [part~='tool'][aria-pressed='true'] { background: #212529; color: #fff; }
    details { position: relative; }
    summary { list-style: none; cursor: pointer; display: inline-flex; align-items: center; gap: 4px; }
    .current { width: 20px; height: 20px; border: 1px solid #868e96; border-radius: 4px; }
    .swatches {
      position: absolute; z-index: 2; top: 28px; left: 0; display: grid; grid-template-columns: repeat(10, 18px);
      gap: 2px; padding: 6px; background: #fff; border: 1px solid #ced4da; border-radius: 6px; box-shadow: 0 4px 12px #0002;
    }
    [part~='swatch'] { width: 18px; height: 18px; padding: 0; border: 1px solid #0002; border-radius: 3px; cursor: pointer; }
    [part~='swatch'][aria-pressed='true'] { outline: 2px solid #212529; outline-offset: 1px; }
    label { display: inline-flex; align-items: center; gap: 4px; }
    input[type='number'] { width: 4em; }
    button[part='clear'] { margin-left: auto; }
  `;

  /** The current tool. */
  @property() tool: Tool = 'pen';

  /** The current colour, as #rrggbb. */
  @property() color: string = PALETTE[30]!;

  /** The current stroke width in board pixels. */
  @property({ type: Number }) width = DEFAULT_WIDTH;

  /** Font size of the text tool, in board pixels. */
  @property({ type: Number, attribute: 'font-size' }) fontSize = DEFAULT_FONT_SIZE;

  /** The board background colour, as #rrggbb. */
  @property() background = DEFAULT_BACKGROUND;

  private change(settings: Partial<DrawSettings>): void {
    Object.assign(this, settings);
    const detail: DrawSettings = { tool: this.tool, color: this.color, width: this.width, fontSize: this.fontSize };
    emit(this, 'draw-toolbar:settings', detail);
  }

  private pickSwatch(color: string, event: Event): void {
    this.change({ color });
    (event.target as HTMLElement).closest('details')?.removeAttribute('open');
  }

  private pickBackground(event: Event): void {
    this.background = (event.target as HTMLInputElement).value;
    emit(this, 'draw-toolbar:background', { color: this.background });
  }

  override render() {
    return html`
      <div part="toolbar" role="toolbar" aria-label="Drawing tools">
        <div class="group" role="group" aria-label="Tool">
          ${TOOLS.map(
            ({ tool, label, icon }) => html`<button part="tool" data-tool=${tool} title=${label} aria-label=${label}
              aria-pressed=${tool === this.tool ? 'true' : 'false'} @click=${() => this.change({ tool })}>${icon}</button>`,
          )}
        </div>
        <details>
          <summary aria-label="Colour palette"><span class="current" style="background:${this.color}"></span>Colour</summary>
          <div class="swatches" role="group" aria-label="Colour">
            ${PALETTE.map(
              (color) => html`<button part="swatch" style="background:${color}" title=${color} aria-label="Colour ${color}"
                aria-pressed=${color === this.color ? 'true' : 'false'} @click=${(event: Event) => this.pickSwatch(color, event)}></button>`,
            )}
          </div>
        </details>
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
          <button title="Undo (Ctrl+Z)" aria-label="Undo" @click=${() => emit(this, 'draw-toolbar:undo')}>↶</button>
          <button title="Redo (Ctrl+Shift+Z)" aria-label="Redo" @click=${() => emit(this, 'draw-toolbar:redo')}>↷</button>
        </div>
        <div class="group">
          <button aria-label="Download PNG" @click=${() => emit(this, 'draw-toolbar:export', { format: 'png' })}>PNG</button>
          <button aria-label="Download SVG" @click=${() => emit(this, 'draw-toolbar:export', { format: 'svg' })}>SVG</button>
        </div>
        <button part="clear" @click=${() => emit(this, 'draw-toolbar:clear')}>Clear board</button>
      </div>
    `;
  }
}

const clampFontSize = (value: number) => (Number.isFinite(value) ? Math.min(200, Math.max(8, Math.round(value))) : DEFAULT_FONT_SIZE);

/** Toolbar events bubble out of the room's shadow root, where a default toolbar lives. */
function emit(toolbar: DrawToolbar, type: string, detail: object = {}): void {
  toolbar.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementTagNameMap {
    'draw-toolbar': DrawToolbar;
  }
}
