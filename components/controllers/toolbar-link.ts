import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DrawSettings } from '../drawing/draw-settings.js';
import type { ExportFormat } from '../render/board-export.js';

/** What a room does when its toolbar asks, and what the toolbar shows of it. */
export interface ToolbarActions {
  settings(): DrawSettings;
  changeSettings(settings: DrawSettings): void;
  setBackground(color: string): void;
  clear(): void;
  restore(): void;
  /** Opens the board's saved versions. */
  history(): void;
  undo(): void;
  redo(): void;
  download(format: ExportFormat): void;
  /** What the toolbars show besides the settings. */
  board(): { background: string; restorable: number; history: boolean };
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Ties a room to its toolbars (the default one in its shadow root, or one the page slotted in): their events
 * become room actions, and every toolbar shows the room's tool, colour and board.
 */
export class ToolbarLinkController implements ReactiveController {
  /** Ends this connection's listeners at once when the host leaves the page. */
  private listening: AbortController | null = null;

  constructor(
    private readonly host: Host,
    private readonly actions: ToolbarActions,
  ) {
    host.addController(this);
  }

  // Listening, not dispatching: the toolbar's events are typed by the element's event map, no casts.
  hostConnected(): void {
    this.listening?.abort();
    this.listening = new AbortController();
    const { signal } = this.listening;
    const { host, actions } = this;
    host.addEventListener('draw-toolbar-settings', (event) => actions.changeSettings({ ...event.detail }), { signal });
    host.addEventListener('draw-toolbar-background', (event) => actions.setBackground(event.detail.color), { signal });
    host.addEventListener('draw-toolbar-clear', () => actions.clear(), { signal });
    host.addEventListener('draw-toolbar-restore', () => actions.restore(), { signal });
    host.addEventListener('draw-toolbar-history', () => actions.history(), { signal });
    host.addEventListener('draw-toolbar-undo', () => actions.undo(), { signal });
    host.addEventListener('draw-toolbar-redo', () => actions.redo(), { signal });
    host.addEventListener('draw-toolbar-export', (event) => actions.download(event.detail.format), { signal });
  }

  hostDisconnected(): void {
    this.listening?.abort();
    this.listening = null;
  }

  /** Shows the room's current settings and board on every toolbar. */
  sync(): void {
    // Typed by the tag name map <draw-toolbar> declares: a controller does not import its elements.
    const toolbars = [
      ...this.host.querySelectorAll('draw-toolbar'),
      ...(this.host.shadowRoot?.querySelectorAll('draw-toolbar') ?? []),
    ];
    const { background, restorable, history } = this.actions.board();
    for (const toolbar of toolbars) Object.assign(toolbar, this.actions.settings(), { background, restorable, history });
  }
}
