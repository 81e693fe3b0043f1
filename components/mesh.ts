import type { RelayEvent, User } from '../server/protocol.js';

export const DATA_CHANNEL_LABEL = 'updates';

/** How a connection that stopped working is brought back, and when its peer is given up. */
export interface MeshTiming {
  /** A connection `disconnected` this long gets an ICE restart (it often recovers by itself before). */
  iceRestartAfterMs: number;
  /** A connection not working this long is replaced by a new one. */
  replaceAfterMs: number;
  /** A peer not reachable this long is dropped, though the server never said it left. */
  giveUpAfterMs: number;
  /** How often links are checked. */
  checkEveryMs: number;
}

export const DEFAULT_MESH_TIMING: MeshTiming = { iceRestartAfterMs: 3000, replaceAfterMs: 12_000, giveUpAfterMs: 45_000, checkEveryMs: 1000 };

export interface MeshHandlers {
  signal(peerId: string, event: RelayEvent, data: object): void;
  onChannelOpen(peer: User, channel: RTCDataChannel): void;
  /** The peer's data channel is gone: for now (it is being restored) or for good. */
  onPeerGone(peer: User): void;
  onMessage(peer: User, data: unknown): void;
  onPeersChanged(): void;
  onError(message: string): void;
}

interface PeerLink {
  peer: User;
  connection: RTCPeerConnection;
  channel: RTCDataChannel | null;
  createdAt: number;
  /** Perfect negotiation: the polite side yields when both offer at once. */
  polite: boolean;
  makingOffer: boolean;
  ignoreOffer: boolean;
  pendingCandidates: RTCIceCandidateInit[];
  iceRestarted: boolean;
}

/** A peer the server says is in the room, and since when it has been unreachable (null: it is reachable). */
interface WantedPeer {
  peer: User;
  unreachableSince: number | null;
}

/**
 * A full mesh: one RTCPeerConnection and one `updates` data channel per remote peer. Connections that fail
 * are restarted (ICE restart) or replaced, without the server's help beyond relaying the new offers; a
 * peer that stays unreachable is dropped after a while even if the server never says it left.
 */
export class PeerMesh {
  private readonly links = new Map<string, PeerLink>();
  private readonly wanted = new Map<string, WantedPeer>();
  private watchdog: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly localId: () => string | undefined,
    private readonly iceServers: () => RTCIceServer[],
    private readonly handlers: MeshHandlers,
    private readonly timing: MeshTiming = DEFAULT_MESH_TIMING,
  ) {}

  /** Peers whose data channel is open. */
  get connectedPeers(): User[] {
    return [...this.links.values()].filter((link) => link.channel?.readyState === 'open').map((link) => link.peer);
  }

  /**
   * The server says `peer` is in the room. A working connection to it is kept (this is a rejoin after the
   * server restarted); otherwise a new one starts, and the side told to offer opens the data channel.
   */
  addPeer(peer: User, offer: boolean): void {
    this.wanted.set(peer.id, { peer, unreachableSince: this.wanted.get(peer.id)?.unreachableSince ?? null });
    this.startWatchdog();
    const existing = this.links.get(peer.id);
    if (existing && isUsable(existing)) return;
    this.connect(peer, offer);
  }

  /** The server says `peer` left: close and forget it. */
  removePeer(peerId: string): void {
    const wanted = this.wanted.get(peerId);
    this.wanted.delete(peerId);
    if (!this.closeLink(peerId) && wanted) this.handlers.onPeerGone(wanted.peer);
    this.handlers.onPeersChanged();
  }

  async handleDescription(peer: User, data: unknown): Promise<void> {
    const description = (data as { description?: RTCSessionDescriptionInit } | null)?.description;
    if (!description || (description.type !== 'offer' && description.type !== 'answer')) {
      return this.handlers.onError(`ignored a malformed session description from peer ${peer.id}`);
    }
    let link = this.links.get(peer.id);
    // An offer for a connection this side has closed (or never had) starts a new one: the peer is restoring it.
    if (description.type === 'offer' && (!link || isClosed(link))) link = this.connect(peer, false);
    if (!link) return;
    const collision = description.type === 'offer' && (link.makingOffer || link.connection.signalingState !== 'stable');
    link.ignoreOffer = !link.polite && collision;
    if (link.ignoreOffer) return;
    try {
      await this.accept(link, description);
    } catch (error) {
      if (description.type !== 'offer') return this.handlers.onError(`negotiation with peer ${peer.id} failed: ${String(error)}`);
      // An offer from a brand-new connection of the peer's (it replaced a broken one): answer on a new one too.
      try {
        await this.accept(this.connect(peer, false), description);
      } catch (again) {
        this.handlers.onError(`negotiation with peer ${peer.id} failed: ${String(again)}`);
      }
    }
  }

  private async accept(link: PeerLink, description: RTCSessionDescriptionInit): Promise<void> {
    const { connection } = link;
    await connection.setRemoteDescription(description);
    // Candidates that came before the description; one from an offer rolled back in a collision may no longer
    // fit, and must not fail the negotiation.
    for (const candidate of link.pendingCandidates.splice(0)) await connection.addIceCandidate(candidate).catch(() => {});
    if (description.type === 'offer') {
      await connection.setLocalDescription();
      this.handlers.signal(link.peer.id, 'session-description', { description: connection.localDescription });
    }
  }

  async handleCandidate(peer: User, data: unknown): Promise<void> {
    const candidate = (data as { candidate?: RTCIceCandidateInit } | null)?.candidate;
    const link = this.links.get(peer.id);
    if (!candidate || !link) return;
    if (!link.connection.remoteDescription) {
      link.pendingCandidates.push(candidate);
      return;
    }
    try {
      await link.connection.addIceCandidate(candidate);
    } catch (error) {
      if (!link.ignoreOffer) this.handlers.onError(`ICE candidate from peer ${peer.id} refused: ${String(error)}`);
    }
  }

  /** Closes every connection and forgets every peer (leaving the room, or a new identity). */
  close(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    for (const peerId of [...this.links.keys()]) this.closeLink(peerId);
    this.wanted.clear();
    this.handlers.onPeersChanged();
  }

  /** A new connection to `peer`, replacing any other; the offering side opens the data channel. */
  private connect(peer: User, offer: boolean): PeerLink {
    this.closeLink(peer.id);
    const link = this.createLink(peer);
    if (offer) this.attachChannel(link, link.connection.createDataChannel(DATA_CHANNEL_LABEL));
    return link;
  }

  /** Closes the link to `peerId`, if any; true when there was one. */
  private closeLink(peerId: string): boolean {
    const link = this.links.get(peerId);
    if (!link) return false;
    this.links.delete(peerId);
    const hadChannel = link.channel !== null;
    if (link.channel) link.channel.onclose = null;
    link.channel?.close();
    link.connection.close();
    if (hadChannel) this.handlers.onPeerGone(link.peer);
    return true;
  }

  private startWatchdog(): void {
    this.watchdog ??= setInterval(() => this.check(), this.timing.checkEveryMs);
  }

  /** Restarts ICE on stalled connections, replaces broken ones, and gives up on peers gone too long. */
  private check(): void {
    const now = performance.now();
    for (const wanted of [...this.wanted.values()]) {
      const { peer } = wanted;
      const link = this.links.get(peer.id);
      if (link && link.channel?.readyState === 'open' && link.connection.connectionState === 'connected') {
        wanted.unreachableSince = null;
        link.iceRestarted = false;
        continue;
      }
      wanted.unreachableSince ??= now;
      const down = now - wanted.unreachableSince;
      if (down >= this.timing.giveUpAfterMs) {
        this.wanted.delete(peer.id);
        if (!this.closeLink(peer.id)) this.handlers.onPeerGone(peer);
        this.handlers.onError(`gave up on peer ${peer.id}: unreachable for ${Math.round(down / 1000)} s`);
        this.handlers.onPeersChanged();
        continue;
      }
      if (link && link.connection.connectionState === 'disconnected' && down >= this.timing.iceRestartAfterMs && !link.iceRestarted) {
        link.iceRestarted = true;
        link.connection.restartIce();
      } else if (!link || isClosed(link) || now - link.createdAt >= this.timing.replaceAfterMs) {
        // The higher id offers the replacement and the other waits for it, so they never cross.
        if ((this.localId() ?? '') > peer.id) this.connect(peer, true);
        else if (link && isClosed(link)) this.connect(peer, false);
        else if (link) link.createdAt = now;
        this.handlers.onPeersChanged();
      }
    }
    if (this.wanted.size === 0) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
  }

  private createLink(peer: User): PeerLink {
    const connection = new RTCPeerConnection({ iceServers: this.iceServers() });
    const link: PeerLink = {
      peer,
      connection,
      channel: null,
      createdAt: performance.now(),
      polite: (this.localId() ?? '') < peer.id,
      makingOffer: false,
      ignoreOffer: false,
      pendingCandidates: [],
      iceRestarted: false,
    };
    this.links.set(peer.id, link);

    connection.onnegotiationneeded = async () => {
      try {
        link.makingOffer = true;
        await connection.setLocalDescription();
        this.handlers.signal(peer.id, 'session-description', { description: connection.localDescription });
      } catch (error) {
        this.handlers.onError(`offer to peer ${peer.id} failed: ${String(error)}`);
      } finally {
        link.makingOffer = false;
      }
    };
    connection.onicecandidate = ({ candidate }) => {
      if (candidate) this.handlers.signal(peer.id, 'ice-candidate', { candidate: candidate.toJSON() });
    };
    connection.onconnectionstatechange = () => {
      if (connection.connectionState === 'failed' && !link.iceRestarted) {
        link.iceRestarted = true;
        connection.restartIce();
      }
    };
    connection.ondatachannel = ({ channel }) => {
      if (channel.label === DATA_CHANNEL_LABEL) this.attachChannel(link, channel);
    };
    return link;
  }

  private attachChannel(link: PeerLink, channel: RTCDataChannel): void {
    link.channel = channel;
    channel.binaryType = 'arraybuffer';
    channel.onopen = () => {
      this.handlers.onChannelOpen(link.peer, channel);
      this.handlers.onPeersChanged();
    };
    // The peer closed its side, or the connection broke: the watchdog restores it while the peer is wanted.
    channel.onclose = () => {
      if (this.links.get(link.peer.id) !== link) return;
      this.closeLink(link.peer.id);
      this.handlers.onPeersChanged();
    };
    channel.onmessage = ({ data }) => this.handlers.onMessage(link.peer, data);
  }
}

const isClosed = (link: PeerLink) => link.connection.connectionState === 'closed' || link.connection.signalingState === 'closed';

/** A link worth keeping: open, or still on its way to open. */
const isUsable = (link: PeerLink) =>
  !isClosed(link) &&
  link.connection.connectionState !== 'failed' &&
  (link.channel?.readyState === 'open' || ['new', 'connecting'].includes(link.connection.connectionState));
