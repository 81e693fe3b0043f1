import { css } from 'lit';

/**
 * The widget's one rule for `prefers-reduced-motion: reduce`: nothing moves on its own. Every transition and
 * animation in its shadow roots (its own, and any a page adds through `::part()`, which an `!important` inside the
 * shadow root outranks) ends at once, and no scroll is smooth. Nothing in script animates: zoom keys, fit and
 * following someone's view jump, whatever the setting; script that ever animates must read the same query first.
 */
export const reducedMotionStyles = css`
  @media (prefers-reduced-motion: reduce) {
    :host, *, *::before, *::after {
      transition-duration: 0s !important; transition-delay: 0s !important;
      animation-duration: 0s !important; animation-delay: 0s !important; animation-iteration-count: 1 !important;
      scroll-behavior: auto !important;
    }
  }
`;
