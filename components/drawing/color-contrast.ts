import { isColor } from './board-items.js';

/** WCAG 2 relative luminance of a #rrggbb colour (0 black … 1 white); anything else counts as mid grey. */
export function relativeLuminance(color: string): number {
  if (!isColor(color)) return relativeLuminance('#808080');
  const [r, g, b] = [1, 3, 5].map((at) => toLinear(parseInt(color.slice(at, at + 2), 16) / 255)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two #rrggbb colours: 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const LIGHT_TEXT = '#ffffff';
const DARK_TEXT = '#000000';

/**
 * The text colour that reads best on `background`: white or black, whichever contrasts more. One of the two
 * always reaches 4.58:1 (above WCAG AA's 4.5 for text), whatever the background.
 */
export function readableTextOn(background: string): string {
  return contrastRatio(LIGHT_TEXT, background) >= contrastRatio(DARK_TEXT, background) ? LIGHT_TEXT : DARK_TEXT;
}

function toLinear(channel: number): number {
  return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
}
