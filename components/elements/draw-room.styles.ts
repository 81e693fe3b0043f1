import { css } from 'lit';

/** The room's own look; every hook a page may style is a documented part or custom property. */
export const drawRoomStyles = css`
  :host {
    display: flex; flex-direction: column; height: var(--draw-room-height, 480px);
    border: 1px solid #dee2e6; box-sizing: border-box; font: 12px system-ui, sans-serif; contain: content;
  }
  [part='board'] { position: relative; flex: 1; min-height: 0; background: var(--draw-room-surround, #e9ecef); outline: none; }
  [part='board']:focus-visible { outline: 3px solid #1c7ed6; outline-offset: -3px; }
  .hint { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
  canvas.live { touch-action: none; cursor: crosshair; }
  [part='text-input'] { position: absolute; z-index: 1; min-width: 8em; font: inherit; padding: 0 2px; }
  .status-bar { display: flex; gap: 6px; color: #495057; background: #f8f9fa; border-top: 1px solid #dee2e6; }
  [part='status'] { flex: 1; min-width: 0; padding: 2px 6px; }
  [part='encryption'] { padding: 2px 6px; white-space: nowrap; }
`;
