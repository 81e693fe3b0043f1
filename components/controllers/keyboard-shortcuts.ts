import { TOOL_KEYS, type Tool } from '../drawing/draw-settings.js';

/** Keys that move this page's view: zoom in or out around the centre, back to the home area, everything drawn. */
export type ViewShortcut = 'zoom-in' | 'zoom-out' | 'show-home' | 'show-content';

export type Shortcut = 'undo' | 'redo' | 'next-color' | 'previous-color' | 'type-text' | ViewShortcut;

/**
 * Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z or Ctrl/Cmd+Y redo, arrow keys cycle colours (as in the seed), Enter types text;
 * + (or =) and − zoom, 0 shows the home area, Shift+1 everything drawn, as in other whiteboards. The view keys never
 * come with Ctrl, Cmd or Alt: Ctrl+= and Ctrl+0 are the browser's own page zoom.
 */
export function shortcutOf(event: KeyboardEvent): Shortcut | null {
  const command = event.ctrlKey || event.metaKey;
  const view = command || event.altKey ? null : viewShortcutOf(event);
  if (view) return view;
  const key = event.key.toLowerCase();
  if (command && key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (command && key === 'y') return 'redo';
  if (!command && event.key === 'ArrowRight') return 'next-color';
  if (!command && event.key === 'ArrowLeft') return 'previous-color';
  if (!command && !event.altKey && event.key === 'Enter') return 'type-text';
  return null;
}

function viewShortcutOf(event: KeyboardEvent): ViewShortcut | null {
  if (event.key === '+' || event.key === '=') return 'zoom-in';
  if (event.key === '-' || event.key === '−' || event.key === '_') return 'zoom-out';
  if (event.key === '0' && !event.shiftKey) return 'show-home';
  // Shift+1 types '!' on some layouts and other signs on others: the key's place decides.
  if (event.shiftKey && event.code === 'Digit1') return 'show-content';
  return null;
}

const TOOL_OF_KEY = new Map(Object.entries(TOOL_KEYS).map(([tool, key]) => [key.toLowerCase(), tool as Tool]));

/**
 * The tool a letter key picks (P pen, R rectangle, O ellipse, L line, A arrow, T text, E eraser), Shift or Caps
 * Lock or not; never with Ctrl, Cmd or Alt, which belong to the browser and the system.
 */
export function toolShortcutOf(event: KeyboardEvent): Tool | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const key = event.key.toLowerCase();
  // A layout without Latin letters (Cyrillic, Greek) types another letter on the key: its place on the keyboard decides.
  const letter = /^[a-z]$/.test(key) ? key : /^Key[A-Z]$/.test(event.code) ? event.code.slice(3).toLowerCase() : null;
  if (letter === null || key.length !== 1) return null;
  return TOOL_OF_KEY.get(letter) ?? null;
}
