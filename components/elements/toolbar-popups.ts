import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The toolbar's pop-ups: the palette, and the compact toolbar's "More" menu. */
export type ToolbarPopup = 'palette' | 'more';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Which of the toolbar's pop-ups is open: one at most. A press anywhere outside it and its button (drawing on the
 * board included) closes it; closing from the keyboard gives focus back to its button, so the person stays where
 * they were.
 */
export class ToolbarPopups implements ReactiveController {
  open: ToolbarPopup | null = null;

  constructor(
    private readonly host: Host,
    /** The open pop-up's element and the button that opened it, as rendered now. */
    private readonly elementsOf: (popup: ToolbarPopup) => { popup: HTMLElement | null; button: HTMLElement | null },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.close(false);
  }

  toggle(popup: ToolbarPopup): void {
    if (this.open === popup) return this.close(true);
    this.open = popup;
    document.addEventListener('pointerdown', this.onOutsidePress, true);
    this.host.requestUpdate();
  }

  /** Closes whatever is open; `refocus` gives focus back to its button. */
  close(refocus: boolean): void {
    const open = this.open;
    if (open === null) return;
    this.open = null;
    document.removeEventListener('pointerdown', this.onOutsidePress, true);
    this.host.requestUpdate();
    if (refocus) this.elementsOf(open).button?.focus();
  }

  /** Focus went to `next` (a focusout's relatedTarget): anywhere outside the open pop-up and its button closes it. */
  focusMovedTo(next: EventTarget | null): void {
    if (this.open === null || !(next instanceof Node)) return;
    const { popup, button } = this.elementsOf(this.open);
    if (!popup?.contains(next) && next !== button) this.close(false);
  }

  private readonly onOutsidePress = (event: PointerEvent): void => {
    if (this.open === null) return;
    const { popup, button } = this.elementsOf(this.open);
    const path = event.composedPath();
    if (!(popup && path.includes(popup)) && !(button && path.includes(button))) this.close(false);
  };
}

/**
 * Keeps a pop-up inside the bar's width, below its button, however narrow the widget is: from the button's left
 * edge (`start`) or ending at its right edge (`end`, for the "More" menu at the row's end).
 */
export function placePopup(popup: HTMLElement, button: HTMLElement, bar: HTMLElement, align: 'start' | 'end'): void {
  const barBox = bar.getBoundingClientRect();
  const anchor = button.getBoundingClientRect();
  const margin = 4;
  popup.style.maxWidth = `${barBox.width - 2 * margin}px`;
  popup.style.top = `${anchor.bottom - barBox.top + 2}px`;
  const width = popup.getBoundingClientRect().width;
  const wanted = align === 'start' ? anchor.left - barBox.left : anchor.right - barBox.left - width;
  popup.style.left = `${Math.max(margin, Math.min(wanted, barBox.width - margin - width))}px`;
}
