import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { User } from '../server/protocol.js';
import type { DocumentMessage, DrawingDocument } from './document.js';
import { decodeDocumentMessage } from './document-messages.js';
import { PeerMesh } from './mesh.js';
import { SignalingClient, type SignalingStatus } from './signaling.js';

/** 'local' means no server-url: drawing works, nothing is shared. */
export type RoomStatus = SignalingStatus | 'local';

export interface RoomSessionConfig {
  serverUrl: string;
  roomId: string;
  username: string;
  iceServers: RTCIceServer[];
}

type Host = ReactiveControllerHost & HTMLElement & { readonly hasUpdated: boolean };

/**
 * Joins a room and keeps the document in step with every peer: signaling sets up the mesh,
 * each opened data channel gets a snapshot, and local edits go to every open channel.
 */
export class RoomSessionController implements ReactiveController {
  status: RoomStatus = 'local';
  user: User | null = null;
  peers: User[] = [];
  private signaling: SignalingClient | null = null;
  private runningKey: string | null = null;
  private readonly mesh: PeerMesh;

  constructor(
    private readonly host: Host,
    private readonly document: DrawingDocument,
    private readonly config: () => RoomSessionConfig | null,
  ) {
    host.addController(this);
    this.mesh = new PeerMesh(
      () => this.user?.id,
      () => this.config()?.iceServers ?? [],
      {
        signal: (peerId, event, data) => void this.signaling?.relay(peerId, event, data),
        onChannelOpen: (_peer, channel) => {
          for (const message of this.document.snapshot()) channel.send(JSON.stringify(message));
        },
        onMessage: (peer, data) => this.receive(peer, data),
        onPeersChanged: () => this.updatePeers(),
        onError: (message) => this.reportError(message),
      },
    );
  }

  // Connecting waits for the first update: properties set before the element upgraded are applied only then.
  hostConnected(): void {
    if (this.host.hasUpdated) this.ensureRunning();
  }

  /** Restarts whenever server, room or name changed since the session started. */
  hostUpdated(): void {
    this.ensureRunning();
  }

  hostDisconnected(): void {
    this.stop();
    this.runningKey = null;
  }

  broadcast(message: DocumentMessage): void {
    this.mesh.broadcast(JSON.stringify(message));
  }

  private ensureRunning(): void {
    const config = this.config();
    const key = config ? JSON.stringify([config.serverUrl, config.roomId, config.username]) : 'local';
    if (key === this.runningKey) return;
    this.stop();
    this.runningKey = key;
    if (config) this.start(config);
    else this.setStatus('local');
  }

  private start(config: RoomSessionConfig): void {
    this.signaling = new SignalingClient({
      serverUrl: config.serverUrl,
      roomId: config.roomId,
      username: config.username,
      handlers: {
        onJoined: (user, roomId) => {
          this.user = user;
          this.dispatch('draw-room:connected', { user, roomId });
        },
        onAddPeer: ({ peer, offer }) => this.mesh.addPeer(peer, offer),
        onRemovePeer: ({ peer }) => this.mesh.removePeer(peer.id),
        onSessionDescription: ({ peer, data }) => void this.mesh.handleDescription(peer, data),
        onIceCandidate: ({ peer, data }) => void this.mesh.handleCandidate(peer, data),
        onStatus: (status) => this.setStatus(status),
        onError: (message) => this.reportError(message),
      },
    });
    this.signaling.start();
  }

  private stop(): void {
    this.signaling?.stop();
    this.signaling = null;
    this.mesh.close();
  }

  private receive(peer: User, data: unknown): void {
    const decoded = decodeDocumentMessage(data);
    if (!decoded.ok) {
      console.warn(`draw-room: dropped a message from peer ${peer.id}: ${decoded.reason}`);
      return;
    }
    this.document.apply(decoded.message);
  }

  private updatePeers(): void {
    const before = new Map(this.peers.map((peer) => [peer.id, peer]));
    this.peers = this.mesh.connectedPeers;
    const now = new Set(this.peers.map((peer) => peer.id));
    for (const peer of this.peers) if (!before.has(peer.id)) this.dispatch('draw-room:peer-joined', { peer });
    for (const [id, peer] of before) if (!now.has(id)) this.dispatch('draw-room:peer-left', { peer });
    this.host.requestUpdate();
  }

  private setStatus(status: RoomStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.dispatch('draw-room:status', { status });
    this.host.requestUpdate();
  }

  private reportError(message: string): void {
    console.warn(`draw-room: ${message}`);
    this.dispatch('draw-room:error', { message });
  }

  private dispatch(type: string, detail: object): void {
    this.host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
