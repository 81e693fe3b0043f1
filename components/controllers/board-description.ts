import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { DrawingDocument } from '../drawing/document.js';
import { describeBoard } from './version-words.js';

/** A description lags a change by at most this: soon enough to read, rare enough not to cost a frame while drawing. */
const DESCRIBE_EVERY_MS = 500;

/** The id of the element holding the description, for the board's `aria-describedby`. */
export const BOARD_CONTENTS_ID = 'board-contents';

/**
 * What is on the board, in words ("12 items: 9 strokes, 2 rectangles, 1 text 'Plan'"), as the board's accessible
 * description: brought up to date within half a second of a change, and at most that often however fast the board
 * changes.
 */
export class BoardDescriptionController implements ReactiveController {
  private text = describeBoard([]);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly document: DrawingDocument,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = this.document.onChange(() => this.schedule());
    this.describe();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  render(): unknown {
    return html`<span id=${BOARD_CONTENTS_ID} class="hint">${this.text}</span>`;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.describe();
    }, DESCRIBE_EVERY_MS);
  }

  private describe(): void {
    const text = describeBoard(this.document.items);
    if (text === this.text) return;
    this.text = text;
    this.host.requestUpdate();
  }
}
