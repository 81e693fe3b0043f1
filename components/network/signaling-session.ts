import type { AccessGrant, ServerEvent, ServerEvents, User } from '../../protocol/signaling.js';
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
import { SignalingHttp, type Fetch } from './signaling-http.js';
import { SignalingStream, type EventSourceFactory } from './signaling-stream.js';

export type { SignalingStatus } from './reconnect-machine.js';

export interface SessionHandlers {
  /** The stream is open (again): members join their rooms now. `user` is who the stream belongs to. */
  onConnected(user: User): void;
  /** The server no longer accepted our token (its secret changed) and gave us a new user id. */
  onNewIdentity(user: User): void;
  /** The token changed (a new one, a renewal): requests made from now on use it. */
  onAccess(access: AccessGrant): void;
  /** An event for one of the user's members (add-peer, relayed signaling, frames…). */
  onEvent(event: MemberEvent): void;
  onStatus(status: SignalingStatus): void;
  /** The server refused the session for a reason retrying cannot fix (its name): signaling stopped. */
  onRefused(refusal: Refusal): void;
  onError(message: string): void;
}

/** The stream's events that are meant for one member (they carry `to`). */
export type MemberEvent = ServerEvent<MemberEventName>;
export type MemberEventName = 'add-peer' | 'remove-peer' | 'session-description' | 'ice-candidate' | 'frames';

export interface SessionOptions {
  serverUrl: string;
  username: string;
  handlers: SessionHandlers;
  /** A token another tab had: renewed first, so the user, and the members' ids, stay the same. */
  access?: AccessGrant | null;
  /** What the browser gives, unless a test stands in for the server, the network or time. */
  fetch?: Fetch;
  EventSource?: EventSourceFactory;
  clock?: Clock;
  connectivity?: Connectivity;
  /** A draw in [0, 1) for the jitter of each wait. */
  random?: () => number;
}

/**
 * A browser's signaling session with the draw-room server: one token (one user) and one event stream, whatever
 * the number of widgets and tabs (they share it: see browser-session.ts; each widget joins its room as a member,
 * see room-signaling.ts). The requests are SignalingHttp's, the policy (when to retry, when to give up) is the
 * reconnect machine's; this class runs what each state asks for. Whenever the stream drops (server restart,
 * network flap, expired token) it reconnects with backoff, renewing the token or getting a new one as needed.
 * Tokens are renewed before they expire.
 */
export class SignalingSession {
  private state: ReconnectState = IDLE;
  private reportedStatus: SignalingStatus | null = null;
  private currentAccess: AccessGrant | null;
  private stream: SignalingStream | null = null;
  private username: string;
  private cancelRetry: Cancel = noop;
  private cancelRenewal: Cancel = noop;
  private stopWatchingConnectivity: Cancel = noop;
  readonly http: SignalingHttp;
  private readonly EventSourceImpl: EventSourceFactory;
  private readonly clock: Clock;
  private readonly connectivity: Connectivity;
  private readonly random: () => number;
  private readonly handlers: SessionHandlers;

  constructor(options: SessionOptions) {
    this.http = new SignalingHttp(absoluteServerUrl(options.serverUrl), options.fetch ?? ((url, init) => fetch(url, init)));
    this.EventSourceImpl = options.EventSource ?? EventSource;
    this.clock = options.clock ?? systemClock;
    this.connectivity = options.connectivity ?? browserConnectivity;
    this.random = options.random ?? Math.random;
    this.handlers = options.handlers;
    this.username = options.username;
    this.currentAccess = options.access ?? null;
  }

  /** The name to ask for in later tokens (members show their own names in their rooms). */
  setUsername(username: string): void {
    this.username = username;
  }

  get access(): AccessGrant | null {
    return this.currentAccess;
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

  /**
   * A request with `token` was answered 401: renews now, unless a newer token is already at hand. Resolves with
   * the token to try again with, or null when there is none (the stream's reconnect will get a new identity).
   */
  async renewAfterRefusal(token: string): Promise<AccessGrant | null> {
    const current = this.currentAccess;
    if (!current || !isRunning(this.state)) return null;
    if (current.token !== token) return current;
    await this.renew();
    const renewed = this.currentAccess;
    return renewed && renewed.token !== token ? renewed : null;
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

  /** One attempt: a usable token, then the stream; connected when the server says so on it. */
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
    this.useAccess(access);
    this.scheduleRenewal(tokenRenewalDelay(access.expiresAt, this.clock.now()));
    if (this.state === attempt) this.openStream(access, attempt);
  }

  /** The current token renewed (same user), or a new user's when the server no longer accepts it. */
  private async usableAccess(): Promise<AccessGrant> {
    const current = this.currentAccess;
    if (current) {
      const renewed = await this.http.refreshAccess(current.token, this.username);
      if (renewed) return renewed;
      // Refused because the renewal timer refreshed it meanwhile (a token is replaced by its refresh): use that.
      if (this.currentAccess !== current && this.currentAccess) return this.currentAccess;
    }
    return this.http.requestAccess(this.username);
  }

  private useAccess(access: AccessGrant): void {
    const previous = this.currentAccess;
    this.currentAccess = access;
    if (previous && previous.user.id !== access.user.id) this.handlers.onNewIdentity(access.user);
    this.handlers.onAccess(access);
  }

  private openStream(access: AccessGrant, attempt: ConnectingState): void {
    this.closeStream();
    const lose = (loss: StreamLoss) => this.moveTo(streamLost(this.state, loss, this.circumstances()));
    const forward = <Name extends MemberEventName>(event: Name) => (data: ServerEvents[Name]) => this.handlers.onEvent({ event, data } as MemberEvent);
    this.stream = new SignalingStream(this.EventSourceImpl, this.http.streamUrl(access.token), {
      events: {
        connected: () => {
          if (this.state !== attempt) return;
          this.moveTo(joined(attempt));
          this.handlers.onConnected(access.user);
        },
        'add-peer': forward('add-peer'),
        'remove-peer': forward('remove-peer'),
        'session-description': forward('session-description'),
        'ice-candidate': forward('ice-candidate'),
        frames: forward('frames'),
        'server-restart': ({ retryAfterMs }) => lose({ kind: 'server-restart', retryAfterMs }),
        expired: () => lose({ kind: 'expired' }),
      },
      onDropped: () => lose({ kind: 'dropped' }),
      onMalformed: (name, problem) => this.handlers.onError(`ignored a malformed ${name} event: ${problem}`),
    });
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
    const current = this.currentAccess;
    if (!current || !isRunning(this.state)) return;
    let renewed: AccessGrant | null;
    try {
      renewed = await this.http.refreshAccess(current.token, this.username);
    } catch (error) {
      this.handlers.onError(`could not renew the token: ${messageOf(error)}`);
      if (isRunning(this.state) && this.currentAccess === current) this.scheduleRenewal(renewalRetryDelay(current.expiresAt, this.clock.now()));
      return;
    }
    // Replaced meanwhile by an attempt's own refresh, which scheduled the next renewal itself.
    if (!renewed || this.currentAccess !== current || !isRunning(this.state)) return;
    this.useAccess(renewed);
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

/** Absolute, so messages name the server even when the page gave a relative URL such as "/"; no trailing slash. */
export function absoluteServerUrl(serverUrl: string): string {
  return new URL(serverUrl, globalThis.location?.href).href.replace(/\/+$/, '');
}

const noop: Cancel = () => {};
