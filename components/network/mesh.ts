import type { RelayEvent, User } from '../../protocol/signaling.js';
import { MeshPlan } from './mesh-pairs.js';
import { DEFAULT_MESH_TIMING, PeerReachability, describePeer, type MeshTiming, type PeerStatus } from './peer-reachability.js';
import { selectedRoute, type ChannelRoute } from './selected-route.js';

export { DEFAULT_MESH_TIMING, hasOpenChannel, type MeshTiming, type PeerState, type PeerStatus } from './peer-reachability.js';

export const DATA_CHANNEL_LABEL = 'updates';

export interface MeshHandlers {
  signal(peerId: string, event: RelayEvent, data: object): void;
  onChannelOpen(peer: User, channel: RTCDataChannel): void;
  /** The peer's data channel is gone: for now (it is being restored) or for good. */
  onPeerGone(peer: User): void;
  onMessage(peer: User, data: unknown): void;
  /** What `peerStates` or `connectedPeers` say has changed. */
  onPeersChanged(): void;
  /** No direct connection to `peer` has worked for a while (`report` says how long); the mesh keeps trying. */
  onUnreachable(peer: User, report: string): void;
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
  /** The route of the candidate pair in use, from getStats; null until it is known. */
  route: ChannelRoute | null;
  /** How many route checks were started: only the latest one's answer counts. */
  routeChecks: number;
}

/**
 * The mesh: one RTCPeerConnection and one `updates` data channel per remote peer it connects to directly, at most
 * the mesh size the server gives (MeshPlan says which peers; the others are reached through the server relay).
 * Connections that fail are restarted (ICE restart) or replaced, with backoff, without the server's help beyond
 * relaying the new offers. A peer stays wanted until the server says it left, however long it cannot be reached.
 */
export class PeerMesh {
  private readonly links = new Map<string, PeerLink>();
  /** Every peer the server says is in the room. */
  private readonly wanted = new Map<string, PeerReachability>();
  /** Which wanted peers this browser connects to directly. */
  private readonly plan = new MeshPlan();
  private watchdog: ReturnType<typeof setInterval> | undefined;
  /** What the handlers were last told `peerStates` and `connectedPeers` are, so they hear only of changes. */
  private reportedView = '';

  constructor(
    private readonly localId: () => string | undefined,
    private readonly iceServers: () => RTCIceServer[],
    private readonly handlers: MeshHandlers,
    private readonly timing: MeshTiming = DEFAULT_MESH_TIMING,
    /** The rest of each new connection's configuration, e.g. `{ iceTransportPolicy: 'relay' }` to hide addresses. */
    private readonly rtcConfiguration: () => Omit<RTCConfiguration, 'iceServers'> = () => ({}),
  ) {}

  /** Peers whose data channel is open. */
  get connectedPeers(): User[] {
    return [...this.links.values()].filter((link) => link.channel?.readyState === 'open').map((link) => link.peer);
  }

  /** Every peer the server says is in the room, and whether the drawing reaches it. */
  get peerStates(): ReadonlyArray<PeerStatus> {
    return [...this.wanted.values()].map(({ peer, state }) => ({ peer, state }));
  }

  /**
   * The server says a browser holds at most `meshPeers` direct connections (the join answer). Until it has, peers
   * wait; afterwards a new size closes and opens what it must.
   */
  setMeshSize(meshPeers: number): void {
    if (meshPeers === this.plan.size) return;
    this.plan.setSize(meshPeers);
    this.replan();
    // With no peers there is nothing to report.
    if (this.wanted.size > 0) this.update();
  }

  /** Whether the peer's traffic goes through the server relay because the pair is beyond the mesh size. */
  isBeyondMesh(peerId: string): boolean {
    return this.plan.isBeyond(peerId);
  }

  /** @internal — for tests: the connection to a peer, which a test closes as a network failure would. */
  connectionTo(peerId: string): RTCPeerConnection | undefined {
    return this.links.get(peerId)?.connection;
  }

  /** @internal — for tests: the data channel to a peer (null before it opens), to send on it directly. */
  channelTo(peerId: string): RTCDataChannel | null | undefined {
    return this.links.get(peerId)?.channel;
  }

  /**
   * The server says `peer` is in the room. A working connection to it is kept (this is a rejoin after the
   * server restarted); otherwise a new one starts, and the side told to offer opens the data channel.
   */
  addPeer(peer: User, offer: boolean): void {
    const known = this.wanted.get(peer.id);
    // A rejoin keeps how long the peer has been unreachable; only its name may be new.
    if (known) known.peer = peer;
    else this.wanted.set(peer.id, new PeerReachability(peer, performance.now(), this.timing));
    this.startWatchdog();
    const existing = this.links.get(peer.id);
    if (existing && isUsable(existing)) existing.peer = peer;
    // A rejoin of a peer reached directly: a new connection now. Else the plan decides, with the server's offer.
    else if (known && this.plan.size !== null && !this.plan.isBeyond(peer.id)) this.connect(peer, offer);
    else this.plan.announce(peer.id, offer);
    this.replan();
    this.update();
  }

  /** The server says `peer` left: close and forget it. */
  removePeer(peerId: string): void {
    const wanted = this.wanted.get(peerId);
    this.wanted.delete(peerId);
    this.plan.forget(peerId);
    if (!this.closeLink(peerId) && wanted) this.handlers.onPeerGone(wanted.peer);
    this.replan();
    this.update();
  }

  async handleDescription(peer: User, data: unknown): Promise<void> {
    const description = (data as { description?: RTCSessionDescriptionInit } | null)?.description;
    if (!description || (description.type !== 'offer' && description.type !== 'answer')) {
      return this.handlers.onError(`ignored a malformed session description from peer ${describePeer(peer)}`);
    }
    // A member beyond the mesh size offers only while its view of the room is behind ours: it will see it too.
    if (description.type === 'offer' && this.wanted.has(peer.id) && this.plan.isBeyond(peer.id)) return;
    let link = this.links.get(peer.id);
    // An offer for a connection this side has closed (or never had), or from a new connection of the peer's (it
    // replaced one that did not work), is answered on a new connection: it starts from the current configuration.
    if (description.type === 'offer' && (!link || isClosed(link) || isFromAnotherConnection(link, description))) {
      link = this.connect(peer, false);
    }
    if (!link) return;
    const collision = description.type === 'offer' && (link.makingOffer || link.connection.signalingState !== 'stable');
    link.ignoreOffer = !link.polite && collision;
    if (link.ignoreOffer) return;
    try {
      await this.accept(link, description);
    } catch (error) {
      if (description.type !== 'offer') return this.handlers.onError(`negotiation with peer ${describePeer(peer)} failed: ${String(error)}`);
      // An offer this connection cannot take (its state went wrong somehow): a new one can.
      try {
        const fresh = this.connect(peer, false);
        if (fresh) await this.accept(fresh, description);
      } catch (again) {
        this.handlers.onError(`negotiation with peer ${describePeer(peer)} failed: ${String(again)}`);
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
      if (!link.ignoreOffer) this.handlers.onError(`ICE candidate from peer ${describePeer(peer)} refused: ${String(error)}`);
    }
  }

  /**
   * The ICE server list changed (renewed TURN credentials, or the first list after a failed fetch): every
   * connection takes it, so that its next ICE restart gathers with it, and those not connected yet restart now
   * rather than wait to be replaced.
   */
  iceServersChanged(): void {
    const configuration: RTCConfiguration = { ...this.rtcConfiguration(), iceServers: this.iceServers() };
    for (const link of this.links.values()) {
      const { connection } = link;
      if (isClosed(link)) continue;
      try {
        connection.setConfiguration(configuration);
      } catch (error) {
        this.handlers.onError(`the connection to peer ${describePeer(link.peer)} refused the new ICE servers: ${String(error)}`);
        continue;
      }
      // Only once negotiated: a restart before the first answer would make this side offer too.
      if (connection.connectionState !== 'connected' && connection.remoteDescription && connection.signalingState === 'stable') connection.restartIce();
    }
  }

  /** Closes every connection and forgets every peer (leaving the room, or a new identity). */
  close(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    this.wanted.clear();
    this.plan.reset();
    for (const peerId of [...this.links.keys()]) this.closeLink(peerId);
    this.update();
  }

  /**
   * A new connection to `peer`, replacing any other; the offering side opens the data channel. None in a browser
   * without WebRTC: the peer stays listed (and unreachable), and the server relay carries the drawing.
   */
  private connect(peer: User, offer: boolean): PeerLink | undefined {
    if (typeof RTCPeerConnection !== 'function') return undefined;
    this.closeLink(peer.id);
    const link = this.createLink(peer);
    if (offer) this.attachChannel(link, link.connection.createDataChannel(DATA_CHANNEL_LABEL));
    // The link replaced may have had an open channel.
    this.update();
    return link;
  }

  /**
   * Follows the room: pairs beyond the mesh size close their connections (the relay takes their traffic), pairs
   * that became direct connect. A peer whose pair changed kind starts its reachability afresh.
   */
  private replan(): void {
    const localId = this.localId();
    if (localId === undefined) return;
    const { dropped, added } = this.plan.replan(localId, this.wanted.keys());
    const now = performance.now();
    for (const peerId of [...dropped, ...added.map((pair) => pair.peerId)]) {
      const wanted = this.wanted.get(peerId);
      if (wanted) this.wanted.set(peerId, new PeerReachability(wanted.peer, now, this.timing));
    }
    for (const peerId of [...this.links.keys()]) if (this.plan.isBeyond(peerId)) this.closeLink(peerId);
    for (const { peerId, offer } of added) {
      const wanted = this.wanted.get(peerId);
      const link = this.links.get(peerId);
      if (wanted && !(link && isUsable(link))) this.connect(wanted.peer, offer);
    }
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

  /** Restarts ICE on stalled connections and replaces broken ones, for as long as their peers are wanted. */
  private check(): void {
    const now = performance.now();
    // Undecided peers wait for the mesh size; those beyond it are the relay's.
    for (const wanted of this.wanted.values()) if (this.plan.size !== null && !this.plan.isBeyond(wanted.peer.id)) this.tend(wanted, now);
    this.update();
    if (this.wanted.size === 0) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
  }

  private tend(wanted: PeerReachability, now: number): void {
    const { peer } = wanted;
    const link = this.links.get(peer.id);
    // The higher id offers the replacement and the other waits for it, so they never cross.
    const offersReplacement = (this.localId() ?? '') > peer.id;
    if (link && link.channel?.readyState === 'open' && link.connection.connectionState === 'connected') {
      wanted.worked(now);
      link.iceRestarted = false;
      return;
    }
    if (!link || isClosed(link)) {
      // Closed under us (or by the peer): restore it at once.
      if (offersReplacement) this.connect(peer, true);
      else if (link) this.connect(peer, false);
      return;
    }
    if (link.connection.connectionState === 'disconnected' && !link.iceRestarted && wanted.stalledFor(link.createdAt, now) >= this.timing.iceRestartAfterMs) {
      link.iceRestarted = true;
      link.connection.restartIce();
      return;
    }
    // Time decides, not the connection state: one with no usable candidate stays new/checking, it never fails.
    if (offersReplacement && wanted.replacementDue(link.createdAt, now)) {
      wanted.replaced();
      this.connect(peer, true);
    }
  }

  /**
   * Brings every peer's state up to date, reports each peer that just became unreachable, and tells the handlers
   * when what `peerStates` or `connectedPeers` say has changed (not on every check).
   */
  private update(): void {
    const now = performance.now();
    for (const wanted of this.wanted.values()) {
      // Not "can't reach": the relay carries it by design.
      if (this.plan.isBeyond(wanted.peer.id)) continue;
      const state = wanted.update(openChannelRoute(this.links.get(wanted.peer.id)), now);
      if (state === 'unreachable') this.handlers.onUnreachable(wanted.peer, wanted.unreachableReport(now));
    }
    const beyondMesh = [...this.wanted.keys()].filter((peerId) => this.plan.isBeyond(peerId));
    const view = JSON.stringify([this.peerStates, this.connectedPeers.map((peer) => peer.id), beyondMesh]);
    if (view === this.reportedView) return;
    this.reportedView = view;
    this.handlers.onPeersChanged();
  }

  /** Reads which candidate pair the connection uses, and so whether its channel goes direct or through TURN. */
  private checkRoute(link: PeerLink): void {
    const check = ++link.routeChecks;
    const isLatest = () => this.links.get(link.peer.id) === link && link.routeChecks === check;
    link.connection.getStats().then(
      (report) => {
        const route = selectedRoute(report.values());
        // No pair selected at this moment (mid-restart): the last route known stands until the next check.
        if (!isLatest() || route === null || route === link.route) return;
        link.route = route;
        this.update();
      },
      (error: unknown) => {
        if (isLatest() && !isClosed(link)) this.handlers.onError(`could not read how the connection to peer ${describePeer(link.peer)} goes: ${String(error)}`);
      },
    );
  }

  private createLink(peer: User): PeerLink {
    const connection = new RTCPeerConnection({ ...this.rtcConfiguration(), iceServers: this.iceServers() });
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
      route: null,
      routeChecks: 0,
    };
    this.links.set(peer.id, link);

    connection.onnegotiationneeded = async () => {
      try {
        link.makingOffer = true;
        await connection.setLocalDescription();
        this.handlers.signal(peer.id, 'session-description', { description: connection.localDescription });
      } catch (error) {
        this.handlers.onError(`offer to peer ${describePeer(peer)} failed: ${String(error)}`);
      } finally {
        link.makingOffer = false;
      }
    };
    connection.onicecandidate = ({ candidate }) => {
      if (candidate) this.handlers.signal(peer.id, 'ice-candidate', { candidate: candidate.toJSON() });
    };
    // An ICE restart, or a network change, can move the connection to another pair: direct, or through TURN.
    connection.oniceconnectionstatechange = () => {
      if (connection.iceConnectionState === 'connected' || connection.iceConnectionState === 'completed') this.checkRoute(link);
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
      this.checkRoute(link);
      // ICE may also settle on a better pair later without changing its state; the transport exists by now.
      link.connection.sctp?.transport.iceTransport.addEventListener('selectedcandidatepairchange', () => this.checkRoute(link));
      this.wanted.get(link.peer.id)?.worked(performance.now());
      this.handlers.onChannelOpen(link.peer, channel);
      this.update();
    };
    // The peer closed its side, or the connection broke: the watchdog restores it while the peer is wanted.
    channel.onclose = () => {
      if (this.links.get(link.peer.id) !== link) return;
      this.closeLink(link.peer.id);
      this.update();
    };
    channel.onmessage = ({ data }) => this.handlers.onMessage(link.peer, data);
  }
}

/** Each RTCPeerConnection has its own certificate: another DTLS fingerprint means another connection. */
const fingerprintOf = (sdp: string | undefined) => /^a=fingerprint:(.+)$/m.exec(sdp ?? '')?.[1]?.trim() ?? null;

const isFromAnotherConnection = (link: PeerLink, description: RTCSessionDescriptionInit) => {
  const current = link.connection.remoteDescription;
  return current !== null && fingerprintOf(current.sdp) !== fingerprintOf(description.sdp);
};

/**
 * The route of the link's open channel, null when none is open. ICE selects its pair before DTLS and SCTP open the
 * channel, so the route is nearly always known by then; until getStats answers, the channel counts as direct.
 */
const openChannelRoute = (link: PeerLink | undefined): ChannelRoute | null =>
  link?.channel?.readyState === 'open' ? (link.route ?? 'direct') : null;

const isClosed = (link: PeerLink) => link.connection.connectionState === 'closed' || link.connection.signalingState === 'closed';

/** A link worth keeping: open, or still on its way to open. */
const isUsable = (link: PeerLink) =>
  !isClosed(link) &&
  link.connection.connectionState !== 'failed' &&
  (link.channel?.readyState === 'open' || ['new', 'connecting'].includes(link.connection.connectionState));
