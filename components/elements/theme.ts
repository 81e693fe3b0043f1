import { unsafeCSS, type CSSResult } from 'lit';

/** What `theme` may say: `auto` follows the page's `prefers-color-scheme`. */
export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const DEFAULT_THEME: Theme = 'auto';

/** A `theme` attribute as a theme: anything else is the default, with a warning saying so. */
export function parseTheme(value: string | null): Theme {
  if (value === null || value === '') return DEFAULT_THEME;
  if ((THEMES as readonly string[]).includes(value)) return value as Theme;
  console.warn(`draw-room: theme="${value}" is not one of ${THEMES.join(', ')}; using ${DEFAULT_THEME}`);
  return DEFAULT_THEME;
}

/** One colour of the widget's chrome: its defaults in each look, and what it paints (for the README and manifest). */
export interface ThemeColor {
  light: string;
  dark: string;
  paints: string;
}

/**
 * Every colour the widget's chrome uses, each a `--draw-room-<name>` custom property a page may set (on the element
 * or any ancestor). The board itself is not here: its background is the shared document's, the same for everyone.
 * Text on its background reaches 4.5:1 and focus rings and button edges 3:1 in both looks (test/widget/themes.test.ts).
 */
export const THEME_COLORS = {
  surround: { light: '#e9ecef', dark: '#101113', paints: 'the board area before the board is first painted' },
  border: { light: '#dee2e6', dark: '#373a40', paints: "the widget's frame and the lines between its bars, pop-ups and dialogs" },
  text: { light: '#212529', dark: '#e9ecef', paints: "the toolbar's labels" },
  'toolbar-background': { light: '#f8f9fa', dark: '#25262b', paints: 'the toolbar' },
  'button-background': { light: '#ffffff', dark: '#2c2e33', paints: 'buttons and fields (width, font size, colour pickers)' },
  'button-text': { light: '#212529', dark: '#e9ecef', paints: 'the text of buttons and fields' },
  'button-border': { light: '#868e96', dark: '#909296', paints: 'the edges of buttons and fields' },
  'button-hover-background': { light: '#e9ecef', dark: '#373a40', paints: 'a button under the mouse' },
  'pressed-background': { light: '#212529', dark: '#e9ecef', paints: 'a pressed button: the current tool, the version previewed' },
  'pressed-text': { light: '#ffffff', dark: '#1a1b1e', paints: 'the text of a pressed button' },
  'status-background': { light: '#f8f9fa', dark: '#1a1b1e', paints: 'the status bar' },
  'status-text': { light: '#495057', dark: '#c1c2c5', paints: 'the text of the status bar' },
  'dialog-background': { light: '#ffffff', dark: '#25262b', paints: 'dialogs (clear, History) and the palette pop-up' },
  'dialog-text': { light: '#212529', dark: '#e9ecef', paints: 'the text of dialogs' },
  'focus-ring': { light: '#1c7ed6', dark: '#4dabf7', paints: 'the focus ring of controls' },
  'board-focus-ring': { light: '#1c7ed6', dark: '#1c7ed6', paints: "the focus ring drawn inside the board (the board's own colour is not themed)" },
  'link-direct': { light: '#2b8a3e', dark: '#51cf66', paints: "a person's link badge in the status bar: reached directly (a dot), or through TURN (a ringed dot)" },
  'link-turn': { light: '#1971c2', dark: '#4dabf7', paints: 'the ring of the link badge of someone reached through a TURN server' },
  'link-relay': { light: '#d9480f', dark: '#ff922b', paints: 'the link badge of someone reached through the server (a square)' },
  'link-connecting': { light: '#868e96', dark: '#909296', paints: 'the link badge of someone still connecting (a hollow ring)' },
  'link-unreachable': { light: '#c92a2a', dark: '#ff6b6b', paints: "the link badge of someone who can't be reached (a diamond)" },
} as const satisfies Record<string, ThemeColor>;

export type ThemeColorName = keyof typeof THEME_COLORS;
export type Look = 'light' | 'dark';

const names = Object.keys(THEME_COLORS) as ThemeColorName[];

/**
 * The widget's own (private) colour variables for one look: each is the page's `--draw-room-<name>` when set, else
 * the look's default. Declared on <draw-room>'s host, so both the default toolbar and one the page slots in inherit
 * them; a page's value wins whether it sets it on the element or on any ancestor.
 */
export function lookDeclarations(look: Look): CSSResult {
  return unsafeCSS(names.map((name) => `--_dr-${name}: var(--draw-room-${name}, ${THEME_COLORS[name][look]});`).join('\n'));
}

/**
 * A colour as the styles use it: the look's value from the room, else (a toolbar outside any room) the page's
 * property or the light default.
 */
export function themed(name: ThemeColorName): CSSResult {
  return unsafeCSS(`var(--_dr-${name}, var(--draw-room-${name}, ${THEME_COLORS[name].light}))`);
}
