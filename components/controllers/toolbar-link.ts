import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DrawToolbar } from '../elements/draw-toolbar.js';
import type { DrawSettings } from '../drawing/draw-settings.js';

/** What a room does when its toolbar asks, and what the toolbar shows of it. */
export interface ToolbarActions {
  settings(): DrawSettings;
  changeSettings(settings: DrawSettings): void;
  setBackground(color: string): void;
  clear(): void;
  restore(): void;
  undo(): void;
  redo(): void;
  download(format: 'png' | 'svg'): void;
  /** What the toolbars show besides the settings. */
  board(): { background: string; restorable: number };
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Ties a room to its toolbars (the default one in its shadow root, or one the page slotted in): their events
 * become room actions, and every toolbar shows the room's tool, colour and board.
 */
export class ToolbarLinkController implements ReactiveController {
  private readonly listeners: Array<[string, EventListener]> = [
    ['draw-toolbar:settings', (event) => this.actions.changeSettings({ ...(event as CustomEvent<DrawSettings>).detail })],
    ['draw-toolbar:background', (event) => this.actions.setBackground((event as CustomEvent<{ color: string }>).detail.color)],
    ['draw-toolbar:clear', () => this.actions.clear()],
    ['draw-toolbar:restore', () => this.actions.restore()],
    ['draw-toolbar:undo', () => this.actions.undo()],
    ['draw-toolbar:redo', () => this.actions.redo()],
    ['draw-toolbar:export', (event) => this.actions.download((event as CustomEvent<{ format: 'png' | 'svg' }>).detail.format)],
  ];

  constructor(
    private readonly host: Host,
    private readonly actions: ToolbarActions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const [type, listener] of this.listeners) this.host.addEventListener(type, listener);
  }

  hostDisconnected(): void {
    for (const [type, listener] of this.listeners) this.host.removeEventListener(type, listener);
  }

  /** Shows the room's current settings and board on every toolbar. */
  sync(): void {
    const toolbars = [
      ...this.host.querySelectorAll('draw-toolbar'),
      ...(this.host.shadowRoot?.querySelectorAll('draw-toolbar') ?? []),
    ] as DrawToolbar[];
    const { background, restorable } = this.actions.board();
    for (const toolbar of toolbars) Object.assign(toolbar, this.actions.settings(), { background, restorable });
  }
}
