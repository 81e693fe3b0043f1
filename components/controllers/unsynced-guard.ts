import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface UnsyncedGuardParts {
  /** How many changes made on this page no peer has shown it holds. */
  count(): number;
  /** The count moved: the element announces it and repaints its status line. */
  onChange(count: number): void;
}

/**
 * Watches the changes that exist only on this page: reports each move of their count once, and while there are
 * any, asks before the page is closed or left (`beforeunload`); with none, it lets the page go without a word.
 */
export class UnsyncedGuardController implements ReactiveController {
  private announced = 0;
  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (this.parts.count() === 0) return;
    // Both, for the browsers that read one or the other; the text itself is the browser's own.
    event.preventDefault();
    event.returnValue = '';
  };

  constructor(
    host: ReactiveControllerHost,
    private readonly parts: UnsyncedGuardParts,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  hostDisconnected(): void {
    window.removeEventListener('beforeunload', this.onBeforeUnload);
  }

  /** Call whenever the count may have moved (a change, a receipt, a status change). */
  check(): void {
    const count = this.parts.count();
    if (count === this.announced) return;
    this.announced = count;
    this.parts.onChange(count);
  }
}
