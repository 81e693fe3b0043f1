import { hexToRgb, rgbToHsl, type Hsl } from '../drawing/color-math.js';

/*
 * Names people say, from a colour's hue, saturation and lightness. The bands are cut so that each of the
 * palette's 80 colours (ten greys; ten hues 36° apart at seven lightnesses 10 points apart) falls well inside
 * its own band, so their names are unique; any other colour gets the name of the band it falls in, which is
 * the nearest name a person would give it.
 */

/** Upper hue bound (exclusive, degrees) and name; the palette's hues are 0, 36, 72 … 324. */
const HUES: ReadonlyArray<readonly [number, string]> = [
  [12, 'red'],
  [45, 'orange'],
  [62, 'yellow'],
  [90, 'lime'],
  [128, 'green'],
  [162, 'spring green'],
  [195, 'cyan'],
  [230, 'sky blue'],
  [244, 'blue'],
  [270, 'violet'],
  [300, 'purple'],
  [312, 'magenta'],
  [345, 'pink'],
  [360, 'red'],
];

/** Upper lightness bound (exclusive, percent) and the word before the hue; the palette's rows are 25, 35 … 85. */
const SHADES: ReadonlyArray<readonly [number, string]> = [
  [30, 'very dark'],
  [40, 'dark'],
  [50, ''],
  [60, 'bright'],
  [70, 'light'],
  [80, 'pale'],
  [101, 'very pale'],
];

/** Upper lightness bound and name for colours with (almost) no hue; the palette's greys are 0, 11.1 … 100. */
const GREYS: ReadonlyArray<readonly [number, string]> = [
  [6, 'black'],
  [17, 'near black'],
  [28, 'very dark grey'],
  [39, 'dark grey'],
  [50, 'dim grey'],
  [61, 'grey'],
  [72, 'silver'],
  [83, 'light grey'],
  [95, 'very light grey'],
  [101, 'white'],
];

/** Below this saturation (percent) a colour reads as grey; so does one at the very ends of lightness. */
const GREY_SATURATION = 12;

const bandOf = (bands: ReadonlyArray<readonly [number, string]>, value: number) =>
  bands.find(([upper]) => value < upper)![1];

function nameOfHsl({ h, s, l }: Hsl): string {
  if (s < GREY_SATURATION || l < 4 || l > 97) return bandOf(GREYS, l);
  return [bandOf(SHADES, l), bandOf(HUES, h)].filter(Boolean).join(' ');
}

/**
 * The human name of a `#rrggbb` colour ("Dark red", "Light sky blue"): every palette colour has its own, and any
 * other colour gets the nearest one. Anything that is not `#rrggbb` is named by itself.
 */
export function colorName(color: string): string {
  const rgb = hexToRgb(color);
  if (!rgb) return color;
  const name = nameOfHsl(rgbToHsl(rgb));
  return name.charAt(0).toUpperCase() + name.slice(1);
}
