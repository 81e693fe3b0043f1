import type { IceServersAnswer } from '../../protocol/ice-servers.js';
import type { FramesReceipt, FramesUpload } from '../../protocol/relay-frames.js';
import type { AccessGrant, RelayEvent, ServerEvents, User } from '../../protocol/signaling.js';
import { browserConnectivity, systemClock, type Cancel, type Clock, type Connectivity } from './clock.js';
import {
  IDLE,
  attemptFailed,
  cameOnline,
  isRunning,
  joined,
  messageOf,
  retryDue,
  started,
  statusOf,
  streamLost,
  wentOffline,
  type Circumstances,
  type ConnectingState,
  type ReconnectState,
  type SignalingStatus,
  type StreamLoss,
} from './reconnect-machine.js';
import { renewalRetryDelay, tokenRenewalDelay } from './reconnect-timing.js';
import type { Refusal } from './server-refusal.js';
import { ServerAnswerError, SignalingHttp, type Fetch } from './signaling-http.js';
import { SignalingStream, type EventSourceFactory } from './signaling-stream.js';

export type { SignalingStatus } from './reconnect-machine.js';

export interface SignalingHandlers {
  /** The room is joined; the server allows `meshPeers` direct connections per browser (MAX_MESH_PEERS). */
  onJoined(user: User, roomId: string, meshPeers: number): void;
  /** The server no longer accepted our token (its secret changed) and gave us a new user id. */
  onNewIdentity(user: User): void;
  onAddPeer(event: ServerEvents['add-peer']): void;
  onRemovePeer(event: ServerEvents['remove-peer']): void;
  onSessionDescription(event: ServerEvents['session-description']): void;
  onIceCandidate(event: ServerEvents['ice-candidate']): void;
  /** Drawing frames a peer sent through the server relay (POST /frames). */
  onFrames?(event: ServerEvents['frames']): void;
  onStatus(status: SignalingStatus): void;
  /** The server refused us for a reason retrying cannot fix (room full, invalid room id or name): signaling stopped. */
  onRefused(refusal: Refusal): void;
  onError(message: string): void;
}

export interface SignalingOptions {
  serverUrl: string;
  roomId: string;
  username: string;
  handlers: SignalingHandlers;
  /** What the browser gives, unless a test stands in for the server, the network or time. */
  fetch?: Fetch;
  EventSource?: EventSourceFactory;
  clock?: Clock;
  connectivity?: Connectivity;
  /** A draw in [0, 1) for the jitter of each wait. */
  random?: () => number;
  /**
   * Awaited before each join, once a token is at hand: the ICE server list is fetched then, so the connections
   * to the peers the join announces start with it. It must not reject.
   */
  beforeJoin?: () => Promise<void>;
}

/**
 * Talks to the draw-room server: token, event stream, room join and relayed signaling. The requests are
 * SignalingHttp's, the policy (when to retry, when to give up) is the reconnect machine's; this class runs
 * what each state asks for. Whenever the stream drops (server restart, network flap, expired token) it
 * reconnects with backoff, renewing the token or getting a new one as needed, and joins the room again.
 * Tokens are renewed before they expire.
 */
export class SignalingClient {
  private state: ReconnectState = IDLE;
  private reportedStatus: SignalingStatus | null = null;
  private access: AccessGrant | null = null;
  private stream: SignalingStream | null = null;
  private username: string;
  private cancelRetry: Cancel = noop;
  private cancelRenewal: Cancel = noop;
  private stopWatchingConnectivity: Cancel = noop;
  // Relays are sent one after another so a peer never gets an ICE candidate before its offer.
  private relayQueue: Promise<void> = Promise.resolve();
  private readonly http: SignalingHttp;
  private readonly EventSourceImpl: EventSourceFactory;
  private readonly clock: Clock;
  private readonly connectivity: Connectivity;
  private readonly random: () => number;
  private readonly handlers: SignalingHandlers;
  private readonly roomId: string;
  private readonly beforeJoin: () => Promise<void>;

  constructor(options: SignalingOptions) {
    // Absolute, so messages name the server even when the page gave a relative URL such as "/".
    const baseUrl = new URL(options.serverUrl, globalThis.location?.href).href.replace(/\/+$/, '');
    this.http = new SignalingHttp(baseUrl, options.fetch ?? ((url, init) => fetch(url, init)));
    this.EventSourceImpl = options.EventSource ?? EventSource;
    this.clock = options.clock ?? systemClock;
    this.connectivity = options.connectivity ?? browserConnectivity;
    this.random = options.random ?? Math.random;
    this.handlers = options.handlers;
    this.roomId = options.roomId;
    this.username = options.username;
    this.beforeJoin = options.beforeJoin ?? (() => Promise.resolve());
  }

  /** The name to ask for in later tokens; the others see the new name through presence at once. */
  setUsername(username: string): void {
    this.username = username;
  }

  get currentUser(): User | null {
    return this.access?.user ?? null;
  }

  /** Where the reconnect policy stands; for tests and diagnostics. */
  get connectionState(): ReconnectState {
    return this.state;
  }

  start(): void {
    if (isRunning(this.state)) return;
    this.stopWatchingConnectivity = this.connectivity.watch(
      () => this.moveTo(cameOnline(this.state, this.circumstances())),
      () => this.moveTo(wentOffline(this.state)),
    );
    this.moveTo(started(this.circumstances()));
  }

  /** Stops for good: closes the stream and leaves nothing scheduled. */
  stop(): void {
    this.moveTo(IDLE);
  }

  relay(peerId: string, event: RelayEvent, data: object): Promise<void> {
    const send = async () => {
      const access = this.access;
      if (!access || !isRunning(this.state)) return;
      try {
        await this.http.relay(access.token, peerId, event, data);
      } catch (error) {
        // Sent with the token a renewal replaced while it was on its way: once more with the new one.
        const renewed = this.access;
        if (!(error instanceof ServerAnswerError && error.status === 401 && renewed && renewed !== access)) throw error;
        await this.http.relay(renewed.token, peerId, event, data);
      }
    };
    this.relayQueue = this.relayQueue.then(send).catch((error: unknown) => {
      const detail = error instanceof ServerAnswerError ? error.detail : messageOf(error);
      this.handlers.onError(`relay of ${event} to peer ${peerId} failed: ${detail}`);
    });
    return this.relayQueue;
  }

  /** POST /frames with the current token (once more with a renewed one if a renewal overtook it). */
  async sendFrames(upload: FramesUpload): Promise<FramesReceipt> {
    const access = this.access;
    if (!access || !isRunning(this.state)) throw new Error('not connected to the server');
    try {
      return await this.http.frames(access.token, upload);
    } catch (error) {
      const renewed = this.access;
      if (!(error instanceof ServerAnswerError && error.status === 401 && renewed && renewed !== access)) throw error;
      return await this.http.frames(renewed.token, upload);
    }
  }

  /** GET /ice-servers with the current token (once more with a renewed one if a renewal overtook it). */
  async iceServers(): Promise<IceServersAnswer> {
    const access = this.access;
    if (!access) throw new Error('no token yet');
    try {
      return await this.http.iceServers(access.token);
    } catch (error) {
      const detail = error instanceof ServerAnswerError ? error.detail : messageOf(error);
      const renewed = this.access;
      if (error instanceof ServerAnswerError && error.status === 401 && renewed && renewed !== access) return this.http.iceServers(renewed.token);
      throw new Error(`GET /ice-servers from ${this.http.baseUrl} failed: ${detail}`, { cause: error });
    }
  }

  /** Enters `next` and does what it asks: run an attempt, schedule the retry, close the stream, or stop. */
  private moveTo(next: ReconnectState): void {
    if (next === this.state) return;
    this.state = next;
    this.cancelRetry();
    this.cancelRetry = noop;
    if (next.kind !== 'connecting' && next.kind !== 'connected') this.closeStream();
    if (!isRunning(next)) {
      this.cancelRenewal();
      this.cancelRenewal = noop;
      this.stopWatchingConnectivity();
      this.stopWatchingConnectivity = noop;
    }
    this.reportStatus(next);
    switch (next.kind) {
      case 'connecting':
        void this.attempt(next);
        break;
      case 'waiting':
        this.cancelRetry = this.clock.schedule(
          () => this.moveTo(retryDue(this.state, this.circumstances())),
          Math.max(0, next.retryAt - this.clock.now()),
        );
        break;
      case 'refused':
        this.handlers.onError(`${next.refusal.reason} (${next.cause})`);
        this.handlers.onRefused(next.refusal);
        break;
      case 'idle':
      case 'connected':
      case 'offline':
        break;
    }
  }

  /** One attempt: a usable token, then the stream; the join follows when the server says `connected`. */
  private async attempt(attempt: ConnectingState): Promise<void> {
    let access: AccessGrant;
    try {
      access = await this.usableAccess();
    } catch (error) {
      if (this.state !== attempt) return;
      this.failAttempt(attempt, error, `cannot reach the draw-room server at ${this.http.baseUrl}`);
      return;
    }
    if (!isRunning(this.state)) return;
    // Kept even when this attempt was overtaken (offline and back): its refresh replaced the old token.
    const previous = this.access;
    this.access = access;
    if (previous && previous.user.id !== access.user.id) this.handlers.onNewIdentity(access.user);
    this.scheduleRenewal(tokenRenewalDelay(access.expiresAt, this.clock.now()));
    if (this.state === attempt) this.openStream(access, attempt);
  }

  /** The current token renewed (same user), or a new user's when the server no longer accepts it. */
  private async usableAccess(): Promise<AccessGrant> {
    const current = this.access;
    if (current) {
      const renewed = await this.http.refreshAccess(current.token, this.username);
      if (renewed) return renewed;
      // Refused because the renewal timer refreshed it meanwhile (a token is replaced by its refresh): use that.
      if (this.access !== current && this.access) return this.access;
    }
    return this.http.requestAccess(this.username);
  }

  private openStream(access: AccessGrant, attempt: ConnectingState): void {
    this.closeStream();
    const lose = (loss: StreamLoss) => this.moveTo(streamLost(this.state, loss, this.circumstances()));
    this.stream = new SignalingStream(this.EventSourceImpl, this.http.streamUrl(access.token), {
      events: {
        connected: () => void this.join(access, attempt),
        'add-peer': (data) => this.handlers.onAddPeer(data),
        'remove-peer': (data) => this.handlers.onRemovePeer(data),
        'session-description': (data) => this.handlers.onSessionDescription(data),
        'ice-candidate': (data) => this.handlers.onIceCandidate(data),
        'server-restart': ({ retryAfterMs }) => lose({ kind: 'server-restart', retryAfterMs }),
        expired: () => lose({ kind: 'expired' }),
        frames: (data) => this.handlers.onFrames?.(data),
      },
      onDropped: () => lose({ kind: 'dropped' }),
      onMalformed: (name, problem) => this.handlers.onError(`ignored a malformed ${name} event: ${problem}`),
    });
  }

  private async join(access: AccessGrant, attempt: ConnectingState): Promise<void> {
    await this.beforeJoin().catch((error: unknown) => this.handlers.onError(messageOf(error)));
    if (this.state !== attempt) return;
    let meshPeers: number;
    try {
      ({ meshPeers } = await this.http.join(this.roomId, access.token));
    } catch (error) {
      // A network error, a 5xx, or the stream not yet registered on the server: the machine says whether to retry.
      if (this.state === attempt) this.failAttempt(attempt, error, `cannot join room ${this.roomId}`);
      return;
    }
    if (this.state !== attempt) return;
    this.moveTo(joined(attempt));
    this.handlers.onJoined(access.user, this.roomId, meshPeers);
  }

  private failAttempt(attempt: ConnectingState, error: unknown, doing: string): void {
    const next = attemptFailed(attempt, error, this.circumstances());
    // A refusal says so itself, in its own words.
    if (next.kind !== 'refused') this.handlers.onError(`${doing}: ${messageOf(error)}`);
    this.moveTo(next);
  }

  /**
   * Renews the token before it expires; the server then keeps the open stream going with the new one. A
   * refused renewal is not tried again: the stream ends with `expired` and the reconnect gets a new token.
   */
  private scheduleRenewal(delayMs: number): void {
    this.cancelRenewal();
    this.cancelRenewal = this.clock.schedule(() => void this.renew(), delayMs);
  }

  private async renew(): Promise<void> {
    const current = this.access;
    if (!current || !isRunning(this.state)) return;
    let renewed: AccessGrant | null;
    try {
      renewed = await this.http.refreshAccess(current.token, this.username);
    } catch (error) {
      this.handlers.onError(`could not renew the token: ${messageOf(error)}`);
      if (isRunning(this.state) && this.access === current) this.scheduleRenewal(renewalRetryDelay(current.expiresAt, this.clock.now()));
      return;
    }
    // Replaced meanwhile by an attempt's own refresh, which scheduled the next renewal itself.
    if (!renewed || this.access !== current || !isRunning(this.state)) return;
    this.access = renewed;
    this.scheduleRenewal(tokenRenewalDelay(renewed.expiresAt, this.clock.now()));
  }

  private closeStream(): void {
    this.stream?.close();
    this.stream = null;
  }

  private reportStatus(state: ReconnectState): void {
    const status = statusOf(state);
    if (status === null || status === this.reportedStatus) return;
    this.reportedStatus = status;
    this.handlers.onStatus(status);
  }

  private circumstances(): Circumstances {
    return { now: this.clock.now(), online: this.connectivity.isOnline(), random: this.random() };
  }
}

const noop: Cancel = () => {};
