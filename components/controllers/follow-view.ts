import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BoardView } from '../drawing/view.js';
import { FollowState, type ViewLookup } from './follow-state.js';

export interface FollowViewOptions {
  /** Someone's shared view (presence): theirs, null when they share none, undefined when they are gone. */
  viewOf: ViewLookup;
  /** Shows a view on this page: the one followed, not a move of this user's. */
  show(view: BoardView): void;
  /** Following started or ended (the list shows whom this page follows). */
  onChange(): void;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Following someone's view: this page shows what theirs shows (the board point at their canvas's centre, at their
 * zoom) as it moves, until this user moves their own view, draws, presses Escape or picks them again. A view shown
 * this way is theirs: `applying` tells the element not to send it back to them as this user's own.
 */
export class FollowViewController implements ReactiveController {
  private readonly state = new FollowState();
  private showing = false;

  constructor(
    private readonly host: Host,
    private readonly options: FollowViewOptions,
  ) {
    host.addController(this);
  }

  /** The awareness client id of the person followed, or null. */
  get leader(): number | null {
    return this.state.leader;
  }

  /** True while the followed person's view is being shown: the view change is theirs, not this user's. */
  get applying(): boolean {
    return this.showing;
  }

  hostConnected(): void {
    // Escape anywhere in the widget (the board, the list, the toolbar) gives the view back.
    this.host.addEventListener('keydown', this.onKeyDown);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('keydown', this.onKeyDown);
    this.stop();
  }

  /** Follows someone, or stops following them when they were the one followed. */
  toggle(clientId: number): void {
    const before = this.state.leader;
    this.apply(this.state.toggle(clientId, this.options.viewOf));
    if (this.state.leader !== before) this.options.onChange();
  }

  /** This user moved the view, drew or pressed Escape: the view is theirs again. */
  stop(): void {
    if (this.state.stop()) this.options.onChange();
  }

  /** Presence changed: shows the followed person's view if it moved; stops when they left. */
  presenceChanged(): void {
    const before = this.state.leader;
    this.apply(this.state.presenceChanged(this.options.viewOf));
    if (this.state.leader !== before) this.options.onChange();
  }

  private apply(view: BoardView | null): void {
    if (!view) return;
    this.showing = true;
    try {
      this.options.show(view);
    } finally {
      this.showing = false;
    }
  }

  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') this.stop();
  };
}
