/**
 * The newest token serial issued to each user. A refresh issues the next serial and claims it here; tokens with
 * an older serial are then refused, so a refreshed (or stolen and refreshed) token does not live on beside its
 * successor. Only users who refreshed have an entry: a first token is serial 1 and refuses nothing.
 *
 * Several instances must share it: a Redis implementation claims with one atomic script (set the user's key to
 * `serial` only if it is higher, with an expiry at the token's, and publish the claim) and keeps a local copy
 * fed by that channel, because `newest` is asked on every relay and must answer without a round trip.
 */
export interface TokenSerials {
  /** The newest serial issued to the user as far as this instance knows; 0 when none was recorded. */
  newest(userId: string): number;
  /**
   * Records `serial` as the user's newest until `expiresAt` (ms since the epoch, the expiry of its token), if it
   * is higher than any issued before; false when another refresh got there first.
   */
  claim(userId: string, serial: number, expiresAt: number): Promise<boolean>;
}

/** Below this many users an entry is never swept: sweeping then costs more than it saves. */
const SWEEP_FROM_ENTRIES = 10_000;

/** The highest serial seen per user, each kept until its token expires: the memory behind every TokenSerials. */
export class NewestSerials {
  private readonly entries = new Map<string, { serial: number; expiresAt: number }>();
  private sweepAt = SWEEP_FROM_ENTRIES;

  constructor(private readonly now: () => number = Date.now) {}

  newest(userId: string): number {
    return this.entries.get(userId)?.serial ?? 0;
  }

  /** Keeps `serial` if it is higher than the user's newest; true when it was. */
  record(userId: string, serial: number, expiresAt: number): boolean {
    if (serial <= this.newest(userId)) return false;
    this.entries.set(userId, { serial, expiresAt });
    if (this.entries.size >= this.sweepAt) this.sweep();
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Forgets users whose newest token has expired: every older token of theirs, issued before it with the same
   * lifetime, has expired too. The next sweep waits until the map doubles, so sweeping stays linear overall.
   */
  private sweep(): void {
    const now = this.now();
    for (const [userId, { expiresAt }] of this.entries) if (expiresAt <= now) this.entries.delete(userId);
    this.sweepAt = Math.max(SWEEP_FROM_ENTRIES, this.entries.size * 2);
  }
}

/** One process's serials: the default without Redis. */
export class MemoryTokenSerials implements TokenSerials {
  private readonly serials: NewestSerials;

  constructor(now: () => number = Date.now) {
    this.serials = new NewestSerials(now);
  }

  newest(userId: string): number {
    return this.serials.newest(userId);
  }

  async claim(userId: string, serial: number, expiresAt: number): Promise<boolean> {
    return this.serials.record(userId, serial, expiresAt);
  }
}
