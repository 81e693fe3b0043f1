import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { MAX_TEXT_LENGTH } from './board-items.js';

export interface TextSpot {
  /** Where the text goes on the board. */
  board: { x: number; y: number };
  /** Where the field shows, in CSS pixels of the board element. */
  css: { x: number; y: number };
}

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment; readonly updateComplete: Promise<boolean> };

/** The text tool's field: opened where the board was clicked, committed on Enter or blur, dropped on Escape. */
export class TextEntryController implements ReactiveController {
  private spot: TextSpot | null = null;

  constructor(
    private readonly host: Host,
    private readonly commit: (spot: TextSpot, text: string) => void,
  ) {
    host.addController(this);
  }

  get active(): boolean {
    return this.spot !== null;
  }

  hostConnected(): void {}

  async open(spot: TextSpot): Promise<void> {
    this.spot = spot;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLInputElement>('[part="text-input"]')?.focus();
  }

  /** The field, styled as the text will look on the board (`scale` is board units → CSS pixels). */
  render(style: { color: string; fontSize: number; scale: number }): TemplateResult | typeof nothing {
    const spot = this.spot;
    if (!spot) return nothing;
    return html`<input part="text-input" aria-label="Text to place on the board" maxlength=${MAX_TEXT_LENGTH}
      style="left:${spot.css.x}px;top:${spot.css.y}px;font-size:${style.fontSize * style.scale}px;color:${style.color}"
      @keydown=${this.onKey} @blur=${(event: FocusEvent) => this.finish(event.target as HTMLInputElement)} />`;
  }

  private readonly onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') this.finish(event.target as HTMLInputElement);
    else if (event.key === 'Escape') this.close();
  };

  private finish(input: HTMLInputElement): void {
    const spot = this.spot;
    this.close();
    const text = input.value.trim().slice(0, MAX_TEXT_LENGTH);
    if (spot && text !== '') this.commit(spot, text);
  }

  private close(): void {
    this.spot = null;
    this.host.requestUpdate();
  }
}
