import { pinchStep, secondFingerTakesOver, type FingerPoint } from '../drawing/touch-gestures.js';

export interface TouchNavigationOptions {
  zoomBy(factor: number, around: FingerPoint): void;
  panBy(dxCss: number, dyCss: number): void;
  /** Drops the stroke a first finger started, for everyone, committing nothing: it became a pinch. */
  cancelDrawing(): void;
}

interface Finger extends FingerPoint {
  downAt: number;
  startX: number;
  startY: number;
  /** The farthest this finger has been from where it landed (CSS pixels). */
  farthest: number;
}

/**
 * Once a pen has touched a board, fingers on any board of the page pan and zoom instead of drawing, until the page
 * reloads: a hand resting on the screen while writing must not draw. Page-wide, since the person holds the pen, not
 * the board.
 */
let penUsed = false;

/**
 * Fingers on the board as navigation: two pinch (zoom around their midpoint) and pan (the midpoint's movement)
 * together, and once a pen has been used one finger pans too. Without a pen one finger draws (PointerDrawing's),
 * until a second lands in time to make it a pinch (`secondFingerTakesOver`); a later one is a resting hand and is
 * ignored. Points are CSS pixels of the canvas.
 */
export class TouchNavigation {
  private readonly fingers = new Map<number, Finger>();
  /** Fingers that take no part until lifted: a resting hand beside a stroke, or a third finger. */
  private readonly ignored = new Set<number>();
  /** True while the fingers down pan and zoom (not draw); false again once all are lifted. */
  private navigating = false;

  constructor(private readonly options: TouchNavigationOptions) {}

  /** Whether a press of this pointer pans rather than draws (asked by drawing, whichever hears the press first). */
  claims(event: PointerEvent): boolean {
    if (event.pointerType !== 'touch') return false;
    return penUsed || this.navigating || [...this.fingers.keys()].some((id) => id !== event.pointerId);
  }

  /** True while fingers pan or zoom the board. */
  get active(): boolean {
    return this.navigating;
  }

  down(event: PointerEvent, at: FingerPoint): void {
    if (event.pointerType === 'pen') penUsed = true;
    if (event.pointerType !== 'touch') return;
    const finger: Finger = { ...at, downAt: event.timeStamp, startX: at.x, startY: at.y, farthest: 0 };
    const others = [...this.fingers.entries()].filter(([id]) => !this.ignored.has(id));
    this.fingers.set(event.pointerId, finger);
    if (penUsed) {
      this.navigating = true;
    } else if (others.length === 1 && !this.navigating) {
      const [, first] = others[0]!;
      if (!secondFingerTakesOver(first, event.timeStamp)) return void this.ignored.add(event.pointerId);
      this.navigating = true;
      this.options.cancelDrawing();
    }
    if (this.navigating && this.activeFingers().length > 2) this.ignored.add(event.pointerId);
  }

  move(event: PointerEvent, at: FingerPoint): void {
    const finger = this.fingers.get(event.pointerId);
    if (!finger) return;
    finger.farthest = Math.max(finger.farthest, Math.hypot(at.x - finger.startX, at.y - finger.startY));
    const before = this.activeFingers().map(({ x, y }) => ({ x, y }));
    [finger.x, finger.y] = [at.x, at.y];
    if (!this.navigating || this.ignored.has(event.pointerId)) return;
    const after = this.activeFingers();
    if (before.length === 1) return this.options.panBy(after[0]!.x - before[0]!.x, after[0]!.y - before[0]!.y);
    const step = pinchStep([before[0]!, before[1]!], [after[0]!, after[1]!]);
    if (step.factor !== 1) this.options.zoomBy(step.factor, step.around);
    if (step.dx !== 0 || step.dy !== 0) this.options.panBy(step.dx, step.dy);
  }

  up(event: PointerEvent): void {
    this.fingers.delete(event.pointerId);
    this.ignored.delete(event.pointerId);
    if (this.fingers.size === 0) this.navigating = false;
  }

  reset(): void {
    this.fingers.clear();
    this.ignored.clear();
    this.navigating = false;
  }

  /** The fingers that pan and zoom, first landed first: at most two. */
  private activeFingers(): Finger[] {
    return [...this.fingers.entries()].filter(([id]) => !this.ignored.has(id)).map(([, finger]) => finger);
  }
}
