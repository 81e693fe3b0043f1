import type { DocumentMessage, Stroke } from './document.js';
import { BOARD_HEIGHT, BOARD_WIDTH } from './document.js';

/** Data-channel messages above this size are dropped unread. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_ID_LENGTH = 64;
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

export type DecodeResult = { ok: true; message: DocumentMessage } | { ok: false; reason: string };

/** Validates a peer's message at the edge: anything unexpected is refused with a reason. */
export function decodeDocumentMessage(raw: unknown): DecodeResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'message is not text' };
  if (raw.length > MAX_MESSAGE_BYTES) return { ok: false, reason: `message of ${raw.length} bytes is over the ${MAX_MESSAGE_BYTES} byte limit` };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'message is not valid JSON' };
  }
  if (!isRecord(value)) return { ok: false, reason: 'message is not an object' };
  switch (value.type) {
    case 'strokes': {
      if (!Array.isArray(value.strokes)) return { ok: false, reason: 'strokes message without a strokes array' };
      const strokes: Stroke[] = [];
      for (const candidate of value.strokes) {
        const stroke = readStroke(candidate);
        if (!stroke) return { ok: false, reason: 'strokes message holds a malformed stroke' };
        strokes.push(stroke);
      }
      return { ok: true, message: { type: 'strokes', strokes } };
    }
    case 'points':
      if (!isId(value.id) || !isPointList(value.points)) return { ok: false, reason: 'malformed points message' };
      return { ok: true, message: { type: 'points', id: value.id, points: value.points } };
    case 'clear':
      return { ok: true, message: { type: 'clear' } };
    case 'background':
      if (!isColor(value.color)) return { ok: false, reason: 'background colour must be #rrggbb' };
      return { ok: true, message: { type: 'background', color: value.color } };
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(value.type)?.slice(0, 40)}` };
  }
}

function readStroke(value: unknown): Stroke | null {
  if (!isRecord(value)) return null;
  const { id, author, color, width, points } = value;
  if (!isId(id) || !isId(author) || !isColor(color) || !isPointList(points)) return null;
  if (typeof width !== 'number' || !(width > 0 && width <= 200)) return null;
  return { id, author, color, width, points };
}

function isPointList(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length % 3 !== 0) return false;
  for (let i = 0; i < value.length; i += 3) {
    const [x, y, pressure] = [value[i], value[i + 1], value[i + 2]];
    if (typeof x !== 'number' || typeof y !== 'number' || typeof pressure !== 'number') return false;
    if (!(x >= -BOARD_WIDTH && x <= 2 * BOARD_WIDTH && y >= -BOARD_HEIGHT && y <= 2 * BOARD_HEIGHT)) return false;
    if (!(pressure >= 0 && pressure <= 1)) return false;
  }
  return true;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
const isColor = (value: unknown): value is string => typeof value === 'string' && COLOR_PATTERN.test(value);
