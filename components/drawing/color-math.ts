/* Between #rrggbb and HSL: to build the palette and to name colours. WCAG contrast is in color-contrast.ts. */

/** Red, green and blue channels, 0–255 each. */
export interface Rgb { r: number; g: number; b: number }

/** Hue in degrees (0–360), saturation and lightness in percent (0–100). */
export interface Hsl { h: number; s: number; l: number }

const HEX_COLOR = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

/** The channels of a `#rrggbb` colour, or null for anything else (a custom colour is a string until checked). */
export function hexToRgb(hex: string): Rgb | null {
  const match = HEX_COLOR.exec(hex);
  if (!match) return null;
  const [r, g, b] = match.slice(1).map((pair) => parseInt(pair, 16)) as [number, number, number];
  return { r, g, b };
}

export function rgbToHsl({ r, g, b }: Rgb): Hsl {
  const [red, green, blue] = [r / 255, g / 255, b / 255];
  const max = Math.max(red, green, blue);
  const min = Math.min(red, green, blue);
  const l = (max + min) / 2;
  const chroma = max - min;
  if (chroma === 0) return { h: 0, s: 0, l: l * 100 };
  const s = chroma / (1 - Math.abs(2 * l - 1));
  const sector = max === red ? ((green - blue) / chroma + 6) % 6 : max === green ? (blue - red) / chroma + 2 : (red - green) / chroma + 4;
  return { h: sector * 60, s: s * 100, l: l * 100 };
}

export function hslToHex({ h, s, l }: Hsl): string {
  const saturation = s / 100;
  const lightness = l / 100;
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const value = lightness - saturation * Math.min(lightness, 1 - lightness) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
