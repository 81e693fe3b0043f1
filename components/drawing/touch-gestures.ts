/** A finger's place in CSS pixels of the canvas. */
export interface FingerPoint {
  x: number;
  y: number;
}

/** What one move of two fingers does to the view: zoom by `factor` around `around`, then pan by `dx`, `dy` (CSS pixels). */
export interface PinchStep {
  factor: number;
  around: FingerPoint;
  dx: number;
  dy: number;
}

/**
 * A second finger that lands within this long after the first (ms, on the events' own clock) means two fingers
 * were meant together: a pinch or a two-finger pan, however far the first one slid while the second came down.
 */
export const SECOND_FINGER_WINDOW_MS = 250;
/**
 * A first finger that has strayed no farther than this from where it landed (CSS pixels) has not drawn anything
 * anyone meant to keep, so a second finger turns it into a pinch even when it lands late.
 */
export const SECOND_FINGER_SLOP_PX = 24;

/** The first finger on the board, as the second one finds it. */
export interface FirstFinger {
  /** When it landed (the pointerdown's timeStamp). */
  downAt: number;
  /** The farthest it has been from where it landed, in CSS pixels. */
  farthest: number;
}

/**
 * Whether a second finger turns the first finger's stroke into a pinch (the stroke is cancelled) or is taken for a
 * resting hand and ignored (the stroke goes on): it takes over when it lands within SECOND_FINGER_WINDOW_MS of the
 * first, or before the first has moved SECOND_FINGER_SLOP_PX from where it landed.
 */
export function secondFingerTakesOver(first: FirstFinger, secondDownAt: number): boolean {
  return secondDownAt - first.downAt <= SECOND_FINGER_WINDOW_MS || first.farthest < SECOND_FINGER_SLOP_PX;
}

const midpoint = (a: FingerPoint, b: FingerPoint): FingerPoint => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const distance = (a: FingerPoint, b: FingerPoint) => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * The view change that keeps the board under two fingers as they move from `before` to `after`: the zoom follows
 * the fingers' spread around where their midpoint was, and the pan follows the midpoint. Zooming around the old
 * midpoint and then panning by its movement puts the board point that lay between the fingers between them again.
 * Fingers on one spot (no spread) only pan: a ratio of nothing to something is no zoom.
 */
export function pinchStep(before: [FingerPoint, FingerPoint], after: [FingerPoint, FingerPoint]): PinchStep {
  const [spreadBefore, spreadAfter] = [distance(...before), distance(...after)];
  const factor = spreadBefore > 0 && spreadAfter > 0 ? spreadAfter / spreadBefore : 1;
  const [from, to] = [midpoint(...before), midpoint(...after)];
  return { factor, around: from, dx: to.x - from.x, dy: to.y - from.y };
}
