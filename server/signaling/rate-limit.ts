/** A token bucket per key: `burst` at once, refilled at `perSecond`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes `cost` tokens for `key`: 0 when allowed, else the seconds until that many are available. */
  take(key: string, cost = 1): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      this.remember(key, bucket);
      return 0;
    }
    this.remember(key, bucket);
    return (cost - bucket.tokens) / this.perSecond;
  }

  /** A full bucket is the same as no bucket: forget those so memory follows active users only. */
  private remember(key: string, bucket: { tokens: number; at: number }): void {
    this.buckets.set(key, bucket);
    if (this.buckets.size < 10_000) return;
    const now = this.now();
    for (const [other, { tokens, at }] of this.buckets) {
      if (tokens + ((now - at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(other);
    }
  }
}
