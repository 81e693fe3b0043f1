import type { ItemMeta } from './board-items.js';
import type { DrawSettings, ShapeTool } from './draw-settings.js';
import { quantizeCoordinate } from './point-codec.js';

/** A shape added from the keyboard is this big, in board pixels: large enough to see and grab, then resize. */
const KEYBOARD_SHAPE = { width: 160, height: 100 };

/**
 * The shape Enter adds with a shape tool, centred on `at` (the focus point): a rectangle or ellipse in a 160×100
 * box, a line or arrow 160 long pointing right; in the current colour, width, dash and fill.
 */
export function keyboardShape(tool: ShapeTool, at: { x: number; y: number }, settings: DrawSettings, id: string, author: string): ItemMeta {
  const { width: w, height } = KEYBOARD_SHAPE;
  const h = tool === 'line' || tool === 'arrow' ? 0 : height;
  const [x, y] = [quantizeCoordinate(at.x - w / 2), quantizeCoordinate(at.y - h / 2)];
  const dash = settings.dash ? { dash: true as const } : {};
  const base = { id, author, color: settings.color, width: settings.width, x, y, w, h, ...dash };
  if (tool === 'line' || tool === 'arrow') return { ...base, kind: tool };
  return { ...base, kind: tool, ...(settings.fill ? { fill: true as const } : {}) };
}

/** What Enter added, for the live region: "Added a rectangle". */
export const SHAPE_WORDS: Readonly<Record<ShapeTool, string>> = { rect: 'a rectangle', ellipse: 'an ellipse', line: 'a line', arrow: 'an arrow' };
