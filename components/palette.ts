/** The swatches offered by the toolbar; a new user starts with a random one so peers tell each other apart. */
export const PALETTE = [
  '#1f2933', '#e03131', '#f76707', '#f59f00', '#37b24d', '#0ca678', '#1c7ed6', '#4263eb',
  '#7048e8', '#ae3ec9', '#d6336c', '#868e96', '#5c3c00', '#66a80f', '#1098ad', '#ffffff',
] as const;

export const STROKE_WIDTHS = [2, 4, 8, 16, 32] as const;
export const DEFAULT_WIDTH = 4;

export function randomPaletteColor(): string {
  // Leave out white: it would be invisible on the default board.
  const choices = PALETTE.filter((color) => color !== '#ffffff');
  return choices[Math.floor(Math.random() * choices.length)]!;
}
