import { css } from 'lit';

/**
 * Other people's cursors over the board (controllers/cursor-layer.ts). They look as they did when painted on the
 * canvas: the same size at any zoom, the arrow's tip on the point, the label right of it and below. Each is moved
 * with `translate`, so a page's `transform` on `::part(cursor)` adds to it (scaled from the tip).
 */
export const cursorLayerStyles = css`
  .cursors {
    position: absolute; inset: 0; overflow: hidden; pointer-events: none; user-select: none; contain: strict;
    /* The people's own colours, also in forced-colours mode: they tell the cursors apart. */
    forced-color-adjust: none;
  }
  [part~='cursor'] { position: absolute; left: 0; top: 0; width: 13px; height: 19px; transform-origin: 0 0; }
  .arrow { display: block; overflow: visible; }
  .arrow path { stroke-linejoin: round; }
  .arrow .rim { fill: none; stroke: rgb(0 0 0 / 0.8); stroke-width: 4px; }
  /* The white rim under the fill: what shows of it is a 1 px line just outside, inside the dark one. */
  .arrow .fill { fill: var(--cursor-color); stroke: #ffffff; stroke-width: 2px; paint-order: stroke; }
  [part~='cursor-label'] {
    position: absolute; left: 0; top: 0; padding: 3px 5px; border-radius: 999px; white-space: nowrap;
    font: 600 12px/1 system-ui, sans-serif; color: var(--cursor-text-color); background: var(--cursor-color);
    box-shadow: 0 0 0 1px #ffffff, 0 0 0 2px rgb(0 0 0 / 0.8);
  }
`;
