export type Shortcut = 'undo' | 'redo' | 'next-color' | 'previous-color' | 'type-text';

/** Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z or Ctrl/Cmd+Y redo, arrow keys cycle colours (as in the seed), Enter types text. */
export function shortcutOf(event: KeyboardEvent): Shortcut | null {
  const command = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (command && key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (command && key === 'y') return 'redo';
  if (!command && event.key === 'ArrowRight') return 'next-color';
  if (!command && event.key === 'ArrowLeft') return 'previous-color';
  if (!command && !event.altKey && event.key === 'Enter') return 'type-text';
  return null;
}
