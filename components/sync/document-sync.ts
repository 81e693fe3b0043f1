import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { AntiEntropy, DEFAULT_ANTI_ENTROPY_TIMING, type AntiEntropyTiming } from './anti-entropy.js';
import { DeliveryReceipts } from './delivery-receipts.js';
import type { DeleteRanges } from './unsynced-changes.js';
import { decodeAwarenessEntries, encodeAwarenessEntries, type AwarenessEntry } from './awareness-entries.js';
import { FrameKind, FrameReader, frame } from '../network/channel-frames.js';
import { LOCAL_ORIGIN, type DrawingDocument } from '../drawing/document.js';
import type { LiveItems, LiveMessage } from '../drawing/live-items.js';
import { decodeLiveMessage, encodeLiveMessage, isLiveFrameKind } from './live-item-exchange.js';

export interface SyncEvents {
  /** A problem with a peer's input or a send; the message says which peer and why. */
  report(message: string): void;
  /** How many changes made on this page no peer has shown it holds changed (see DeliveryReceipts). */
  onUnsyncedChange?(count: number): void;
  /** A peer's live item changed or ended. */
  onLiveChange(): void;
}

/** One open data channel as the sync layer needs it. */
export interface PeerChannel {
  readonly peerId: string;
  send(bytes: Uint8Array): void;
}

const SERVER_REPLICA = 'server';

const FRAME_NAMES: Record<FrameKind, string> = { 0: 'sync', 1: 'presence', 2: 'live', 3: 'chunk', 4: 'live points' };

interface PeerState {
  channel: PeerChannel;
  reader: FrameReader;
  /** The awareness client this link speaks for: the first it announced. Removed when the link closes. */
  presenceClient: number | null;
}

/**
 * Keeps the document and presence in step over data channels with y-protocols: sync step 1/2 when a
 * channel opens (so a late joiner gets everything from any one peer), then each local update, and
 * anti-entropy to repair any update lost on a link that stays up.
 */
export class DocumentSync {
  private readonly peers = new Map<string, PeerState>();
  private readonly antiEntropy: AntiEntropy;
  private readonly receipts: DeliveryReceipts;
  private readonly stopReportingRefusals: () => void;
  // Not ydoc's 'update' event: Yjs would encode every transaction for it, a whole late-join sync included,
  // only for us to drop it. Peers get each update from its author; sync at channel open covers anything missed.
  private readonly onTransaction = (transaction: Y.Transaction) => {
    const { origin, beforeState, afterState, deleteSet } = transaction;
    const added = [...afterState].some(([client, clock]) => beforeState.get(client) !== clock);
    const deleted = deleteSet.clients.size > 0;
    if (!added && !deleted) return;
    const fromPeer = this.peerIdOf(origin);
    if (fromPeer !== null) return this.receipts.applied(fromPeer, deleted);
    if (origin === LOCAL_ORIGIN || origin === this.document.undoManager) this.receipts.local(transaction);
    // Anything else not from a peer is news to the peers too: the device's copy restored after a channel opened.
    // What this transaction added, plus the document's delete set (a superset of this transaction's).
    const update = Y.encodeStateAsUpdate(this.document.ydoc, Y.encodeStateVector(beforeState));
    const encoder = encoding.createEncoder();
    syncProtocol.writeUpdate(encoder, update);
    this.broadcast(FrameKind.Sync, encoding.toUint8Array(encoder));
  };
  private readonly onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    if (origin !== 'local') return;
    const changed = [...added, ...updated, ...removed];
    this.broadcast(FrameKind.Awareness, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
  };

  constructor(
    private readonly document: DrawingDocument,
    readonly awareness: awarenessProtocol.Awareness,
    private readonly live: LiveItems,
    private readonly events: SyncEvents,
    antiEntropyTiming: AntiEntropyTiming = DEFAULT_ANTI_ENTROPY_TIMING,
  ) {
    this.antiEntropy = new AntiEntropy(document.ydoc, (peerId) => this.askForMissing(peerId), antiEntropyTiming);
    this.receipts = new DeliveryReceipts(
      { stateVector: (peerId) => this.askForMissing(peerId), deleteSet: (peerId) => this.sendDeleteSet(peerId) },
      (count) => events.onUnsyncedChange?.(count),
    );
    document.ydoc.on('afterTransaction', this.onTransaction);
    awareness.on('update', this.onAwareness);
    this.stopReportingRefusals = document.onRefusal((problems, origin) => this.reportRefusedItems(problems, origin));
  }

  /** Changes made on this page that no peer has shown it holds yet. */
  get unsyncedChanges(): number {
    return this.receipts.unsynced.count;
  }

  /** True for the origin of a transaction a peer's message made: what peers bring is theirs to store. */
  isFromPeer(origin: unknown): boolean {
    return this.peerIdOf(origin) !== null;
  }

  /**
   * The server stored this page's changes up to `stateVector` and the deletes in `deleted`: it counts as one more
   * replica holding them (under an id no member id can take: member ids hold a dot).
   */
  serverHolds(stateVector: ReadonlyMap<number, number>, deleted: DeleteRanges): void {
    this.receipts.unsynced.peerStateVector(SERVER_REPLICA, stateVector);
    this.receipts.unsynced.peerDeleteSet(SERVER_REPLICA, deleted);
  }

  get connectedPeerIds(): string[] {
    return [...this.peers.keys()];
  }

  /** A channel opened: ask for what we lack and tell who we are. */
  attach(channel: PeerChannel): void {
    this.detach(channel.peerId);
    this.peers.set(channel.peerId, { channel, reader: new FrameReader(), presenceClient: null });
    this.antiEntropy.linkOpened(channel.peerId);
    this.askForMissing(channel.peerId);
    const local = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]);
    this.send(channel, FrameKind.Awareness, local);
  }

  detach(peerId: string): void {
    const state = this.peers.get(peerId);
    if (!state) return;
    this.peers.delete(peerId);
    this.antiEntropy.linkClosed(peerId);
    this.receipts.linkClosed(peerId);
    this.live.removePeer(peerId);
    this.events.onLiveChange();
    if (state.presenceClient !== null) awarenessProtocol.removeAwarenessStates(this.awareness, [state.presenceClient], 'peer-left');
  }

  /** Handles one data-channel message; anything malformed or over a limit is dropped with a reason, never applied. */
  receive(peerId: string, data: unknown): void {
    const state = this.peers.get(peerId);
    if (!state) return;
    const unframed = state.reader.read(data);
    if ('error' in unframed) return this.events.report(`dropped a message from peer ${peerId}: ${unframed.error}`);
    if ('pending' in unframed) return;
    try {
      if (unframed.kind === FrameKind.Sync) this.receiveSync(state, unframed.payload);
      else if (unframed.kind === FrameKind.Awareness) this.receiveAwareness(state, unframed.payload);
      else if (isLiveFrameKind(unframed.kind)) {
        this.live.receive(peerId, decodeLiveMessage(unframed.kind, unframed.payload));
        this.events.onLiveChange();
      } else {
        throw new Error(`unexpected frame kind ${unframed.kind}`);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.events.report(`dropped a ${FRAME_NAMES[unframed.kind]} message from peer ${peerId}: ${reason}`);
    }
  }

  /** Sends a live-item message to every peer. */
  sendLive(message: LiveMessage): void {
    const { kind, payload } = encodeLiveMessage(message);
    this.broadcast(kind, payload);
  }

  destroy(): void {
    this.document.ydoc.off('afterTransaction', this.onTransaction);
    this.awareness.off('update', this.onAwareness);
    this.stopReportingRefusals();
    for (const peerId of [...this.peers.keys()]) this.detach(peerId);
    this.antiEntropy.destroy();
    this.receipts.destroy();
  }

  /** One report per change, naming who made it, however many of its items were refused. */
  private reportRefusedItems(problems: string[], origin: unknown): void {
    const peer = [...this.peers.values()].find((state) => state === origin);
    const source = peer ? `from peer ${peer.channel.peerId}` : 'drawn on this page';
    const items = problems.length === 1 ? '1 item' : `${problems.length} items`;
    this.events.report(`refused ${items} ${source}: ${summarize(problems)}`);
  }

  /** Sends this replica's state vector (sync step 1): the peer answers with what is missing here. */
  private askForMissing(peerId: string): void {
    const state = this.peers.get(peerId);
    if (!state) return;
    const encoder = encoding.createEncoder();
    syncProtocol.writeSyncStep1(encoder, this.document.ydoc);
    this.send(state.channel, FrameKind.Sync, encoding.toUint8Array(encoder));
  }

  /** The link whose messages `origin` marks as applied, or null when it is no link of ours. */
  private peerIdOf(origin: unknown): string | null {
    for (const [peerId, state] of this.peers) if (state === origin) return peerId;
    return null;
  }

  /** An update with nothing new but this replica's delete set: a receipt for a peer's deletes (they move no clock). */
  private sendDeleteSet(peerId: string): void {
    const state = this.peers.get(peerId);
    if (!state) return;
    const ydoc = this.document.ydoc;
    const encoder = encoding.createEncoder();
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(ydoc, Y.encodeStateVector(ydoc)));
    this.send(state.channel, FrameKind.Sync, encoding.toUint8Array(encoder));
  }

  private receiveSync(state: PeerState, payload: Uint8Array): void {
    this.receipts.read(state.channel.peerId, payload);
    const reply = encoding.createEncoder();
    // The peer's state is the transaction origin, so its updates are never echoed back as local ones.
    syncProtocol.readSyncMessage(decoding.createDecoder(payload), reply, this.document.ydoc, state, (error) => {
      throw error;
    });
    this.antiEntropy.updateApplied(state.channel.peerId);
    if (encoding.length(reply) > 0) this.send(state.channel, FrameKind.Sync, encoding.toUint8Array(reply));
  }

  /**
   * A link speaks only for the client it announced first: without this, a peer could overwrite this page's own
   * presence (or a third peer's) by sending it under that id with a higher clock.
   */
  private receiveAwareness(state: PeerState, payload: Uint8Array): void {
    const accepted: AwarenessEntry[] = [];
    const refused: string[] = [];
    for (const entry of decodeAwarenessEntries(payload)) {
      const problem = this.presenceClaimProblem(state, entry.clientId);
      if (problem) {
        refused.push(`client ${entry.clientId} (${problem})`);
        continue;
      }
      state.presenceClient ??= entry.clientId;
      accepted.push(entry);
    }
    if (refused.length > 0) this.events.report(`refused presence from peer ${state.channel.peerId} for ${refused.join(', ')}`);
    if (accepted.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), state);
  }

  /** Why this link may not speak for this client, or null when it may. */
  private presenceClaimProblem(state: PeerState, clientId: number): string | null {
    if (state.presenceClient !== null) {
      return clientId === state.presenceClient ? null : `this link speaks for client ${state.presenceClient}`;
    }
    if (clientId === this.awareness.clientID) return "that is this page's own client";
    for (const other of this.peers.values()) {
      if (other.presenceClient === clientId) return `peer ${other.channel.peerId} speaks for it`;
    }
    return null;
  }

  /** Frames once for every peer: the server relay then uploads a frame meant for several peers once. */
  private broadcast(kind: FrameKind, payload: Uint8Array): void {
    if (this.peers.size === 0) return;
    const frames = frame(kind, payload);
    for (const { channel } of this.peers.values()) this.sendFrames(channel, frames);
  }

  private send(channel: PeerChannel, kind: FrameKind, payload: Uint8Array): void {
    this.sendFrames(channel, frame(kind, payload));
  }

  private sendFrames(channel: PeerChannel, frames: Uint8Array[]): void {
    try {
      for (const bytes of frames) channel.send(bytes);
    } catch (error) {
      this.events.report(`could not send to peer ${channel.peerId}: ${String(error)}`);
    }
  }
}

/** The distinct problems, each once with how many items had it, the first few only. */
function summarize(problems: string[]): string {
  const counts = new Map<string, number>();
  for (const problem of problems) counts.set(problem, (counts.get(problem) ?? 0) + 1);
  const shown = [...counts].slice(0, 3).map(([problem, count]) => (count > 1 ? `${problem} (${count} items)` : problem));
  return counts.size > 3 ? `${shown.join('; ')}; and ${counts.size - 3} more problems` : shown.join('; ');
}
