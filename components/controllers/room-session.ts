import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Awareness } from 'y-protocols/awareness';
import { isRoomId, usernameProblem, type Member, type User } from '../../protocol/signaling.js';
import type { DrawingDocument } from '../drawing/document.js';
import { DocumentSync } from '../sync/document-sync.js';
import { PeerLinks } from '../sync/peer-links.js';
import type { LiveItems, LiveMessage } from '../drawing/live-items.js';
import { systemClock, type Cancel } from '../network/clock.js';
import { IceServerFeed } from '../network/ice-server-feed.js';
import { fromBase64 } from '../network/base64.js';
import { FrameRelay } from '../network/frame-relay.js';
import { nextFrame } from '../network/next-frame.js';
import { PeerMesh } from '../network/mesh.js';
import { hasOpenChannel, type PeerState } from '../network/peer-reachability.js';
import { nameRefusal, type Refusal } from '../network/server-refusal.js';
import { browserSessionFor } from '../network/browser-session.js';
import type { SignalingStatus } from '../network/reconnect-machine.js';
import { RoomSignaling } from '../network/room-signaling.js';
import { RoomCipher, SEALED_OVERHEAD_BYTES } from '../network/room-cipher.js';
import { canEncrypt } from '../network/room-key.js';
import { entrySealing } from '../sync/entry-sealing.js';
import { SavedVersions } from '../sync/saved-versions.js';
import { onPageHidden } from '../sync/page-hidden.js';
import { ServerCopy, type EntrySealing } from '../sync/server-copy.js';

/**
 * 'local' means no server-url: drawing works, nothing is shared. 'refused': the server refused this board for
 * a reason retrying cannot fix (room full, invalid room id or name); `statusReason` says which.
 */
export type RoomStatus = SignalingStatus | 'local' | 'refused';

/**
 * A member of the room as signaling knows it, and how the drawing reaches it: a data channel (`direct`, or `turn`
 * through a TURN server), the server relay (`relay`), not yet (`connecting`) or not for a while (`unreachable`).
 */
export interface RoomMember {
  peer: User;
  state: PeerState | 'relay';
}

/** How long a clear or restore waits for the board before it to be kept as a saved version. */
const KEEP_VERSION_WITHIN_MS = 3000;

/** How long a peer gets to open a direct channel before the drawing goes through the server relay. */
const RELAY_AFTER_MS = 3000;

export interface RoomSessionConfig {
  serverUrl: string;
  roomId: string;
  username: string;
  /** The page's own list; undefined: the server's (GET /ice-servers), kept renewed. */
  iceServers: RTCIceServer[] | undefined;
  /** The room key (base64url): what crosses the server is sealed under it. Undefined: nothing is sealed. */
  roomKey: string | undefined;
  /** persist="server": the board is read from and appended to the server's stored entries for the room. */
  keepOnServer: boolean;
}

export interface RoomSessionParts {
  document: DrawingDocument;
  awareness: Awareness;
  live: LiveItems;
  config(): RoomSessionConfig | null;
  onLiveChange(): void;
  /** A member arrived, left, or its link changed state. */
  onMembersChanged(): void;
  /** The room is joined, as `member` (a new identity joins again and reports again). */
  onConnected(member: Member, roomId: string): void;
  /** A data channel to `peer` opened. */
  onPeerJoined(peer: User): void;
  /** The data channel to `peer` closed, or it left. */
  onPeerLeft(peer: User): void;
  /** `status` (and `statusReason`) changed. */
  onStatusChange(status: RoomStatus, reason: string): void;
  /** Something went wrong (a refused peer message, a failed relay); drawing goes on locally. */
  onError(message: string): void;
  /** The count of changes made here that no peer has shown it holds moved (see `unsyncedChanges`). */
  onUnsyncedChange(): void;
}

type Host = ReactiveControllerHost & { readonly hasUpdated: boolean };

/**
 * Joins a room and keeps the document in step with every peer: signaling sets up the mesh, and each
 * opened data channel is handed to the document sync. It reports through `parts`' callbacks; the element
 * turns them into events.
 */
export class RoomSessionController implements ReactiveController {
  status: RoomStatus = 'local';
  /** Why the status is what it is, in words for people: set for 'refused'. */
  statusReason = '';
  /** This widget as the room's other members know it: its member id and name. */
  user: Member | null = null;
  peers: User[] = [];
  private signaling: RoomSignaling | null = null;
  /** The board kept on the server while a session with persist="server" runs. */
  private serverCopy: ServerCopy | null = null;
  /** How this session's stored entries are sealed: the server copy's and the saved versions'. */
  private sealing: EntrySealing | null = null;
  /** The board's saved versions on the server, once joined to a room whose server keeps boards (persist="server"). */
  savedVersions: SavedVersions | null = null;
  /** The server's ICE servers, when the page gave none. */
  private iceFeed: IceServerFeed | null = null;
  /** The room key's cipher while a keyed session runs: relayed signaling and frames are sealed under it. */
  private cipher: RoomCipher | null = null;
  /** Peers whose messages did not open under the room key, by member id: named in the status line. */
  readonly unreadable = new Map<string, string>();
  /** Counts starts, so a cipher derived for a session that has since stopped is not used. */
  private starts = 0;
  /** Frames the server relayed, opened one batch after another (opening takes a moment; order matters). */
  private relayedQueue: Promise<void> = Promise.resolve();
  /** The name the server's rules refused, if that is why we stopped: another name gets a new try. */
  private refusedName: string | null = null;
  private runningKey: string | null = null;
  private readonly mesh: PeerMesh;
  private readonly sync: DocumentSync;
  /** The server relay's way up, for peers no data channel reaches. */
  private relay: FrameRelay;
  /** Which way each peer's traffic goes: its data channel or the relay. */
  private readonly links: PeerLinks;

  constructor(
    private readonly host: Host,
    private readonly parts: RoomSessionParts,
  ) {
    host.addController(this);
    this.sync = new DocumentSync(parts.document, parts.awareness, parts.live, {
      report: (message) => this.parts.onError(message),
      onLiveChange: () => parts.onLiveChange(),
      onUnsyncedChange: () => parts.onUnsyncedChange(),
    });
    this.relay = this.makeRelay();
    this.links = new PeerLinks({
      sync: this.sync,
      // Through the current relay: each start of a session gets a fresh one.
      relay: { send: (peerId, bytes) => this.relay.send(peerId, bytes), forget: (peerId) => this.relay.forget(peerId) },
      clock: systemClock,
      relayAfterMs: RELAY_AFTER_MS,
      canConnectDirectly: typeof RTCPeerConnection === 'function',
      relayAvailable: () => this.status === 'connected',
      onChange: () => this.updatePeers(),
    });
    this.mesh = new PeerMesh(
      // The id the others know this widget by, set before any add-peer can arrive.
      () => this.signaling?.memberId ?? undefined,
      () => this.parts.config()?.iceServers ?? this.iceFeed?.servers ?? [],
      {
        signal: (peerId, event, data) => void this.signaling?.relay(peerId, event, data),
        onChannelOpen: (peer, channel) => this.links.channelOpened({ peerId: peer.id, send: (bytes) => channel.send(bytes as Uint8Array<ArrayBuffer>) }),
        onPeerGone: () => this.followMesh(),
        onMessage: (peer, data) => this.links.channelMessage(peer.id, data),
        onPeersChanged: () => {
          this.followMesh();
          this.updatePeers();
        },
        // Worth an error only when nothing reaches the peer: the relay carrying it is no failure.
        onUnreachable: (peer, report) => {
          if (this.links.kindOf(peer.id) !== 'relay') this.parts.onError(report);
        },
        onError: (message) => this.parts.onError(message),
      },
    );
  }

  /** The relay's and the links' parts, made once: a session's stop empties them, a new start reuses them. */
  private makeRelay(cipher: RoomCipher | null = null): FrameRelay {
    const from = () => this.signaling?.memberId ?? '';
    const roomId = this.parts.config()?.roomId ?? '';
    return new FrameRelay({
      upload: (upload) => (this.signaling ? this.signaling.sendFrames(upload) : Promise.reject(new Error('not connected to the server'))),
      ...(cipher ? { seal: { frame: (bytes: Uint8Array) => cipher.seal(bytes, { purpose: 'frame', roomId, from: from() }), overheadBytes: SEALED_OVERHEAD_BYTES } } : {}),
      nextFrame,
      clock: systemClock,
      onUnreachable: (peerId) => this.links.unreachable(peerId),
      onError: (message) => this.parts.onError(message),
    });
  }

  // Connecting waits for the first update: properties set before the element upgraded are applied only then.
  hostConnected(): void {
    if (this.host.hasUpdated) this.ensureRunning();
  }

  /** Restarts whenever server or room changed since the session started; a new name only changes presence. */
  hostUpdated(): void {
    this.ensureRunning();
    const username = this.parts.config()?.username;
    if (username !== undefined && !usernameProblem(username)) this.signaling?.setUsername(username);
  }

  /** Everyone signaling says is in the room, with the state of the link to each. */
  get members(): ReadonlyArray<RoomMember> {
    return this.mesh.peerStates.map(({ peer, state }) => ({ peer, state: this.links.kindOf(peer.id) === 'relay' ? 'relay' : state }));
  }

  hostDisconnected(): void {
    this.stop();
    this.runningKey = null;
  }

  /** Sends a live-item message to every connected peer. */
  sendLive(message: LiveMessage): void {
    this.sync.sendLive(message);
  }

  /** @internal — for tests: closes every peer connection, as a network failure would; the mesh restores them. */
  breakPeerConnections(): void {
    for (const { peer } of this.mesh.peerStates) this.mesh.connectionTo(peer.id)?.close();
  }

  /** @internal — for tests: the open data channels to peers, so a test can send what no widget would. */
  openDataChannels(): RTCDataChannel[] {
    const channels = this.mesh.connectedPeers.map((peer) => this.mesh.channelTo(peer.id));
    return channels.filter((channel): channel is RTCDataChannel => channel?.readyState === 'open');
  }

  private ensureRunning(): void {
    const config = this.parts.config();
    // Not the name: renaming must not drop a single connection. A refused name is the exception: a new one
    // deserves a new try.
    const key = config ? JSON.stringify([config.serverUrl, config.roomId, config.roomKey ?? null]) : 'local';
    const renamedAfterRefusal = this.refusedName !== null && config !== null && config.username !== this.refusedName;
    if (key === this.runningKey && !renamedAfterRefusal) return;
    this.stop();
    this.runningKey = key;
    if (config) this.start(config);
    else this.setStatus('local');
  }

  private start(config: RoomSessionConfig): void {
    this.refusedName = null;
    // The server's own rules, checked before any request: retrying could never fix these.
    if (!isRoomId(config.roomId)) return this.refuse({ reason: 'Invalid room id: use 8–64 characters of A–Z a–z 0–9 _ -', ofName: false }, config);
    const nameProblem = usernameProblem(config.username);
    if (nameProblem) return this.refuse(nameRefusal(nameProblem), config);
    if (config.roomKey === undefined) {
      if (config.keepOnServer) this.serverCopy = this.makeServerCopy(null, config.roomId);
      return this.startSignaling(config, null);
    }
    // Never plaintext with a key: without WebCrypto, or with a key that is not one, the board stays local.
    if (!canEncrypt()) return this.refuse({ reason: 'This page cannot encrypt: open it over HTTPS (a secure context)', ofName: false }, config);
    const start = this.starts;
    this.setStatus('connecting');
    const cipher = RoomCipher.create(config.roomKey, config.roomId);
    // Made now, not once the key is derived: what the device restores meanwhile must be caught for the server too.
    if (config.keepOnServer) this.serverCopy = this.makeServerCopy(cipher, config.roomId);
    cipher.then(
      (cipher) => {
        if (start === this.starts) this.startSignaling(config, cipher);
      },
      (error: unknown) => {
        if (start === this.starts) this.refuse({ reason: error instanceof Error ? error.message : String(error), ofName: false }, config);
      },
    );
  }

  private startSignaling(config: RoomSessionConfig, cipher: RoomCipher | null): void {
    this.cipher = cipher;
    this.relay.stop();
    this.relay = this.makeRelay(cipher);
    const signaling = new RoomSignaling({
      cipher,
      session: browserSessionFor(config.serverUrl),
      roomId: config.roomId,
      username: config.username,
      // The list comes before the join, so the connections it brings start with it.
      beforeJoin: () => this.iceFeed?.ready() ?? Promise.resolve(),
      handlers: {
        // Links made under the old id are stale: peers will offer to the new one.
        onNewIdentity: () => this.mesh.close(),
        onJoined: (member, roomId, meshPeers, storage) => {
          this.mesh.setMeshSize(meshPeers);
          this.user = member;
          // A server that keeps no boards is not asked for them (its 404 would be a failed request in the console).
          if (storage) this.serverCopy?.joined(signaling);
          this.savedVersions = storage && this.sealing ? new SavedVersions(signaling, this.sealing) : null;
          this.parts.onConnected(member, roomId);
        },
        onAddPeer: ({ peer, offer }) => this.mesh.addPeer(peer, offer),
        onRemovePeer: ({ peer }) => this.mesh.removePeer(peer.id),
        onSessionDescription: ({ peer, data }) => void this.mesh.handleDescription(peer, data),
        onIceCandidate: ({ peer, data }) => void this.mesh.handleCandidate(peer, data),
        onFrames: ({ peer, frames }) => this.receiveRelayed(peer, frames),
        onStatus: (status) => {
          this.setStatus(status);
          if (status === 'connected') this.relay.resume();
        },
        onRefused: (refusal) => this.refuse(refusal, config),
        onError: (message) => this.parts.onError(message),
        onUnreadable: (peer, why) => this.unreadableFrom(peer, why),
      },
    });
    this.signaling = signaling;
    if (config.iceServers === undefined) {
      this.iceFeed = new IceServerFeed({
        fetchList: () => signaling.iceServers(),
        clock: systemClock,
        onChange: () => this.mesh.iceServersChanged(),
        onError: (message) => this.parts.onError(message),
      });
    }
    signaling.start();
  }

  /** Ends signaling, every link and what the relay still held; the session can start again. */
  private stop(): void {
    this.starts++;
    this.serverCopy?.end();
    this.serverCopy = null;
    this.sealing = null;
    this.savedVersions = null;
    this.cipher = null;
    this.unreadable.clear();
    this.links.stop();
    this.relay.stop();
    this.relay = this.makeRelay();
    this.signaling?.stop();
    this.signaling = null;
    this.iceFeed?.stop();
    this.iceFeed = null;
    this.mesh.close();
  }

  /** The room's board on the server: read at each join, this page's changes appended (persist="server"). */
  private makeServerCopy(cipher: Promise<RoomCipher> | null, roomId: string): ServerCopy {
    this.sealing = entrySealing(cipher, roomId);
    return new ServerCopy({
      ydoc: this.parts.document.ydoc,
      sealing: this.sealing,
      clock: systemClock,
      isFromPeer: (origin) => this.sync.isFromPeer(origin),
      onServerHolds: (stateVector, deleted) => this.sync.serverHolds(stateVector, deleted),
      onError: (message) => {
        this.parts.onError(message);
        // The status line says when the board became too large to save.
        this.host.requestUpdate();
      },
      onPageHidden,
    });
  }

  /** The links follow the mesh: its peers, and which of them it reaches through the server by design. */
  private followMesh(): void {
    this.links.update(this.mesh.peerStates, (peerId) => this.mesh.isBeyondMesh(peerId));
  }

  /** Frames a peer sent through the server: decoded, opened under the room key if there is one, and handed to its link. */
  private receiveRelayed(peer: User, frames: string[]): void {
    let bytes: Uint8Array[];
    try {
      bytes = frames.map(fromBase64);
    } catch {
      return this.parts.onError(`dropped relayed frames from peer ${peer.username} (${peer.id}): not base64`);
    }
    const cipher = this.cipher;
    if (!cipher) return this.links.relayedFrames(peer.id, bytes);
    const roomId = this.parts.config()?.roomId ?? '';
    this.relayedQueue = this.relayedQueue.then(async () => {
      const opened = await Promise.all(bytes.map((frame) => cipher.open(frame, { purpose: 'frame', roomId, from: peer.id })));
      if (cipher !== this.cipher) return;
      const readable = opened.filter((frame): frame is Uint8Array<ArrayBuffer> => frame !== null);
      if (readable.length < opened.length) this.unreadableFrom(peer, 'different room key?');
      if (readable.length > 0) this.links.relayedFrames(peer.id, readable);
    });
  }

  /** Says once per peer that its messages do not open, and keeps it for the status line. */
  private unreadableFrom(peer: User, why: string): void {
    if (this.unreadable.has(peer.id)) return;
    this.unreadable.set(peer.id, peer.username);
    this.parts.onError(`could not open messages from ${peer.username}: ${why}`);
    this.host.requestUpdate();
  }

  /**
   * Changes made on this page that no peer has shown it holds yet. A board without a server has no one to share
   * with, so nothing is waiting: 0.
   */
  get unsyncedChanges(): number {
    return this.status === 'local' ? 0 : this.sync.unsyncedChanges;
  }

  /** True once the server refused the board as too large to save: new changes stay on this device. */
  get tooLargeToSave(): boolean {
    return this.serverCopy?.tooLarge ?? false;
  }

  /**
   * Keeps the board as it is now among the room's saved versions on the server, before a change people may want
   * back (a clear, a restore): resolves true once kept, false when it could not be. Waits at most `withinMs`: the
   * change must not hang on a slow server. Null when this session keeps no versions: nothing to wait for.
   */
  keepVersion(withinMs = KEEP_VERSION_WITHIN_MS): Promise<boolean> | null {
    const copy = this.serverCopy;
    if (!copy || !this.savedVersions) return null;
    let giveUp: Cancel = () => {};
    const late = new Promise<boolean>((resolve) => (giveUp = systemClock.schedule(() => resolve(false), withinMs)));
    return Promise.race([copy.keepVersion(), late]).finally(() => giveUp());
  }

  /** True while a room key seals what crosses the server. */
  get encrypted(): boolean {
    return this.parts.config()?.roomKey !== undefined && this.status !== 'local' && this.status !== 'refused';
  }

  private updatePeers(): void {
    const before = new Map(this.peers.map((peer) => [peer.id, peer]));
    // Everyone the drawing reaches: over a data channel, or through the server relay.
    const relayed = new Set(this.links.relayed);
    this.peers = this.mesh.peerStates.filter(({ peer, state }) => hasOpenChannel(state) || relayed.has(peer.id)).map(({ peer }) => peer);
    const now = new Set(this.peers.map((peer) => peer.id));
    for (const peer of this.peers) if (!before.has(peer.id)) this.parts.onPeerJoined(peer);
    for (const [id, peer] of before) if (!now.has(id)) this.parts.onPeerLeft(peer);
    this.host.requestUpdate();
    this.parts.onMembersChanged();
  }

  /** Stops trying: signaling ends, drawing goes on locally, and the status says why. */
  private refuse({ reason, ofName }: Refusal, config: RoomSessionConfig): void {
    this.refusedName = ofName ? config.username : null;
    this.stop();
    this.setStatus('refused', reason);
  }

  private setStatus(status: RoomStatus, reason = ''): void {
    if (status === this.status && reason === this.statusReason) return;
    this.status = status;
    this.statusReason = reason;
    this.parts.onStatusChange(status, reason);
    this.host.requestUpdate();
  }
}
