import { HOME_VIEW, sameView, type BoardView } from '../drawing/view.js';

/**
 * Someone's view as presence has it: their view, null when they share none (a widget from before views were
 * shared: it shows the home view unless its user moved it), undefined when they are no longer here.
 */
export type ViewLookup = (clientId: number) => BoardView | null | undefined;

/**
 * Whom this page follows, and which of their views it showed last: a view is shown once when it changes, not on
 * every presence change (cursors move far more often than views).
 */
export class FollowState {
  private followed: number | null = null;
  private shown: BoardView | null = null;

  /** The awareness client id of the person followed, or null. */
  get leader(): number | null {
    return this.followed;
  }

  /**
   * A click (or Enter) on someone: follows them, or stops when they were the one followed. Returns the view to show
   * now: theirs, at once; null when there is nothing to show (stopped, or they are gone).
   */
  toggle(clientId: number, viewOf: ViewLookup): BoardView | null {
    if (this.followed === clientId) {
      this.stop();
      return null;
    }
    const view = viewOf(clientId);
    if (view === undefined) return null;
    this.followed = clientId;
    this.shown = null;
    return this.next(view);
  }

  /** This user took their view back (panned, zoomed, drew, pressed Escape). True when a follow ended. */
  stop(): boolean {
    const wasFollowing = this.followed !== null;
    this.followed = null;
    this.shown = null;
    return wasFollowing;
  }

  /**
   * Presence changed: the followed person's view when it moved since it was last shown, else null. Following ends
   * when they left.
   */
  presenceChanged(viewOf: ViewLookup): BoardView | null {
    if (this.followed === null) return null;
    const view = viewOf(this.followed);
    if (view === undefined) {
      this.stop();
      return null;
    }
    return this.next(view);
  }

  private next(view: BoardView | null): BoardView | null {
    const target = view ?? HOME_VIEW;
    if (this.shown && sameView(this.shown, target)) return null;
    this.shown = target;
    return target;
  }
}
