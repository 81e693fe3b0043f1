/**
 * One tab stop for a whole toolbar (WAI-ARIA APG, "Toolbar"): Tab enters on the control last used and leaves at
 * once; ← and → move between controls (wrapping), Home and End go to the first and last. Keys a control needs for
 * itself are left to it: arrows inside a text or number field move its caret. A pop-up laid out in rows (the
 * toolbar's "More" menu) takes ↑ and ↓ too, as the previous and next control, from its fields as well.
 */
export class RovingTabStop {
  /** The control that is the tab stop, once one was focused; the first control before that. */
  private current: HTMLElement | null = null;

  constructor(
    private readonly controls: () => HTMLElement[],
    private readonly upAndDown = false,
  ) {}

  /** Gives every control its tabindex: 0 for the tab stop, -1 for the rest. Call after each render. */
  refresh(): void {
    const controls = this.controls();
    const stop = this.current && controls.includes(this.current) ? this.current : controls[0];
    for (const control of controls) control.tabIndex = control === stop ? 0 : -1;
  }

  /** A control got focus (click, Tab, script): the tab stop follows it. */
  readonly onFocusIn = (event: FocusEvent): void => {
    const control = this.controls().find((candidate) => candidate === event.target || candidate.contains(event.target as Node));
    if (!control) return;
    this.current = control;
    this.refresh();
  };

  readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // A field keeps the keys that move its caret; in a pop-up of rows ↑ and ↓ still move on (its value is typed).
    const vertical = event.key === 'ArrowUp' || event.key === 'ArrowDown';
    if (keepsArrows(event.target) && !(this.upAndDown && vertical)) return;
    const controls = this.controls();
    const at = controls.findIndex((control) => control === event.target);
    if (at < 0) return;
    const next = nextIndex(this.upAndDown ? verticalAsHorizontal(event.key) : event.key, at, controls.length);
    if (next === null) return;
    event.preventDefault();
    this.current = controls[next]!;
    this.refresh();
    this.current.focus();
  };
}

function verticalAsHorizontal(key: string): string {
  if (key === 'ArrowDown') return 'ArrowRight';
  if (key === 'ArrowUp') return 'ArrowLeft';
  return key;
}

function nextIndex(key: string, at: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
      return (at + 1) % count;
    case 'ArrowLeft':
      return (at - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** Fields whose caret the arrow keys move: the toolbar must not take those keys from them. */
function keepsArrows(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement && ['text', 'number', 'search'].includes(target.type);
}
