/** The value at quantile `q` of ascending `sorted`, to 0.01 ms (null when there is none). */
export function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100;
}

/**
 * Latencies counted in 0.1 ms buckets: load-generator processes send these instead of every sample (a million
 * at a few hundred users), and the merged buckets give the percentiles of all of them together.
 */
export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  private total = 0;

  add(ms: number): void {
    const bucket = Math.max(0, Math.round(ms * 10));
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.total++;
  }

  get size(): number {
    return this.total;
  }

  /** [bucket, count] pairs, for JSON. */
  toJSON(): Array<[number, number]> {
    return [...this.counts];
  }

  merge(pairs: Array<[number, number]>): this {
    for (const [bucket, count] of pairs) {
      this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + count);
      this.total += count;
    }
    return this;
  }

  /** The latency at quantile `q`, in ms (null when empty). */
  at(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.min(this.total - 1, Math.floor(q * this.total));
    let seen = 0;
    for (const [bucket, count] of [...this.counts].sort((a, b) => a[0] - b[0])) {
      seen += count;
      if (seen > rank) return bucket / 10;
    }
    return null;
  }
}
