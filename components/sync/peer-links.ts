import type { Cancel, Clock } from '../network/clock.js';
import { hasOpenChannel, type PeerStatus } from '../network/peer-reachability.js';
import type { PeerChannel } from './document-sync.js';

/**
 * How a peer's document, presence and live strokes travel: its data channel (direct or through TURN), the server
 * relay, or not yet.
 */
export type LinkKind = 'channel' | 'relay' | 'none';

/** The parts of the document sync a link is handed to. */
export interface LinkedSync {
  attach(channel: PeerChannel): void;
  detach(peerId: string): void;
  receive(peerId: string, data: unknown): void;
}

/** The server relay's way up, as the links use it. */
export interface RelayUplink {
  send(peerId: string, bytes: Uint8Array): void;
  forget(peerId: string): void;
}

export interface PeerLinksOptions {
  sync: LinkedSync;
  relay: RelayUplink;
  clock: Clock;
  /** How long a peer gets to open (or reopen) a direct channel before its traffic goes through the server. */
  relayAfterMs: number;
  /** False in a browser without WebRTC: every peer is relayed at once. */
  canConnectDirectly: boolean;
  /** Whether the server is there to relay: a fallback while it is away waits for it (the relay needs it). */
  relayAvailable(): boolean;
  /** A peer's link changed kind. */
  onChange(): void;
}

interface Link {
  kind: LinkKind;
  /** The fallback to the relay, while a direct channel is awaited. */
  fallback: Cancel | null;
}

/**
 * Which way each peer's traffic goes. Direct when a data channel is open; else, after `relayAfterMs` without
 * one, through the server relay, and at once when the peer's own frames come that way. A direct channel that
 * opens later takes over; the sync it starts with (state vectors both ways) makes the switch lose and double
 * nothing.
 */
export class PeerLinks {
  private readonly links = new Map<string, Link>();

  constructor(private readonly options: PeerLinksOptions) {}

  /** The kind of link to `peerId` ('none' while a direct channel is awaited, or for an unknown peer). */
  kindOf(peerId: string): LinkKind {
    return this.links.get(peerId)?.kind ?? 'none';
  }

  /** Peers whose traffic goes through the server. */
  get relayed(): string[] {
    return [...this.links].filter(([, link]) => link.kind === 'relay').map(([peerId]) => peerId);
  }

  /**
   * Follows the mesh: new peers get time to connect directly, peers gone are unlinked, and a peer whose direct
   * channel closed gets the same time to reopen it before the relay takes over. Peers `beyondMesh` (the mesh
   * connects to them through the server by design) are relayed at once, with no direct attempt; one that comes
   * back into the mesh stays relayed until its direct channel opens.
   */
  update(statuses: readonly PeerStatus[], beyondMesh: (peerId: string) => boolean = () => false): void {
    const present = new Set(statuses.map(({ peer }) => peer.id));
    for (const peerId of [...this.links.keys()]) if (!present.has(peerId)) this.remove(peerId);
    for (const { peer, state } of statuses) {
      const link = this.links.get(peer.id);
      if (beyondMesh(peer.id)) this.relayNow(peer.id);
      else if (!link) this.add(peer.id);
      else if (!hasOpenChannel(state) && link.kind === 'channel') this.awaitChannel(peer.id, link);
    }
  }

  /** A data channel to the peer opened (direct or through TURN): it carries everything from now on. */
  channelOpened(channel: PeerChannel): void {
    const link = this.linkFor(channel.peerId);
    this.cancelFallback(link);
    this.options.relay.forget(channel.peerId);
    this.options.sync.attach(channel);
    this.setKind(link, 'channel');
  }

  /** A message on the peer's data channel. */
  channelMessage(peerId: string, data: unknown): void {
    if (this.links.get(peerId)?.kind === 'channel') this.options.sync.receive(peerId, data);
  }

  /** Frames the peer sent through the server: it cannot reach us directly, so we answer the same way. */
  relayedFrames(peerId: string, frames: Uint8Array[]): void {
    const link = this.linkFor(peerId);
    if (link.kind === 'none') this.useRelay(peerId, link);
    // A channel that opened meanwhile already carries the peer: the sync it started covers these frames too.
    if (link.kind !== 'relay') return;
    for (const bytes of frames) this.options.sync.receive(peerId, bytes);
  }

  /** The server could not deliver to the peer (it left): nothing more goes its way until the mesh says again. */
  unreachable(peerId: string): void {
    const link = this.links.get(peerId);
    if (link?.kind === 'relay') this.remove(peerId);
  }

  stop(): void {
    for (const peerId of [...this.links.keys()]) this.remove(peerId);
  }

  private add(peerId: string): void {
    const link: Link = { kind: 'none', fallback: null };
    this.links.set(peerId, link);
    if (this.options.canConnectDirectly) this.scheduleFallback(peerId, link);
    else this.useRelay(peerId, link);
  }

  private relayNow(peerId: string): void {
    const link = this.linkFor(peerId);
    if (link.kind !== 'relay') this.useRelay(peerId, link);
  }

  private awaitChannel(peerId: string, link: Link): void {
    this.options.sync.detach(peerId);
    this.setKind(link, 'none');
    this.scheduleFallback(peerId, link);
  }

  private scheduleFallback(peerId: string, link: Link): void {
    this.cancelFallback(link);
    link.fallback = this.options.clock.schedule(() => {
      link.fallback = null;
      if (this.links.get(peerId) !== link || link.kind !== 'none') return;
      if (this.options.relayAvailable()) this.useRelay(peerId, link);
      else this.scheduleFallback(peerId, link);
    }, this.options.relayAfterMs);
  }

  private useRelay(peerId: string, link: Link): void {
    this.cancelFallback(link);
    const { relay } = this.options;
    this.options.sync.attach({ peerId, send: (bytes) => relay.send(peerId, bytes) });
    this.setKind(link, 'relay');
  }

  private remove(peerId: string): void {
    const link = this.links.get(peerId);
    if (!link) return;
    this.cancelFallback(link);
    this.links.delete(peerId);
    this.options.relay.forget(peerId);
    this.options.sync.detach(peerId);
    if (link.kind !== 'none') this.options.onChange();
  }

  private linkFor(peerId: string): Link {
    let link = this.links.get(peerId);
    if (!link) this.links.set(peerId, (link = { kind: 'none', fallback: null }));
    return link;
  }

  private cancelFallback(link: Link): void {
    link.fallback?.();
    link.fallback = null;
  }

  private setKind(link: Link, kind: LinkKind): void {
    if (link.kind === kind) return;
    link.kind = kind;
    this.options.onChange();
  }
}
