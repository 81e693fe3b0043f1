/**
 * The outline of a pen stroke: perfect-freehand 1.2.3's getStroke (MIT, Steve Ruiz), ported for the options
 * draw-room uses (no taper, round caps, linear easing) to work on flat arrays. The library allocates several
 * small arrays per point; on a late join of 100k points that garbage cost more than everything else together.
 * Every arithmetic step keeps the library's order, so the outline is identical to the last bit: the tests
 * compare the two on random strokes.
 */

import { allocateNumbers } from '../drawing/number-slab.js';

export interface OutlineOptions {
  size: number;
  thinning: number;
  smoothing: number;
  streamline: number;
  simulatePressure: boolean;
  /** The stroke is complete: its last point is used as it is rather than smoothed towards. */
  last: boolean;
}

const RATE_OF_PRESSURE_CHANGE = 0.275;
const FIXED_PI = Math.PI + 0.0001;
const START_CAP_SEGMENTS = 13;
const END_CAP_SEGMENTS = 29;
const CORNER_CAP_SEGMENTS = 13;
const END_NOISE_THRESHOLD = 3;
const MIN_STREAMLINE_T = 0.15;
const STREAMLINE_T_RANGE = 0.85;
const MIN_RADIUS = 0.01;
const DEFAULT_FIRST_PRESSURE = 0.25;
const DEFAULT_PRESSURE = 0.5;

/**
 * Smoothed stroke points, one array per field: the library's StrokePoint objects without the objects.
 * One instance is reused by every call (they never overlap), growing to the longest stroke seen.
 */
class StrokePoints {
  count = 0;
  x = new Float64Array(256);
  y = new Float64Array(256);
  pressure = new Float64Array(256);
  vectorX = new Float64Array(256);
  vectorY = new Float64Array(256);
  distance = new Float64Array(256);
  runningLength = new Float64Array(256);

  reset(length: number): void {
    this.count = 0;
    if (length <= this.x.length) return;
    const capacity = Math.max(length, this.x.length * 2);
    this.x = new Float64Array(capacity);
    this.y = new Float64Array(capacity);
    this.pressure = new Float64Array(capacity);
    this.vectorX = new Float64Array(capacity);
    this.vectorY = new Float64Array(capacity);
    this.distance = new Float64Array(capacity);
    this.runningLength = new Float64Array(capacity);
  }
}

const scratchPoints = new StrokePoints();

/** The library's test: a missing (here -1) or negative pressure is replaced by a default. */
const isValidPressure = (pressure: number) => pressure >= 0;

/** Input points as flat [x, y, pressure, …], after the library's own fix-ups of 1- and 2-point strokes. */
function inputPoints(points: ArrayLike<number>): ArrayLike<number> {
  const count = Math.floor(points.length / 3);
  if (count === 2) {
    // A segment becomes five points; the four made up carry no pressure.
    const [x, y] = [points[0]!, points[1]!];
    const fixed = [x, y, points[2]!];
    for (let i = 1; i < 5; i++) fixed.push(x + (points[3]! - x) * (i / 4), y + (points[4]! - y) * (i / 4), -1);
    return fixed;
  }
  if (count === 1) return [points[0]!, points[1]!, points[2]!, points[0]! + 1, points[1]! + 1, points[2]!];
  return points;
}

function strokePoints(points: ArrayLike<number>, options: OutlineOptions): StrokePoints {
  const input = inputPoints(points);
  const length = Math.floor(input.length / 3);
  const out = scratchPoints;
  out.reset(length);
  if (length === 0) return out;
  const t = MIN_STREAMLINE_T + (1 - options.streamline) * STREAMLINE_T_RANGE;
  const firstPressure = input[2]!;
  out.x[0] = input[0]!;
  out.y[0] = input[1]!;
  out.pressure[0] = isValidPressure(firstPressure) ? firstPressure : DEFAULT_FIRST_PRESSURE;
  out.count = 1;
  let hasReachedMinimumLength = false;
  let runningLength = 0;
  const max = length - 1;
  for (let i = 1; i < length; i++) {
    const prev = out.count - 1;
    const prevX = out.x[prev]!;
    const prevY = out.y[prev]!;
    let x = input[i * 3]!;
    let y = input[i * 3 + 1]!;
    if (!(options.last && i === max)) {
      x = prevX + (x - prevX) * t;
      y = prevY + (y - prevY) * t;
    }
    if (prevX === x && prevY === y) continue;
    const distance = Math.hypot(y - prevY, x - prevX);
    runningLength += distance;
    if (i < max && !hasReachedMinimumLength) {
      if (runningLength < options.size) continue;
      hasReachedMinimumLength = true;
    }
    // The library's uni(prev - point): its length is `distance` (hypot of two values ignores sign and order).
    const diffX = prevX - x;
    const diffY = prevY - y;
    const pressure = input[i * 3 + 2]!;
    const at = out.count++;
    out.x[at] = x;
    out.y[at] = y;
    out.pressure[at] = isValidPressure(pressure) ? pressure : DEFAULT_PRESSURE;
    out.vectorX[at] = diffX / distance;
    out.vectorY[at] = diffY / distance;
    out.distance[at] = distance;
    out.runningLength[at] = runningLength;
  }
  // The first point takes the second one's direction ([0, 0] when alone).
  out.vectorX[0] = out.count > 1 ? out.vectorX[1]! : 0;
  out.vectorY[0] = out.count > 1 ? out.vectorY[1]! : 0;
  return out;
}

function simulatePressure(prevPressure: number, distance: number, size: number): number {
  const sp = Math.min(1, distance / size);
  const rp = Math.min(1, 1 - sp);
  return Math.min(1, prevPressure + (rp - prevPressure) * (sp * RATE_OF_PRESSURE_CHANGE));
}

const strokeRadius = (size: number, thinning: number, pressure: number) => size * (0.5 - thinning * (0.5 - pressure));

/** A growing flat [x, y, …] list of vertices, reused between calls. */
class Vertices {
  values = new Float64Array(1024);
  length = 0;

  push(x: number, y: number): void {
    if (this.length + 2 > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = x;
    this.values[this.length++] = y;
  }

  /** A copy that stays valid when the scratch list is reused. */
  toArray(): Float64Array {
    const copy = allocateNumbers(this.length);
    // A plain loop: subarray() + set() measured several times slower in Chromium for arrays this short.
    for (let i = 0; i < this.length; i++) copy[i] = this.values[i]!;
    return copy;
  }

  /** Pushes `at` rotated by `angle` around `center`. */
  pushRotated(atX: number, atY: number, centerX: number, centerY: number, angle: number): void {
    const s = Math.sin(angle);
    const c = Math.cos(angle);
    const px = atX - centerX;
    const py = atY - centerY;
    this.push(px * c - py * s + centerX, px * s + py * c + centerY);
  }
}

const scratchLeft = new Vertices();
const scratchRight = new Vertices();

/** A closed polygon around the stroke, as flat [x, y, …]; empty for no points. */
export function strokeOutlineVertices(points: ArrayLike<number>, options: OutlineOptions): Float64Array {
  const stroke = strokePoints(points, options);
  const { size, smoothing, thinning } = options;
  const count = stroke.count;
  if (count === 0 || size <= 0) return new Float64Array(0);
  const totalLength = stroke.runningLength[count - 1]!;
  const minDistance = Math.pow(size * smoothing, 2);
  const left = scratchLeft;
  const right = scratchRight;
  left.length = right.length = 0;

  let prevPressure = stroke.pressure[0]!;
  for (let i = 0; i < Math.min(10, count); i++) {
    const pressure = options.simulatePressure ? simulatePressure(prevPressure, stroke.distance[i]!, size) : stroke.pressure[i]!;
    prevPressure = (prevPressure + pressure) / 2;
  }
  let radius = strokeRadius(size, thinning, stroke.pressure[count - 1]!);
  let firstRadius: number | undefined;
  let prevVectorX = stroke.vectorX[0]!;
  let prevVectorY = stroke.vectorY[0]!;
  let prevLeftX = stroke.x[0]!;
  let prevLeftY = stroke.y[0]!;
  let prevRightX = prevLeftX;
  let prevRightY = prevLeftY;
  let isPrevPointSharpCorner = false;

  for (let i = 0; i < count; i++) {
    const x = stroke.x[i]!;
    const y = stroke.y[i]!;
    const vectorX = stroke.vectorX[i]!;
    const vectorY = stroke.vectorY[i]!;
    const isLastPoint = i === count - 1;
    if (!isLastPoint && totalLength - stroke.runningLength[i]! < END_NOISE_THRESHOLD) continue;

    let pressure = stroke.pressure[i]!;
    if (thinning) {
      if (options.simulatePressure) pressure = simulatePressure(prevPressure, stroke.distance[i]!, size);
      radius = strokeRadius(size, thinning, pressure);
    } else {
      radius = size / 2;
    }
    if (firstRadius === undefined) firstRadius = radius;
    radius = Math.max(MIN_RADIUS, radius * Math.min(1, 1));

    const next = isLastPoint ? i : i + 1;
    const nextVectorX = stroke.vectorX[next]!;
    const nextVectorY = stroke.vectorY[next]!;
    const nextDpr = !isLastPoint ? vectorX * nextVectorX + vectorY * nextVectorY : 1.0;
    const prevDpr = vectorX * prevVectorX + vectorY * prevVectorY;
    const isPointSharpCorner = prevDpr < 0 && !isPrevPointSharpCorner;
    const isNextPointSharpCorner = nextDpr < 0;

    if (isPointSharpCorner || isNextPointSharpCorner) {
      // A sharp corner gets a round cap of its own.
      const offsetX = prevVectorY * radius;
      const offsetY = -prevVectorX * radius;
      const step = 1 / CORNER_CAP_SEGMENTS;
      for (let t = 0; t <= 1; t += step) {
        left.pushRotated(x - offsetX, y - offsetY, x, y, FIXED_PI * t);
        right.pushRotated(x + offsetX, y + offsetY, x, y, FIXED_PI * -t);
      }
      prevLeftX = left.values[left.length - 2]!;
      prevLeftY = left.values[left.length - 1]!;
      prevRightX = right.values[right.length - 2]!;
      prevRightY = right.values[right.length - 1]!;
      if (isNextPointSharpCorner) isPrevPointSharpCorner = true;
      continue;
    }
    isPrevPointSharpCorner = false;

    if (isLastPoint) {
      const offsetX = vectorY * radius;
      const offsetY = -vectorX * radius;
      left.push(x - offsetX, y - offsetY);
      right.push(x + offsetX, y + offsetY);
      continue;
    }

    // Points either side of this one, kept when far enough from the previous one on that side.
    const lerpX = nextVectorX + (vectorX - nextVectorX) * nextDpr;
    const lerpY = nextVectorY + (vectorY - nextVectorY) * nextDpr;
    const offsetX = lerpY * radius;
    const offsetY = -lerpX * radius;
    const leftX = x - offsetX;
    const leftY = y - offsetY;
    if (i <= 1 || distance2(prevLeftX, prevLeftY, leftX, leftY) > minDistance) {
      left.push(leftX, leftY);
      prevLeftX = leftX;
      prevLeftY = leftY;
    }
    const rightX = x + offsetX;
    const rightY = y + offsetY;
    if (i <= 1 || distance2(prevRightX, prevRightY, rightX, rightY) > minDistance) {
      right.push(rightX, rightY);
      prevRightX = rightX;
      prevRightY = rightY;
    }
    prevPressure = pressure;
    prevVectorX = vectorX;
    prevVectorY = vectorY;
  }

  const firstX = stroke.x[0]!;
  const firstY = stroke.y[0]!;
  if (count === 1) return dot(firstX, firstY, firstRadius || radius);

  // Round caps: the end cap after the left side, then the right side backwards, then the start cap.
  const outline = left;
  const rightLength = right.length;
  const lastX = stroke.x[count - 1]!;
  const lastY = stroke.y[count - 1]!;
  const directionX = -stroke.vectorY[count - 1]!;
  const directionY = -(-stroke.vectorX[count - 1]!);
  const endStartX = lastX + directionX * radius;
  const endStartY = lastY + directionY * radius;
  const endStep = 1 / END_CAP_SEGMENTS;
  for (let t = endStep; t < 1; t += endStep) outline.pushRotated(endStartX, endStartY, lastX, lastY, FIXED_PI * 3 * t);
  const r = right.values;
  for (let i = rightLength - 2; i >= 0; i -= 2) outline.push(r[i]!, r[i + 1]!);
  const startStep = 1 / START_CAP_SEGMENTS;
  for (let t = startStep; t <= 1; t += startStep) outline.pushRotated(r[0]!, r[1]!, firstX, firstY, FIXED_PI * t);
  return outline.toArray();
}

/** A lone point is a small round dot. */
function dot(centerX: number, centerY: number, radius: number): Float64Array {
  const diffX = centerX - (centerX + 1);
  const diffY = centerY - (centerY + 1);
  // per(), then uni(), of the difference
  const perX = diffY;
  const perY = -diffX;
  const length = Math.hypot(perX, perY);
  const startX = centerX + (perX / length) * -radius;
  const startY = centerY + (perY / length) * -radius;
  const vertices = scratchLeft;
  vertices.length = 0;
  const step = 1 / START_CAP_SEGMENTS;
  for (let t = step; t <= 1; t += step) vertices.pushRotated(startX, startY, centerX, centerY, FIXED_PI * 2 * t);
  return vertices.toArray();
}

const distance2 = (ax: number, ay: number, bx: number, by: number) => {
  const dx = ax - bx;
  const dy = ay - by;
  return dx * dx + dy * dy;
};
