import { after } from 'node:test';
import { DocumentSync, type PeerChannel } from '../../components/sync/document-sync.js';
import { DrawingDocument } from '../../components/drawing/document.js';
import { LiveItems } from '../../components/drawing/live-items.js';
import { Presence } from '../../components/drawing/presence.js';

export interface Envelope {
  from: number;
  to: number;
  bytes: Uint8Array;
}

/** One peer's stack, as in the widget: document, presence and live items behind the real DocumentSync. */
export class Replica {
  readonly document = new DrawingDocument();
  readonly presence = new Presence(this.document.ydoc, () => {});
  readonly live = new LiveItems();
  readonly reports: string[] = [];
  /** Every count of unsynced changes this replica reported, in order. */
  readonly unsyncedCounts: number[] = [];
  readonly sync: DocumentSync;

  constructor(readonly index: number) {
    this.sync = new DocumentSync(this.document, this.presence.awareness, this.live, {
      report: (message) => this.reports.push(message),
      onLiveChange: () => {},
      onUnsyncedChange: (count) => this.unsyncedCounts.push(count),
    });
  }

  destroy(): void {
    this.sync.destroy();
    this.presence.destroy();
    this.document.destroy();
  }
}

const openNetworks = new Set<Network>();
// A test that fails before destroying its network must not leave the syncs' timers holding the process open.
after(() => {
  for (const network of openNetworks) network.destroy();
});

/** Replicas joined by channels that put every message into one pool, delivered whenever a test says. */
export class Network {
  readonly replicas: Replica[];
  readonly pool: Envelope[] = [];
  private readonly cut = new Set<string>();

  constructor(count: number) {
    this.replicas = Array.from({ length: count }, (_, index) => new Replica(index));
    openNetworks.add(this);
    for (const a of this.replicas) for (const b of this.replicas) if (a !== b) this.connect(a, b);
  }

  /** Opens the channel a→b (as when a data channel opens): sync step 1 goes out. */
  connect(a: Replica, b: Replica): void {
    const channel: PeerChannel = {
      peerId: `peer-${b.index}`,
      send: (bytes) => {
        if (!this.isCut(a.index, b.index)) this.pool.push({ from: a.index, to: b.index, bytes: bytes.slice() });
      },
    };
    a.sync.attach(channel);
  }

  isCut(a: number, b: number): boolean {
    return this.cut.has(`${Math.min(a, b)}-${Math.max(a, b)}`);
  }

  /** Cuts the link between a and b: messages on it are lost, and what is in flight is dropped. */
  partition(a: number, b: number): void {
    if (a === b) return;
    this.cut.add(`${Math.min(a, b)}-${Math.max(a, b)}`);
    for (let i = this.pool.length - 1; i >= 0; i--) {
      const { from, to } = this.pool[i]!;
      if ((from === a && to === b) || (from === b && to === a)) this.pool.splice(i, 1);
    }
  }

  /** Heals a cut link the way the widget does: the channel reopens and both sides sync again. */
  heal(a: number, b: number): void {
    if (!this.isCut(a, b)) return;
    this.cut.delete(`${Math.min(a, b)}-${Math.max(a, b)}`);
    this.connect(this.replicas[a]!, this.replicas[b]!);
    this.connect(this.replicas[b]!, this.replicas[a]!);
  }

  healAll(): void {
    for (const a of this.replicas) for (const b of this.replicas) if (a.index < b.index) this.heal(a.index, b.index);
  }

  /** Loses the oldest message in flight from a to b, as a link that stays up may lose one; false if none. */
  dropOne(from: number, to: number): boolean {
    const at = this.pool.findIndex((envelope) => envelope.from === from && envelope.to === to);
    if (at >= 0) this.pool.splice(at, 1);
    return at >= 0;
  }

  /** Delivers the envelope at `index`; with `keep` it stays in the pool to arrive again later (a duplicate). */
  deliver(index: number, keep = false): void {
    if (this.pool.length === 0) return;
    const at = index % this.pool.length;
    const envelope = this.pool[at]!;
    if (!keep) this.pool.splice(at, 1);
    const bytes = envelope.bytes;
    this.replicas[envelope.to]!.sync.receive(`peer-${envelope.from}`, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }

  /** Delivers everything, in the pool's order, until nothing is left. */
  drain(): void {
    for (let guard = 0; this.pool.length > 0; guard++) {
      if (guard > 100_000) throw new Error('the network never went quiet');
      this.deliver(0);
    }
  }

  destroy(): void {
    openNetworks.delete(this);
    for (const replica of this.replicas) replica.destroy();
  }
}
