/** Below this width (the toolbar's own, not the viewport's) the toolbar is one compact row with a "More" menu. */
export const COMPACT_BELOW = 480;

/** Bar padding on each side and the space between compact controls, px (the styles use the same). */
export const COMPACT_PADDING = 6;
export const COMPACT_GAP = 4;

/** A compact control's side: 44 px for fingers, as the platform guidelines ask; 32 px for a mouse (over WCAG's 24). */
export const slotFor = (coarse: boolean): number => (coarse ? 44 : 32);

/** What the toolbar shows in its own row; everything else is in the "More" menu. */
export interface ToolbarLayout {
  compact: boolean;
  /** Side of each compact control, px. */
  slot: number;
  /** How many tools the row holds (the current one always among them); the rest are in the menu. */
  toolsInBar: number;
  redoInBar: boolean;
}

/**
 * The layout for a toolbar `width` px wide with `toolCount` tools. Wide: everything in the bar. Compact: the
 * colour button, undo and "More" always, then as many tools as fit (one at least), then redo if a slot is left:
 * all on one row, so a narrow widget never rewraps its toolbar and never resizes its board as tools change.
 * Width 0 (not laid out yet) is wide.
 */
export function toolbarLayout(width: number, coarse: boolean, toolCount: number): ToolbarLayout {
  const slot = slotFor(coarse);
  if (width === 0 || width >= COMPACT_BELOW) return { compact: false, slot, toolsInBar: toolCount, redoInBar: true };
  const slots = Math.floor((width - 2 * COMPACT_PADDING + COMPACT_GAP) / (slot + COMPACT_GAP));
  const alwaysThere = 3;
  const toolsInBar = Math.min(toolCount, Math.max(1, slots - alwaysThere));
  return { compact: true, slot, toolsInBar, redoInBar: slots - alwaysThere - toolsInBar >= 1 };
}

/** The tools the compact row shows: the first `count` in order, the current one in the last place when it is not among them. */
export function toolsShown<T>(tools: readonly T[], count: number, isCurrent: (tool: T) => boolean): T[] {
  const shown = tools.slice(0, count);
  const current = tools.find(isCurrent);
  if (current !== undefined && !shown.includes(current) && shown.length > 0) shown[shown.length - 1] = current;
  return shown;
}
