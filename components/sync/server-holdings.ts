import * as Y from 'yjs';

/**
 * What the server holds of the board as far as this page knows, as a state vector: the entries it read, and the
 * parts it appended since. A batch leaves out what the server already has (the device's copy, restored at each
 * visit, is mostly that), and a batch tried again after a failure leaves out the parts that went.
 */
export class ServerHoldings {
  private held: ReadonlyMap<number, number> = new Map();

  /** Replaced, never changed in place: something computed from one value can tell when it is stale. */
  get stateVector(): ReadonlyMap<number, number> {
    return this.held;
  }

  /** Entries read from the server: the state vector grows by what they hold, found through a throwaway document. */
  read(updates: Uint8Array[]): void {
    const doc = new Y.Doc();
    for (const update of updates) Y.applyUpdate(doc, update);
    const grown = Y.decodeStateVector(Y.encodeStateVector(doc));
    doc.destroy();
    for (const [client, clock] of this.held) grown.set(client, Math.max(clock, grown.get(client) ?? 0));
    this.held = grown;
  }

  /** A part this page appended: each client's structs count from where they start, if nothing is missing before. */
  appended(part: Uint8Array): void {
    const grown = new Map(this.held);
    const { from, to } = Y.parseUpdateMeta(part);
    for (const [client, start] of from) {
      const held = grown.get(client) ?? 0;
      if (start <= held) grown.set(client, Math.max(held, to.get(client) ?? held));
    }
    this.held = grown;
  }

  /** What `batch` (Yjs updates) holds that the server lacks, as one update. */
  unsentOf(batch: readonly Uint8Array[]): Uint8Array {
    return Y.diffUpdate(Y.mergeUpdates([...batch]), Y.encodeStateVector(new Map(this.held)));
  }
}
