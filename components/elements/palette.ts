/**
 * 80 swatches, as in the seed's drop-down: a row of greys, then ten hues at seven lightnesses.
 * A new user starts with a random saturated colour so peers tell each other apart.
 */
export const PALETTE: readonly string[] = [
  ...Array.from({ length: 10 }, (_, i) => hslToHex(0, 0, (i / 9) * 100)),
  ...[25, 35, 45, 55, 65, 75, 85].flatMap((lightness) =>
    Array.from({ length: 10 }, (_, i) => hslToHex(i * 36, 80, lightness)),
  ),
];

export const STROKE_WIDTHS = [2, 4, 8, 16, 32] as const;
export const DEFAULT_WIDTH = 4;
export const DEFAULT_FONT_SIZE = 32;

export function randomPaletteColor(): string {
  // The 45% row: strong colours that read on the default white board.
  return PALETTE[30 + Math.floor(Math.random() * 10)]!;
}

/** The next (step 1) or previous (step -1) swatch: arrow keys cycle colours. */
export function cycleColor(current: string, step: number): string {
  const index = PALETTE.indexOf(current);
  return PALETTE[(((index < 0 ? 0 : index + step) % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const s = saturation / 100;
  const l = lightness / 100;
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const value = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
