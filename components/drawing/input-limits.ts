/**
 * Where coordinates may lie, in board units: the 1600×1000 board and a margin around it. Anything farther
 * comes from a hostile or broken peer. A later issue makes the board infinite: these bounds are then the
 * only place to change.
 */
export const ACCEPTED_AREA = { minX: -1000, maxX: 2600, minY: -1000, maxY: 2000 } as const;

/** Items a board may hold: far more than a session draws, few enough that every page keeps painting quickly. */
export const MAX_ITEMS = 20_000;

/** Points one stroke may hold: a long, slow pen stroke has a few thousand. */
export const MAX_POINTS_PER_STROKE = 20_000;

export const isInAcceptedArea = (x: number, y: number) =>
  x >= ACCEPTED_AREA.minX && x <= ACCEPTED_AREA.maxX && y >= ACCEPTED_AREA.minY && y <= ACCEPTED_AREA.maxY;

export const outsideAreaProblem = (x: number, y: number) =>
  `point (${x}, ${y}) is outside the accepted area ${ACCEPTED_AREA.minX}…${ACCEPTED_AREA.maxX} × ${ACCEPTED_AREA.minY}…${ACCEPTED_AREA.maxY}`;

export const strokeTooLongProblem = (count: number) => `a stroke of ${count} points is over the ${MAX_POINTS_PER_STROKE} point limit`;

export const boardFullProblem = `the board holds ${MAX_ITEMS} items, the most it can`;
