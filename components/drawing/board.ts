/** The board is a fixed space of CSS pixels; every peer scales it to fit, so drawings match. */
export const BOARD_WIDTH = 1600;
export const BOARD_HEIGHT = 1000;
export const DEFAULT_BACKGROUND = '#ffffff';
