import type { Cancel } from '../network/clock.js';

/**
 * The page's own "hidden" moments, for ServerCopy's `onPageHidden`: `visibilitychange` to hidden (another tab, a
 * minimised window, and the first step of closing on most browsers) and `pagehide` (the page being unloaded or put
 * in the back/forward cache; the last moment a mobile browser reliably gives). Calls `listener` on each until the
 * returned function is called.
 */
export function onPageHidden(listener: () => void): Cancel {
  const onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') listener();
  };
  document.addEventListener('visibilitychange', onVisibilityChange);
  window.addEventListener('pagehide', listener);
  return () => {
    document.removeEventListener('visibilitychange', onVisibilityChange);
    window.removeEventListener('pagehide', listener);
  };
}
