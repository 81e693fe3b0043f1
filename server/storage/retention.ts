import type { Clock } from '../signaling/clock.js';
import type { Logger } from '../log/log.js';
import type { RoomStore } from './room-store.js';

/** How often the server looks for rooms past their retention: the period is days, so an hour late is nothing. */
export const RETENTION_SWEEP_MS = 3600 * 1000;

const DAY_MS = 24 * 3600 * 1000;

/**
 * Forgets, every RETENTION_SWEEP_MS of `clock`, the rooms whose last visit (a join, read or append) is more than
 * `retentionDays` ago, and logs `rooms-expired {count}` when there were some. With several instances each sweeps:
 * a room is forgotten by whichever comes first, in one step. Returns what stops it.
 */
export function startRetention(store: RoomStore, retentionDays: number, clock: Clock, log: Logger): () => void {
  let cancel: () => void = () => {};
  let stopped = false;
  const sweep = () => {
    const visitedBefore = clock.now() - retentionDays * DAY_MS;
    store.expire(visitedBefore).then(
      (count) => {
        if (count > 0) log('rooms-expired', { count, retentionDays });
      },
      (error: unknown) => log('rooms-not-expired', { error: error instanceof Error ? error.message : String(error) }),
    );
    if (!stopped) cancel = clock.schedule(sweep, RETENTION_SWEEP_MS);
  };
  cancel = clock.schedule(sweep, RETENTION_SWEEP_MS);
  return () => {
    stopped = true;
    cancel();
  };
}
