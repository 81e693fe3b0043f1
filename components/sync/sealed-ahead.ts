/** A batch sealed for one state of what the server holds. */
interface SealedBatch {
  batch: readonly Uint8Array[];
  basis: object;
  sealed: Uint8Array;
}

/** What a batch is sealed from: the pending updates, what the server holds now, and what of them it lacks. */
export interface BatchSource {
  pending(): readonly Uint8Array[];
  /** Changes (a new object) whenever what the server holds does. */
  basis(): object;
  unsentOf(batch: readonly Uint8Array[]): Uint8Array;
}

/**
 * The batch that waits, sealed before it is needed, for a page being hidden: its request must start before the
 * page goes, and WebCrypto answers in a later task, which a closing page never runs. Sealed again as the batch
 * grows, while it fits `maxBytes`; valid only for exactly the updates and the server state it was sealed for.
 */
export class SealedAhead {
  private ahead: SealedBatch | null = null;
  private sealing = false;

  constructor(
    private readonly seal: (bytes: Uint8Array) => Promise<Uint8Array>,
    private readonly maxBytes: number,
  ) {}

  /** Seals what waits in `source`, again until it holds still; gives up while it is larger than `maxBytes`. */
  refresh(source: BatchSource): void {
    if (this.sealing) return;
    this.sealing = true;
    this.sealWhileChanging(source)
      .catch(() => {
        // An optimisation only: a batch not sealed ahead is sealed when it goes.
      })
      .finally(() => (this.sealing = false));
  }

  /** The sealed bytes of exactly `batch` against `basis`, or null. */
  sealedFor(batch: readonly Uint8Array[], basis: object): Uint8Array | null {
    const ahead = this.ahead;
    if (!ahead || ahead.basis !== basis || ahead.batch.length !== batch.length) return null;
    return ahead.batch.every((update, index) => update === batch[index]) ? ahead.sealed : null;
  }

  private async sealWhileChanging(source: BatchSource): Promise<void> {
    for (;;) {
      const batch = source.pending().slice();
      const basis = source.basis();
      if (batch.length === 0 || this.sealedFor(batch, basis)) return;
      // Merging a batch much larger than a keepalive body at each change costs, for a diff that will not fit.
      if (batch.reduce((bytes, update) => bytes + update.length, 0) > 4 * this.maxBytes) return;
      const unsent = source.unsentOf(batch);
      if (unsent.length > this.maxBytes) return;
      this.ahead = { batch, basis, sealed: await this.seal(unsent) };
    }
  }
}
