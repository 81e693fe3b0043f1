import { hexToRgb, hslToHex, rgbToHsl } from '../drawing/color-math.js';
import { contrastRatio, readableTextOn } from '../drawing/color-contrast.js';
import { DEFAULT_BACKGROUND } from '../drawing/board.js';
import { colorName } from './color-names.js';

/**
 * 80 swatches, as in the seed's drop-down: a row of greys, then ten hues at seven lightnesses.
 * A new user starts with a random saturated colour so peers tell each other apart.
 */
export const PALETTE: readonly string[] = [
  ...Array.from({ length: 10 }, (_, i) => hslToHex({ h: 0, s: 0, l: (i / 9) * 100 })),
  ...[25, 35, 45, 55, 65, 75, 85].flatMap((lightness) =>
    Array.from({ length: 10 }, (_, i) => hslToHex({ h: i * 36, s: 80, l: lightness })),
  ),
];

export const STROKE_WIDTHS = [2, 4, 8, 16, 32] as const;
export const DEFAULT_WIDTH = 4;
export const DEFAULT_FONT_SIZE = 32;

/** WCAG's minimum for graphics that must be seen (1.4.11 non-text contrast): a cursor, a stroke. */
export const MIN_GRAPHIC_CONTRAST = 3;

/**
 * The colours a new person may start with: hues (no greys, which read as everyone's ink), not so dark that they
 * pass for black (the 25% row), and at least 3:1 against the default white board, so their cursor and first
 * strokes are seen.
 */
export const STARTING_COLORS: readonly string[] = PALETTE.filter((color) => {
  const { s, l } = rgbToHsl(hexToRgb(color)!);
  return s > 0 && l >= 30 && contrastRatio(color, DEFAULT_BACKGROUND) >= MIN_GRAPHIC_CONTRAST;
});

/** A starting colour at random; `random` is injectable so a test can walk every choice. */
export function randomPaletteColor(random: () => number = Math.random): string {
  return STARTING_COLORS[Math.floor(random() * STARTING_COLORS.length)]!;
}

/** The next (step 1) or previous (step -1) swatch: arrow keys cycle colours. */
export function cycleColor(current: string, step: number): string {
  const index = PALETTE.indexOf(current);
  return PALETTE[(((index < 0 ? 0 : index + step) % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/** A palette colour as its swatch shows it: its name, and the mark (dark or white) that reads on it when checked. */
export interface Swatch { color: string; name: string; markColor: string }

export const SWATCHES: readonly Swatch[] = PALETTE.map((color) => ({ color, name: colorName(color), markColor: readableTextOn(color) }));
