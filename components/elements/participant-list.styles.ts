import { css } from 'lit';
import { themed } from './theme.js';

/**
 * The row of avatars in the status bar. It never changes the board's size: the row is as tall as an avatar with no
 * one listed too, and a row longer than its room scrolls sideways (a focused avatar scrolls into view). A board
 * without a server lists no one and keeps the bar it always had.
 */
export const participantListStyles = css`
  .status-bar > [part='status'], .status-bar > [part='encryption'] { align-self: center; }
  [part='participants'] {
    /* Room for the focus ring and the followed person's ring, which the sideways scroll would clip, taking no height. */
    display: flex; gap: 6px; margin: -6px 0; padding: 6px; min-height: 24px; list-style: none;
    flex: 0 1 auto; min-width: 0; max-width: 50%; overflow-x: auto; scrollbar-width: none;
  }
  [part='participants'] li { display: flex; }
  .avatar {
    position: relative; display: inline-flex; align-items: center; justify-content: center; box-sizing: border-box;
    width: 24px; height: 24px; margin: 0; padding: 0; border: 0; border-radius: 50%;
    font: 600 10px/1 system-ui, sans-serif; white-space: nowrap; forced-color-adjust: none;
  }
  button.avatar { cursor: pointer; }
  button.avatar:focus-visible { outline: 2px solid ${themed('focus-ring')}; outline-offset: 4px; }
  /* Followed: a ring in their own colour, inside where the focus ring goes. */
  .avatar[aria-pressed='true'] { box-shadow: 0 0 0 2px ${themed('status-background')}, 0 0 0 4px var(--person-color); }
  .avatar[data-link='self'] { box-shadow: inset 0 0 0 2px rgb(255 255 255 / 0.6); }
  /* How the drawing reaches them, by colour and by shape: a green dot (direct), a blue-ringed one (TURN), an orange
     square (relay), a hollow ring (connecting), a red diamond (unreachable); the colours are the theme's. */
  .link { position: absolute; right: -1px; bottom: -1px; width: 8px; height: 8px; box-sizing: border-box;
    border: 1.5px solid ${themed('status-background')}; border-radius: 50%; }
  [data-link='direct'] .link { background: ${themed('link-direct')}; }
  [data-link='turn'] .link { background: ${themed('link-direct')}; border-color: ${themed('link-turn')}; }
  [data-link='relay'] .link { background: ${themed('link-relay')}; border-radius: 1px; }
  [data-link='connecting'] .link { background: ${themed('status-background')}; border-color: ${themed('link-connecting')}; }
  [data-link='unreachable'] .link { background: ${themed('link-unreachable')}; border-radius: 1px; transform: rotate(45deg); }
  /* Fingers: 44 px avatars, as every other control gets (the row is as tall with one person as with many still). */
  @media (pointer: coarse) {
    [part='participants'] { min-height: 44px; }
    .avatar { width: 44px; height: 44px; font-size: 14px; }
    .link { width: 12px; height: 12px; border-width: 2px; }
  }
`;
