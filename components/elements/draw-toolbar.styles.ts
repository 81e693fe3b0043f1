import { css } from 'lit';
import { themed } from './theme.js';
import { reducedMotionStyles } from './reduced-motion.js';
import { COMPACT_GAP, COMPACT_PADDING } from './toolbar-layout.js';

/** The toolbar's look. Its colours are the room's theme: variables <draw-room> sets on itself, which a slotted toolbar inherits too. */
export const drawToolbarStyles = [
  css`
    :host { display: block; font: 13px system-ui, sans-serif; color: ${themed('text')}; }
    [part='toolbar'] {
      position: relative; display: flex; flex-wrap: wrap; align-items: center; gap: var(--draw-toolbar-gap, 6px);
      padding: 6px; background: ${themed('toolbar-background')}; border-bottom: 1px solid ${themed('border')};
    }
    button, select, input {
      font: inherit; color: ${themed('button-text')}; background: ${themed('button-background')};
      border: 1px solid ${themed('button-border')}; border-radius: 4px;
    }
    /* The one motion in the widget: the hover colour eases in (only then: a theme change or a press is instant).
       Gone under prefers-reduced-motion (reduced-motion.ts). */
    button:hover:not([aria-pressed='true']):not([aria-disabled='true']) {
      background: ${themed('button-hover-background')}; transition: background-color 120ms ease-out;
    }
    :focus-visible { outline: 2px solid ${themed('focus-ring')}; outline-offset: 1px; }
    .group { display: flex; gap: 2px; }
    [part~='tool'] { min-width: 28px; height: 26px; cursor: pointer; }
    [aria-pressed='true'] { background: ${themed('pressed-background')}; color: ${themed('pressed-text')}; }
    /* Fill with a tool that has no inside: still there (the bar keeps its layout), still focusable with its reason. */
    [aria-disabled='true'] { opacity: 0.55; cursor: not-allowed; }
    .toggle { display: inline-flex; align-items: center; justify-content: center; gap: 4px; min-width: 28px; height: 26px; cursor: pointer; }
    .palette-button { display: inline-flex; align-items: center; gap: 4px; min-height: 24px; cursor: pointer; }
    /* Swatches and the chip are their colour: forced-colours mode must not paint them over with the system's. */
    .current { width: 18px; height: 18px; border: 1px solid ${themed('button-border')}; border-radius: 4px; forced-color-adjust: none; }
    .swatches, .more-menu {
      position: absolute; z-index: 2; box-sizing: border-box; background: ${themed('dialog-background')};
      border: 1px solid ${themed('border')}; border-radius: 6px; box-shadow: 0 4px 12px #0002; overflow: auto;
    }
    .swatches {
      display: grid; grid-template-columns: repeat(auto-fill, var(--swatch-size)); --swatch-size: 24px; gap: 2px;
      padding: 6px; max-height: min(70vh, 480px);
    }
    [part~='swatch'] {
      display: grid; place-items: center; width: var(--swatch-size); height: var(--swatch-size); padding: 0;
      border: 1px solid #0002; border-radius: 3px; cursor: pointer; forced-color-adjust: none;
    }
    /* The current colour is marked by a check drawn in black or white, whichever reads on it, not by colour alone. */
    [part~='swatch'][aria-checked='true']::after {
      content: ''; width: 5px; height: 10px; margin-top: -3px; border: solid var(--mark-color); border-width: 0 2px 2px 0;
      transform: rotate(45deg);
    }
    @media (forced-colors: active) {
      [part~='swatch'], .current { border-color: CanvasText; }
      [part~='swatch']:focus-visible { outline-color: Highlight; }
    }
    label { display: inline-flex; align-items: center; gap: 4px; }
    input[type='number'] { width: 4em; }
    .end { margin-left: auto; display: flex; gap: 4px; }

    /* Compact (a narrow widget): one row of square controls, the rest in the "More" menu. */
    .compact { flex-wrap: nowrap; gap: ${COMPACT_GAP}px; padding: ${COMPACT_PADDING}px; }
    .compact .group { gap: ${COMPACT_GAP}px; }
    .compact > .group > button, .compact > button {
      width: var(--slot); height: var(--slot); min-width: 0; padding: 0; box-sizing: border-box; flex: none;
    }
    .compact > .palette-button { justify-content: center; }
    .compact > [part~='more'] { margin-left: auto; cursor: pointer; font-size: 18px; line-height: 1; }
    .more-menu { display: flex; flex-direction: column; gap: 6px; padding: 8px; max-height: min(80vh, 520px); }
    .more-menu .row { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
    .more-menu button { cursor: pointer; }

    /* Fingers need bigger targets than a mouse: 44 px, as the platform guidelines ask. */
    @media (pointer: coarse) {
      button, select, input, .palette-button { min-height: 44px; min-width: 44px; box-sizing: border-box; }
      [part~='tool'], .toggle { height: 44px; min-width: 44px; }
      .swatches { --swatch-size: 44px; }
    }
  `,
  reducedMotionStyles,
];
