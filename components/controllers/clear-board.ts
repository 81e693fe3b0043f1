import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { DrawingDocument } from '../drawing/document.js';

export interface ClearBoardOptions {
  document: DrawingDocument;
  /** Author ids this person has drawn under (an identity can change on reconnect). */
  ownAuthors(): ReadonlySet<string>;
  /** The name the others see as the one who cleared. */
  clearedBy(): string;
  /**
   * Keeps the board as it is among the saved versions first (History), resolving either way; null when nothing
   * keeps versions (no server copy), so the clear happens at once.
   */
  keepVersion(): Promise<unknown> | null;
}

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment; readonly updateComplete: Promise<boolean> };

/**
 * "Clear board" from the toolbar: at once when everything on the board is this person's own, else only after
 * they confirm, since it wipes other people's work for everyone. The board before it is kept as a saved version
 * first (History), so no clear is final.
 */
export class ClearBoardController implements ReactiveController {
  private question: { total: number; others: number } | null = null;

  constructor(
    private readonly host: Host,
    private readonly options: ClearBoardOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  async request(): Promise<void> {
    const items = this.options.document.items;
    if (items.length === 0) return;
    const own = this.options.ownAuthors();
    const others = items.filter((item) => !own.has(item.author)).length;
    if (others === 0) return void this.clear();
    this.question = { total: items.length, others };
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.dialog?.showModal();
  }

  render(): unknown {
    const question = this.question;
    if (!question) return nothing;
    const { total, others } = question;
    return html`<dialog part="confirm-clear" aria-labelledby="confirm-clear-title" @close=${this.onClose}>
      <p id="confirm-clear-title"><strong>Clear the board for everyone?</strong></p>
      <p>${describeOthers(others, total)} drawn by others. Anyone here can restore them with “Restore” while this page is open.</p>
      <form method="dialog">
        <button value="clear">Clear board</button>
        <button value="cancel" autofocus>Cancel</button>
      </form>
    </dialog>`;
  }

  private get dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector('dialog[part="confirm-clear"]');
  }

  // Escape and Cancel close with "cancel" (or nothing); only the Clear button clears.
  private readonly onClose = (event: Event) => {
    const confirmed = (event.target as HTMLDialogElement).returnValue === 'clear';
    this.question = null;
    this.host.requestUpdate();
    if (confirmed) void this.clear();
  };

  private async clear(): Promise<void> {
    const keeping = this.options.keepVersion();
    if (keeping) await keeping;
    this.options.document.beginAction();
    this.options.document.clear(this.options.clearedBy());
  }
}

/** "The only item was", "All 3 items were", "1 of the 2 items was": the verb follows the others' count. */
function describeOthers(others: number, total: number): string {
  if (total === 1) return 'The only item was';
  const verb = others === 1 ? 'was' : 'were';
  return others === total ? `All ${total} items ${verb}` : `${others} of the ${total} items ${verb}`;
}
