import { css } from 'lit';
import { lookDeclarations, themed } from './theme.js';
import { reducedMotionStyles } from './reduced-motion.js';

const dark = lookDeclarations('dark');

/**
 * The room's own look; every hook a page may style is a documented part or custom property. The theme is set here,
 * on the host, as inherited variables (and `color-scheme`): the default toolbar and a slotted one follow it alike,
 * from the first paint, and `auto` follows the page's colour scheme as it changes, with no script.
 */
export const drawRoomStyles = css`
  :host { color-scheme: light; ${lookDeclarations('light')} }
  :host([theme='dark']) { color-scheme: dark; ${dark} }
  /* auto, and anything theme does not know, follows the page's colour scheme. */
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light']):not([theme='dark'])) { color-scheme: dark; ${dark} }
  }
  :host {
    display: flex; flex-direction: column; height: var(--draw-room-height, 480px);
    border: 1px solid ${themed('border')}; box-sizing: border-box; font: 12px system-ui, sans-serif; contain: content;
    color: ${themed('text')};
  }
  /* The board is the shared document's, not the theme's: its fields keep the light look they are placed on. */
  [part='board'] { position: relative; flex: 1; min-height: 0; background: ${themed('surround')}; outline: none; color-scheme: light; }
  [part='board']:focus-visible { outline: 3px solid ${themed('board-focus-ring')}; outline-offset: -3px; }
  .hint { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
  canvas.live { touch-action: none; cursor: crosshair; }
  [part='text-input'] { position: absolute; z-index: 1; min-width: 8em; font: inherit; padding: 0 2px; }
  .status-bar {
    display: flex; gap: 6px; color: ${themed('status-text')}; background: ${themed('status-background')};
    border-top: 1px solid ${themed('border')};
  }
  [part='status'] { flex: 1; min-width: 0; padding: 2px 6px; }
  [part='encryption'] { padding: 2px 6px; white-space: nowrap; }
  dialog { color: ${themed('dialog-text')}; background: ${themed('dialog-background')}; border: 1px solid ${themed('border')}; border-radius: 6px; }
  dialog button {
    font: inherit; color: ${themed('button-text')}; background: ${themed('button-background')};
    border: 1px solid ${themed('button-border')}; border-radius: 4px; padding: 2px 8px; cursor: pointer;
  }
  dialog button:hover { background: ${themed('button-hover-background')}; }
  dialog button[aria-pressed='true'] { color: ${themed('pressed-text')}; background: ${themed('pressed-background')}; }
  dialog :focus-visible { outline: 2px solid ${themed('focus-ring')}; outline-offset: 1px; }
  ${reducedMotionStyles}
`;

/**
 * The default toolbar's parts, exported so a page reaches them as `draw-room::part(tool)`. `history` is the room's
 * History dialog, so the toolbar's button that opens it is `history-button` here.
 */
export const DEFAULT_TOOLBAR_PARTS = [
  'toolbar', 'tool', 'fill', 'dash', 'more', 'more-menu', 'palette-button', 'palette', 'swatch', 'custom-color', 'width', 'font-size', 'background',
  'undo', 'redo', 'export-png', 'export-svg', 'clear', 'restore', 'history: history-button',
].join(', ');
