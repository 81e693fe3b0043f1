/** Cancels what was scheduled; calling it again, or after it ran, does nothing. */
export type Cancel = () => void;

/**
 * Time as the signaling client sees it. Injected so a test can run an hour of backoff and token renewals in
 * a few milliseconds, and check that nothing is left scheduled once the client stops.
 */
export interface Clock {
  now(): number;
  /** setTimeout, with its clearTimeout as the returned function (timer handles differ between hosts). */
  schedule(callback: () => void, delayMs: number): Cancel;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule: (callback, delayMs) => {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
};

/** Whether the browser has a network, and word when that changes. Injected for the same reason as the clock. */
export interface Connectivity {
  isOnline(): boolean;
  /** Calls back on each change until the returned function is called. */
  watch(onOnline: () => void, onOffline: () => void): Cancel;
}

/** The page's own: `navigator.onLine` and the window's online/offline events. */
export const browserConnectivity: Connectivity = {
  // Only a definite "offline" counts: some browsers leave onLine undefined.
  isOnline: () => globalThis.navigator?.onLine !== false,
  watch: (onOnline, onOffline) => {
    addEventListener('online', onOnline);
    addEventListener('offline', onOffline);
    return () => {
      removeEventListener('online', onOnline);
      removeEventListener('offline', onOffline);
    };
  },
};
