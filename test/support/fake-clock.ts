import type { Clock } from '../../server/signaling/clock.js';

interface Pending {
  at: number;
  order: number;
  callback: () => void;
}

/** A clock that stands still until a test moves it: what it scheduled runs as `advance` passes its time. */
export class FakeClock implements Clock {
  private time: number;
  private pending: Pending[] = [];
  private scheduled = 0;

  /** Starts at the real time, so what it stamps (a token's iat and exp) looks like any other. */
  constructor(start = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(callback: () => void, ms: number): () => void {
    const entry: Pending = { at: this.time + Math.max(0, ms), order: this.scheduled++, callback };
    this.pending.push(entry);
    return () => {
      this.pending = this.pending.filter((other) => other !== entry);
    };
  }

  /** Moves time on by `ms`, running every callback that falls due on the way at its own time, earliest first. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.pending
        .filter((entry) => entry.at <= end)
        .sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!next) break;
      this.pending = this.pending.filter((entry) => entry !== next);
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
    this.time = end;
  }
}
