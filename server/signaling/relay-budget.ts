/**
 * How much of one reader's unread buffer relayed messages may hold: a member sending fast to a slower reader
 * fills its own share and is shed from there, and can never push the reader past the limit that drops it.
 */
export class RelayBudget {
  /** Bytes each sender's relays still wait in the buffer, as far as can be told (see `admit`). */
  private readonly pending = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly perSender: number,
    private readonly allSenders: number,
  ) {}

  /**
   * True when `bytes` more from `senderId` fit, and counts them; `unread` is what the reader has not taken.
   * `perSender` raises the sender's share for this message (drawing frames are bigger than signaling).
   */
  admit(senderId: string, bytes: number, unread: number, perSender = this.perSender): boolean {
    this.forgetTaken(unread);
    const mine = this.pending.get(senderId) ?? 0;
    if (mine + bytes > perSender || this.total + bytes > this.allSenders) return false;
    this.pending.set(senderId, mine + bytes);
    this.total += bytes;
    return true;
  }

  /**
   * The reader took what is no longer unread. Which sender's bytes went is not known, so everyone's share shrinks
   * in proportion: a buffer drains in order, and shares were added in order too.
   */
  private forgetTaken(unread: number): void {
    if (unread >= this.total) return;
    if (unread === 0) {
      this.pending.clear();
      this.total = 0;
      return;
    }
    const kept = unread / this.total;
    for (const [sender, bytes] of this.pending) this.pending.set(sender, bytes * kept);
    this.total = unread;
  }
}
