import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DEFAULT_BACKGROUND } from './document.js';
import { DEFAULT_WIDTH, PALETTE, STROKE_WIDTHS } from './palette.js';

export interface BrushChangeDetail {
  color: string;
  width: number;
}

/**
 * Tools for a `<draw-room>`: colour, stroke width, board background and clear.
 * It holds no drawing: it only emits events that the room acts on.
 *
 * @fires draw-toolbar:brush - {color, width} when the user picks a colour or width.
 * @fires draw-toolbar:background - {color} when the user picks a board background.
 * @fires draw-toolbar:clear - when the user asks to clear the board for everyone.
 * @csspart toolbar - the bar itself
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
    .swatches { display: flex; flex-wrap: wrap; gap: 3px; }
    [part~='swatch'] {
      width: 20px; height: 20px; padding: 0; border: 1px solid #adb5bd; border-radius: 4px; cursor: pointer;
    }
    [part~='swatch'][aria-pressed='true'] { outline: 2px solid #212529; outline-offset: 1px; }
    label { display: inline-flex; align-items: center; gap: 4px; }
    button[part='clear'] { margin-left: auto; }
  `;

  /** The current pen colour, as #rrggbb. */
  @property() color: string = PALETTE[0];

  /** The current stroke width in board pixels. */
  @property({ type: Number }) width = DEFAULT_WIDTH;

  /** The board background colour, as #rrggbb. */
  @property() background = DEFAULT_BACKGROUND;

  private pickColor(color: string): void {
    this.color = color;
    this.emitBrush();
  }

  private pickWidth(event: Event): void {
    this.width = Number((event.target as HTMLSelectElement).value);
    this.emitBrush();
  }

  private pickBackground(event: Event): void {
    this.background = (event.target as HTMLInputElement).value;
    emit(this, 'draw-toolbar:background', { color: this.background });
  }

  private emitBrush(): void {
    emit(this, 'draw-toolbar:brush', { color: this.color, width: this.width } satisfies BrushChangeDetail);
  }

  override render() {
    return html`
      <div part="toolbar" role="toolbar" aria-label="Drawing tools">
        <div class="swatches" role="group" aria-label="Colour">
          ${PALETTE.map(
            (color) => html`<button
              part="swatch"
              style="background:${color}"
              title=${color}
              aria-label="Colour ${color}"
              aria-pressed=${color === this.color ? 'true' : 'false'}
              @click=${() => this.pickColor(color)}
            ></button>`,
          )}
        </div>
        <label>Width
          <select aria-label="Stroke width" @change=${this.pickWidth} .value=${String(this.width)}>
            ${STROKE_WIDTHS.map((width) => html`<option value=${width} ?selected=${width === this.width}>${width}px</option>`)}
          </select>
        </label>
        <label>Background
          <input type="color" aria-label="Board background" .value=${this.background} @input=${this.pickBackground} />
        </label>
        <button part="clear" @click=${() => emit(this, 'draw-toolbar:clear')}>Clear board</button>
      </div>
    `;
  }
}

/** Toolbar events bubble out of the room's shadow root, where a default toolbar lives. */
function emit(toolbar: DrawToolbar, type: string, detail: object = {}): void {
  toolbar.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementTagNameMap {
    'draw-toolbar': DrawToolbar;
  }
}
