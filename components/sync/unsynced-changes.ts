/** Deleted ranges by client: `[clock, length]` pairs, as in a Yjs delete set. */
export type DeleteRanges = ReadonlyMap<number, ReadonlyArray<readonly [clock: number, length: number]>>;

/** What one local transaction changed: the clock each client reached by it (inserts) and what it deleted. */
export interface LocalChange {
  inserted: ReadonlyMap<number, number>;
  deleted: DeleteRanges;
}

/** What is known of one peer's replica: its state vector (from its sync step 1) and its delete set (from its updates). */
interface PeerReplica {
  stateVector: ReadonlyMap<number, number>;
  deleted: DeleteRanges;
}

/**
 * The changes made on this page that no peer has shown it holds yet. A change has reached a peer when that peer's
 * state vector covers every clock the change reached and its delete set covers every range the change deleted
 * (a delete-only change, an erase, moves no clock). It is content, not delivery, that counts: a message lost on
 * the way, or a peer that left before it read it, leaves the change unsynced until some peer shows it has it.
 */
export class UnsyncedChanges {
  private pending: LocalChange[] = [];
  private readonly peers = new Map<string, PeerReplica>();

  constructor(private readonly onChange: (count: number) => void) {}

  get count(): number {
    return this.pending.length;
  }

  /** True while some pending change deleted something: only then is a peer's delete set worth decoding. */
  get awaitsDeletes(): boolean {
    return this.pending.some((change) => change.deleted.size > 0);
  }

  /** True when a pending change deleted something `peerId` is not known to have deleted too. */
  awaitsDeletesFrom(peerId: string): boolean {
    const deleted = this.peers.get(peerId)?.deleted ?? new Map();
    return this.pending.some((change) => change.deleted.size > 0 && !coversDeletes(deleted, change.deleted));
  }

  recordLocal(change: LocalChange): void {
    if (change.inserted.size === 0 && change.deleted.size === 0) return;
    const before = this.pending.length;
    this.pending.push(change);
    this.settle(before);
  }

  /** A peer's sync step 1: its whole state vector. */
  peerStateVector(peerId: string, stateVector: ReadonlyMap<number, number>): void {
    const known = this.replica(peerId);
    this.peers.set(peerId, { ...known, stateVector });
    this.settle(this.pending.length);
  }

  /** The delete set of an update a peer sent: what it had deleted when it sent it. */
  peerDeleteSet(peerId: string, deleted: DeleteRanges): void {
    const known = this.replica(peerId);
    this.peers.set(peerId, { ...known, deleted });
    this.settle(this.pending.length);
  }

  /** A peer left: what it confirmed stays confirmed, but it can confirm nothing more. */
  peerGone(peerId: string): void {
    this.peers.delete(peerId);
  }

  private replica(peerId: string): PeerReplica {
    return this.peers.get(peerId) ?? { stateVector: new Map(), deleted: new Map() };
  }

  /** Drops the changes some peer holds, and reports the count if it moved from `before`. */
  private settle(before: number): void {
    const replicas = [...this.peers.values()];
    this.pending = this.pending.filter((change) => !replicas.some((replica) => holds(replica, change)));
    if (this.pending.length !== before) this.onChange(this.pending.length);
  }
}

function holds(replica: PeerReplica, change: LocalChange): boolean {
  for (const [client, clock] of change.inserted) if ((replica.stateVector.get(client) ?? 0) < clock) return false;
  return coversDeletes(replica.deleted, change.deleted);
}

/** True when every range of `wanted` lies within the union of `held`'s ranges of the same client. */
export function coversDeletes(held: DeleteRanges, wanted: DeleteRanges): boolean {
  for (const [client, ranges] of wanted) {
    const merged = mergeRanges(held.get(client) ?? []);
    for (const [clock, length] of ranges) {
      if (!merged.some(([start, end]) => start <= clock && clock + length <= end)) return false;
    }
  }
  return true;
}

/** Ranges as sorted, merged `[start, end)` spans, adjacent ones joined. */
function mergeRanges(ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const spans = ranges.map(([clock, length]): [number, number] => [clock, clock + length]).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  return merged;
}
