/** The parts of a key press that move focus in a grid. */
export interface GridKey { key: string; ctrlKey: boolean; metaKey: boolean }

/**
 * Where a key moves focus among `count` swatches laid out `columns` to a row (as the pop-up shows them, which
 * depends on its width): ←/→ by one, ↑/↓ by a row, Home/End to the row's ends, Ctrl/Cmd+Home/End to the first
 * and last. At an edge focus stays (the grid pattern does not wrap), and the key is still the grid's. Null when
 * the key is not one that moves.
 */
export function swatchIndexAfterKey({ key, ctrlKey, metaKey }: GridKey, index: number, count: number, columns: number): number | null {
  const last = count - 1;
  const rowStart = index - (index % columns);
  const toEnds = ctrlKey || metaKey;
  switch (key) {
    case 'ArrowLeft': return Math.max(0, index - 1);
    case 'ArrowRight': return Math.min(last, index + 1);
    case 'ArrowUp': return index - columns >= 0 ? index - columns : index;
    case 'ArrowDown': return index + columns <= last ? index + columns : index;
    case 'Home': return toEnds ? 0 : rowStart;
    case 'End': return toEnds ? last : Math.min(last, rowStart + columns - 1);
    default: return null;
  }
}
