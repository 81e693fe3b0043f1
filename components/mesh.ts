import type { RelayEvent, User } from '../server/protocol.js';

export const DATA_CHANNEL_LABEL = 'updates';

export interface MeshHandlers {
  signal(peerId: string, event: RelayEvent, data: object): void;
  onChannelOpen(peer: User, channel: RTCDataChannel): void;
  /** The peer's connection is gone (it left, or its channel closed). */
  onPeerGone(peer: User): void;
  onMessage(peer: User, data: unknown): void;
  onPeersChanged(): void;
  onError(message: string): void;
}

interface PeerLink {
  peer: User;
  connection: RTCPeerConnection;
  channel: RTCDataChannel | null;
  /** Perfect negotiation: the polite side yields when both offer at once. */
  polite: boolean;
  makingOffer: boolean;
  ignoreOffer: boolean;
  pendingCandidates: RTCIceCandidateInit[];
}

/** A full mesh: one RTCPeerConnection and one `updates` data channel per remote peer. */
export class PeerMesh {
  private readonly links = new Map<string, PeerLink>();

  constructor(
    private readonly localId: () => string | undefined,
    private readonly iceServers: () => RTCIceServer[],
    private readonly handlers: MeshHandlers,
  ) {}

  /** Peers whose data channel is open. */
  get connectedPeers(): User[] {
    return [...this.links.values()].filter((link) => link.channel?.readyState === 'open').map((link) => link.peer);
  }

  /** Starts a connection to `peer`; the side told to offer opens the data channel. */
  addPeer(peer: User, offer: boolean): void {
    this.removePeer(peer.id, false);
    const link = this.createLink(peer);
    if (offer) this.attachChannel(link, link.connection.createDataChannel(DATA_CHANNEL_LABEL));
  }

  removePeer(peerId: string, notify = true): void {
    const link = this.links.get(peerId);
    if (!link) return;
    this.links.delete(peerId);
    link.channel?.close();
    link.connection.close();
    this.handlers.onPeerGone(link.peer);
    if (notify) this.handlers.onPeersChanged();
  }

  async handleDescription(peer: User, data: unknown): Promise<void> {
    const description = (data as { description?: RTCSessionDescriptionInit } | null)?.description;
    if (!description || (description.type !== 'offer' && description.type !== 'answer')) {
      return this.handlers.onError(`ignored a malformed session description from peer ${peer.id}`);
    }
    const link = this.links.get(peer.id) ?? this.createLink(peer);
    const { connection } = link;
    const collision = description.type === 'offer' && (link.makingOffer || connection.signalingState !== 'stable');
    link.ignoreOffer = !link.polite && collision;
    if (link.ignoreOffer) return;
    try {
      await connection.setRemoteDescription(description);
      for (const candidate of link.pendingCandidates.splice(0)) await connection.addIceCandidate(candidate);
      if (description.type === 'offer') {
        await connection.setLocalDescription();
        this.handlers.signal(peer.id, 'session-description', { description: connection.localDescription });
      }
    } catch (error) {
      this.handlers.onError(`negotiation with peer ${peer.id} failed: ${String(error)}`);
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

  close(): void {
    for (const peerId of [...this.links.keys()]) this.removePeer(peerId, false);
    this.handlers.onPeersChanged();
  }

  private createLink(peer: User): PeerLink {
    const connection = new RTCPeerConnection({ iceServers: this.iceServers() });
    const link: PeerLink = {
      peer,
      connection,
      channel: null,
      polite: (this.localId() ?? '') < peer.id,
      makingOffer: false,
      ignoreOffer: false,
      pendingCandidates: [],
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
      if (connection.connectionState === 'failed') connection.restartIce();
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
    channel.onclose = () => {
      if (this.links.get(link.peer.id) === link) this.removePeer(link.peer.id);
    };
    channel.onmessage = ({ data }) => this.handlers.onMessage(link.peer, data);
  }
}
