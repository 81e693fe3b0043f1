import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { PALETTE, SWATCHES } from './palette.js';
import { swatchIndexAfterKey } from './swatch-grid-keys.js';

/**
 * The palette pop-up's swatches: a radio group that is one tab stop (roving tabindex), walked with arrow keys as
 * the pop-up lays it out. The toolbar opens and closes it; this knows which swatch has the tab stop.
 */
export class PalettePopup {
  /** The swatch that is the one tab stop: the current colour's on opening, then wherever focus went. */
  private focusedSwatch = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The rendered pop-up, while open. */
    private readonly element: () => HTMLElement | null,
    private readonly actions: { pick(color: string): void; close(): void },
  ) {}

  /** About to open on `color`: its swatch gets the tab stop (the first one for a colour not in the palette). */
  openOn(color: string): void {
    this.focusedSwatch = Math.max(0, PALETTE.indexOf(color));
  }

  /** Into the pop-up, on the colour in use: arrow keys and Tab go on from there. */
  focus(): void {
    this.swatchButtons()[this.focusedSwatch]?.focus();
  }

  /**
   * A radio group, as the toolbar pattern has one (WAI-ARIA APG, "Toolbar"): one colour of many is checked, read as
   * "Dark red, radio button, checked, 21 of 80"; inside a toolbar arrow keys move focus without checking, and Space
   * or Enter checks. A grid would need rows in the DOM, which the pop-up's width reflows.
   */
  render(color: string): TemplateResult {
    return html`<div id="palette" part="palette" class="swatches" role="radiogroup" aria-label="Colour"
      @keydown=${this.onKey} @focusin=${this.onFocusIn}>
      ${SWATCHES.map(({ color: swatch, name, markColor }, index) => html`<button part="swatch" role="radio"
        aria-checked=${swatch === color ? 'true' : 'false'} tabindex=${index === this.focusedSwatch ? '0' : '-1'}
        data-color=${swatch} title=${name} aria-label=${name} style="background:${swatch};--mark-color:${markColor}"
        @click=${() => this.actions.pick(swatch)}></button>`)}
    </div>`;
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.actions.close();
      return;
    }
    // Enter and Space are left to the focused button, whose click picks its colour.
    const next = swatchIndexAfterKey(event, this.focusedSwatch, PALETTE.length, this.columns());
    if (next === null) return;
    // The grid's keys are its own: the page must not scroll, nor the toolbar take them to move between controls.
    event.preventDefault();
    event.stopPropagation();
    this.moveTo(next);
    this.focus();
  };

  /** Keeps the tab stop on the swatch a click or Tab focused, so arrow keys go on from there. */
  private readonly onFocusIn = (event: FocusEvent): void => {
    const index = this.swatchButtons().indexOf(event.target as HTMLButtonElement);
    if (index >= 0) this.moveTo(index);
  };

  private moveTo(index: number): void {
    if (index === this.focusedSwatch) return;
    this.focusedSwatch = index;
    this.host.requestUpdate();
  }

  private swatchButtons(): HTMLButtonElement[] {
    return [...(this.element()?.querySelectorAll<HTMLButtonElement>('[part~="swatch"]') ?? [])];
  }

  /** Swatches to a row as the pop-up lays them out now: its width, so ↑ and ↓ go to the one seen above or below. */
  private columns(): number {
    const buttons = this.swatchButtons();
    const firstRowTop = buttons[0]?.offsetTop;
    const columns = buttons.findIndex((button) => button.offsetTop !== firstRowTop);
    return columns > 0 ? columns : Math.max(1, buttons.length);
  }
}
