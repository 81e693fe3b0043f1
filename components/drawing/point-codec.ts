import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MAX_POINTS_PER_STROKE, isInAcceptedArea, outsideAreaProblem, strokeTooLongProblem } from './input-limits.js';
import { allocateNumbers } from './number-slab.js';

/** Coordinates are kept to 1/8 board pixel and pressure to 1/100: finer than anyone sees, and short on the wire. */
export const COORDINATE_STEPS = 8;
export const PRESSURE_STEPS = 100;
const CONSTANT_PRESSURE = 1;

export const quantizeCoordinate = (value: number) => Math.round(value * COORDINATE_STEPS) / COORDINATE_STEPS;
export const quantizePressure = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * PRESSURE_STEPS) / PRESSURE_STEPS;

/**
 * Whether every point of flat [x, y, pressure, …] has the first one's pressure, to 1/100: a mouse or touch
 * stroke, which reports none. Such a stroke stores its pressure once, and is painted with simulated pressure.
 */
export function hasConstantPressure(points: ArrayLike<number>): boolean {
  const end = Math.floor(points.length / 3) * 3;
  const first = Math.round((points[2] ?? 0) * PRESSURE_STEPS);
  for (let i = 5; i < end; i += 3) if (Math.round(points[i]! * PRESSURE_STEPS) !== first) return false;
  return true;
}

/**
 * Packs flat [x, y, pressure, …] points into bytes: varint deltas of quantised values, the first point
 * relative to zero so each chunk decodes alone. Mouse and touch strokes store their one pressure once.
 */
export function encodePoints(points: ArrayLike<number>): Uint8Array {
  const encoder = encoding.createEncoder();
  const count = Math.floor(points.length / 3);
  const constant = hasConstantPressure(points);
  encoding.writeUint8(encoder, constant ? CONSTANT_PRESSURE : 0);
  if (constant) encoding.writeVarUint(encoder, Math.round((points[2] ?? 0) * PRESSURE_STEPS));
  encoding.writeVarUint(encoder, count);
  let [lastX, lastY, lastPressure] = [0, 0, 0];
  for (let i = 0; i < count * 3; i += 3) {
    const x = Math.round(points[i]! * COORDINATE_STEPS);
    const y = Math.round(points[i + 1]! * COORDINATE_STEPS);
    encoding.writeVarInt(encoder, x - lastX);
    encoding.writeVarInt(encoder, y - lastY);
    if (!constant) {
      const pressure = Math.round(points[i + 2]! * PRESSURE_STEPS);
      encoding.writeVarInt(encoder, pressure - lastPressure);
      lastPressure = pressure;
    }
    lastX = x;
    lastY = y;
  }
  return encoding.toUint8Array(encoder);
}

/** Unpacks what encodePoints made; throws on bytes it could not have made, or on a stroke over the input limits. */
export function decodePoints(bytes: Uint8Array): Float64Array {
  if (bytes.length === 0) throw new Error('empty point chunk');
  const decoder = decoding.createDecoder(bytes);
  const flags = decoding.readUint8(decoder);
  if (flags > CONSTANT_PRESSURE) throw new Error(`unknown point flags ${flags}`);
  const constant = flags === CONSTANT_PRESSURE;
  const fixedPressure = constant ? decoding.readVarUint(decoder) : 0;
  if (fixedPressure > PRESSURE_STEPS) throw new Error(`pressure ${fixedPressure} out of range`);
  const count = decoding.readVarUint(decoder);
  // Checked before allocating: a hostile count would otherwise cost memory before any point is read.
  if (count > MAX_POINTS_PER_STROKE) throw new Error(strokeTooLongProblem(count));
  // A late join decodes every point on the board: an inlined varint reader and slab-allocated arrays keep it quick.
  const points = allocateNumbers(count * 3);
  const values = new VarIntReader(bytes, decoder.pos);
  let [x, y, pressure] = [0, 0, fixedPressure];
  for (let i = 0; i < count; i++) {
    x += values.next();
    y += values.next();
    if (!constant) pressure += values.next();
    if (pressure < 0 || pressure > PRESSURE_STEPS) throw new Error(`pressure ${pressure} out of range`);
    const boardX = x / COORDINATE_STEPS;
    const boardY = y / COORDINATE_STEPS;
    if (!isInAcceptedArea(boardX, boardY)) throw new Error(outsideAreaProblem(boardX, boardY));
    points[i * 3] = boardX;
    points[i * 3 + 1] = boardY;
    points[i * 3 + 2] = pressure / PRESSURE_STEPS;
  }
  if (values.position !== bytes.length) throw new Error('trailing bytes after the points');
  return points;
}

/** Reads lib0 signed varints (sign in bit 6 of the first byte, 7 bits a byte after it). */
class VarIntReader {
  constructor(
    private readonly bytes: Uint8Array,
    public position: number,
  ) {}

  next(): number {
    const { bytes } = this;
    if (this.position >= bytes.length) throw new Error('points end before their count');
    let byte = bytes[this.position++]!;
    let value = byte & 0x3f;
    const sign = byte & 0x40 ? -1 : 1;
    let scale = 64;
    while (byte & 0x80) {
      if (this.position >= bytes.length) throw new Error('points end in the middle of a number');
      byte = bytes[this.position++]!;
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (value > Number.MAX_SAFE_INTEGER) throw new Error('a point value out of range');
    }
    return sign * value;
  }
}
