/**
 * Where coordinates may lie, in board units: ±100,000 around the home area's corner, 125 home areas wide each way.
 * Far more than anyone pans across, so the board feels infinite; finite, so a hostile or broken peer cannot place
 * a point where zooming to fit everything would shrink every drawing to nothing, or where float32 canvas
 * coordinates lose the 1/8 unit the point codec keeps. Points are stored as deltas, so this costs no byte per point.
 */
export const ACCEPTED_AREA = { minX: -100_000, maxX: 100_000, minY: -100_000, maxY: 100_000 } as const;

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
