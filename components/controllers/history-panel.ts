import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { DrawingDocument } from '../drawing/document.js';
import { boardToSvg } from '../render/board-export.js';
import type { SavedVersion, SavedVersions } from '../sync/saved-versions.js';
import { describeVersion, whenSaved } from './version-words.js';

export interface HistoryPanelOptions {
  /** The room's saved versions while the server keeps its board; null otherwise. */
  versions(): SavedVersions | null;
  /** Why there are none to list when `versions()` is null, in words. */
  whyNone(): string;
  /** Makes the board what `version` showed, as one undoable change for everyone. */
  restore(version: Uint8Array): Promise<void>;
}

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment; readonly updateComplete: Promise<boolean> };

/** What the panel shows: the list as it loads, and the version being previewed. */
interface PanelState {
  versions: SavedVersion[] | null;
  problem: string;
  preview: { seq: number; at: number; board: Uint8Array; url: string; words: string } | null;
}

/**
 * "History" from the toolbar: a dialog listing the board's saved versions on the server, newest first. Choosing one
 * previews it as a picture; "Restore this version" makes the board what it was, as one change anyone sees and its
 * restorer can undo, so a careless clear is never final.
 */
export class HistoryPanelController implements ReactiveController {
  private state: PanelState | null = null;
  /** Counts openings, so an answer for a panel since closed is dropped. */
  private openings = 0;

  constructor(
    private readonly host: Host,
    private readonly options: HistoryPanelOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.close();
  }

  get isOpen(): boolean {
    return this.state !== null;
  }

  async open(): Promise<void> {
    if (this.state) return;
    const opening = ++this.openings;
    this.state = { versions: null, problem: '', preview: null };
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.dialog?.showModal();
    const versions = this.options.versions();
    if (!versions) {
      this.update(opening, { versions: [], problem: this.options.whyNone() });
      return;
    }
    try {
      this.update(opening, { versions: await versions.list() });
    } catch (error) {
      this.update(opening, { problem: `Could not load the saved versions: ${messageOf(error)}` });
    }
  }

  render(): unknown {
    const state = this.state;
    if (!state) return nothing;
    return html`<dialog part="history" aria-labelledby="history-title" @close=${() => this.close()}>
      <h2 id="history-title">Board history</h2>
      ${this.renderList(state)}
      ${state.problem ? html`<p role="alert">${state.problem}</p>` : nothing}
      ${state.preview
        ? html`<figure>
              <img part="history-preview" src=${state.preview.url} alt="The board as it was ${whenSaved(state.preview.at)}: ${state.preview.words}" />
              <figcaption>${whenSaved(state.preview.at)}: ${state.preview.words}</figcaption>
            </figure>
            <button part="history-restore" @click=${() => this.restorePreviewed()}>Restore this version</button>`
        : nothing}
      <form method="dialog"><button value="close">Close</button></form>
    </dialog>`;
  }

  private renderList({ versions, preview }: PanelState): unknown {
    if (versions === null) return html`<p role="status">Loading saved versions…</p>`;
    if (versions.length === 0) {
      if (this.state?.problem) return nothing;
      return html`<p>No saved versions yet. The server saves one as the board grows, and before each clear or restore.</p>`;
    }
    return html`<ul class="versions" aria-label="Saved versions, newest first">
      ${versions.map(
        ({ seq, at }) => html`<li><button part="history-version" aria-pressed=${preview?.seq === seq ? 'true' : 'false'}
          @click=${() => void this.preview(seq, at)}>${whenSaved(at)}</button></li>`,
      )}
    </ul>`;
  }

  private async preview(seq: number, at: number): Promise<void> {
    const opening = this.openings;
    const versions = this.options.versions();
    if (!versions) return;
    try {
      const board = await versions.read(seq);
      const shown = DrawingDocument.versionOf(board);
      const url = URL.createObjectURL(new Blob([boardToSvg(shown.items, shown.background)], { type: 'image/svg+xml' }));
      this.revokePreview();
      if (!this.update(opening, { preview: { seq, at, board, url, words: describeVersion(shown.items) }, problem: '' })) URL.revokeObjectURL(url);
    } catch (error) {
      this.update(opening, { problem: `Could not show that version: ${messageOf(error)}` });
    }
  }

  private restorePreviewed(): void {
    const preview = this.state?.preview;
    if (!preview) return;
    this.dialog?.close();
    void this.options.restore(preview.board);
  }

  /** Applies `change` when the panel that asked is still the open one; false when it is not. */
  private update(opening: number, change: Partial<PanelState>): boolean {
    if (!this.state || opening !== this.openings) return false;
    this.state = { ...this.state, ...change };
    this.host.requestUpdate();
    return true;
  }

  private close(): void {
    if (!this.state) return;
    this.revokePreview();
    this.state = null;
    this.openings++;
    this.host.requestUpdate();
  }

  private revokePreview(): void {
    if (this.state?.preview) URL.revokeObjectURL(this.state.preview.url);
  }

  private get dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector('dialog[part="history"]');
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
