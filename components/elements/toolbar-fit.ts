import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Host = ReactiveControllerHost & HTMLElement;

const COARSE_POINTER = '(pointer: coarse)';

/**
 * Watches the toolbar's own width (a ResizeObserver on the host: the widget's width, whatever the viewport's) and
 * whether the pointer is a finger, and asks the host to render again when either changes. `measure()` reads the
 * width at once, so even the first render has the right layout.
 */
export class ToolbarFitController implements ReactiveController {
  /** The host's content width, px; 0 until first laid out. */
  width = 0;
  coarse = false;
  private observer: ResizeObserver | null = null;
  private frame = 0;
  private pointerQuery: MediaQueryList | null = null;

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  hostConnected(): void {
    this.pointerQuery = matchMedia(COARSE_POINTER);
    this.coarse = this.pointerQuery.matches;
    this.pointerQuery.addEventListener('change', this.onPointerChange);
    this.observer = new ResizeObserver(([entry]) => {
      if (Math.round(entry?.contentRect.width ?? 0) === this.width || this.frame !== 0) return;
      // Rendered on the next frame, not inside the observer's delivery: a new layout changes the host's height, which
      // the observer would otherwise report as a loop ("ResizeObserver loop completed with undelivered notifications").
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.host.requestUpdate();
      });
    });
    this.observer.observe(this.host);
  }

  /** The host's width now (a layout read): call before rendering. */
  measure(): void {
    this.width = Math.round(this.host.getBoundingClientRect().width);
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.observer?.disconnect();
    this.observer = null;
    this.pointerQuery?.removeEventListener('change', this.onPointerChange);
    this.pointerQuery = null;
  }

  private readonly onPointerChange = (event: MediaQueryListEvent): void => {
    this.coarse = event.matches;
    this.host.requestUpdate();
  };
}
