import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { UnsyncedChanges, type DeleteRanges, type LocalChange } from './unsynced-changes.js';

/** How long a link waits before it confirms what a peer's message brought, so a burst of updates gets one receipt. */
export const RECEIPT_AFTER_MS = 50;

/** What a receipt sends back to the peer whose message changed this document. */
export interface ReceiptSender {
  /** Sync step 1 (this replica's state vector): shows the peer which of its inserts arrived. */
  stateVector(peerId: string): void;
  /** An update with no new items and this replica's whole delete set: shows the peer which of its deletes arrived. */
  deleteSet(peerId: string): void;
}

/**
 * Tells each peer what arrived, and learns from each peer what reached it, with y-protocols messages only: a
 * replica whose document a peer's message changed answers with its state vector (sync step 1, which the peer
 * answers with anything still missing), plus its delete set when the message deleted something, since deletes
 * move no clock. What peers send anyway (their sync step 1 at channel open and every anti-entropy round, the
 * delete set every update carries) counts too, so a lost receipt only delays the news. `unsynced` counts this
 * page's changes that no peer has shown it holds.
 */
export class DeliveryReceipts {
  readonly unsynced: UnsyncedChanges;
  /** Receipts waiting to go, by peer: true when the changes they confirm deleted something. */
  private readonly due = new Map<string, { timer: ReturnType<typeof setTimeout>; deletes: boolean }>();

  constructor(
    private readonly send: ReceiptSender,
    onUnsyncedChange: (count: number) => void,
  ) {
    this.unsynced = new UnsyncedChanges(onUnsyncedChange);
  }

  /** A change made on this page (undo and redo included). */
  local(transaction: Y.Transaction): void {
    this.unsynced.recordLocal(localChange(transaction));
  }

  /** A message from `peerId` changed this document: confirm it to that peer soon. */
  applied(peerId: string, deleted: boolean): void {
    const due = this.due.get(peerId);
    if (due) {
      due.deletes ||= deleted;
      return;
    }
    const timer = setTimeout(() => this.sendReceipt(peerId), RECEIPT_AFTER_MS);
    this.due.set(peerId, { timer, deletes: deleted });
  }

  /** Reads what a sync message from `peerId` shows of its replica, before it is applied. */
  read(peerId: string, payload: Uint8Array): void {
    const decoder = decoding.createDecoder(payload);
    const type = decoding.readVarUint(decoder);
    if (type === syncProtocol.messageYjsSyncStep1) {
      this.unsynced.peerStateVector(peerId, Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
    } else if (this.unsynced.awaitsDeletes) {
      // Step 2 and updates both end with the sender's whole delete set; decoding is worth it only while waiting.
      this.unsynced.peerDeleteSet(peerId, deleteRanges(Y.decodeUpdate(decoding.readVarUint8Array(decoder)).ds));
    }
  }

  linkClosed(peerId: string): void {
    clearTimeout(this.due.get(peerId)?.timer);
    this.due.delete(peerId);
    this.unsynced.peerGone(peerId);
  }

  destroy(): void {
    for (const peerId of [...this.due.keys()]) this.linkClosed(peerId);
  }

  private sendReceipt(peerId: string): void {
    const due = this.due.get(peerId);
    this.due.delete(peerId);
    if (!due) return;
    this.send.stateVector(peerId);
    if (due.deletes) this.send.deleteSet(peerId);
  }
}

/** The clocks a transaction advanced and the ranges it deleted. */
export function localChange(transaction: Y.Transaction): LocalChange {
  const inserted = new Map<number, number>();
  for (const [client, clock] of transaction.afterState) {
    if ((transaction.beforeState.get(client) ?? 0) !== clock) inserted.set(client, clock);
  }
  return { inserted, deleted: deleteRanges(transaction.deleteSet) };
}

export function deleteRanges(deleteSet: { clients: Map<number, Array<{ clock: number; len: number }>> }): DeleteRanges {
  const ranges = new Map<number, Array<readonly [number, number]>>();
  for (const [client, items] of deleteSet.clients) {
    if (items.length > 0) ranges.set(client, items.map((item) => [item.clock, item.len] as const));
  }
  return ranges;
}
