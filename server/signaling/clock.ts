/**
 * Where token issuing and stream expiry read the time and wait: the system's by default, a fake one in tests so
 * that an hour-long token can expire without an hour going by.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once `ms` have passed; the function returned cancels it. Never keeps the process alive. */
  schedule(callback: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
