import type { AccessGrant as Access, RelayEvent, ServerEvents, User } from '../../protocol/signaling.js';
import { nextRetryDelay, tokenRenewalDelay } from './reconnect-timing.js';
import { ServerAnswerError, refusalOf, retryAfterMs, type Refusal } from './server-refusal.js';

/**
 * connecting: the first connection is being made; connected: signaling is up; reconnecting: it dropped and is
 * being made again (peer connections may still carry the drawing); offline: the browser has no network.
 */
export type SignalingStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface SignalingHandlers {
  onJoined(user: User, roomId: string): void;
  /** The server no longer accepted our token (its secret changed) and gave us a new user id. */
  onNewIdentity(user: User): void;
  onAddPeer(event: ServerEvents['add-peer']): void;
  onRemovePeer(event: ServerEvents['remove-peer']): void;
  onSessionDescription(event: ServerEvents['session-description']): void;
  onIceCandidate(event: ServerEvents['ice-candidate']): void;
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
}

/**
 * Talks to the draw-room server: token, event stream, room join and relayed signaling. Whenever the stream
 * drops (server restart, network flap, expired token) it reconnects with exponential backoff and jitter,
 * renewing the token or getting a new one as needed, and joins the room again. Tokens are renewed before
 * they expire.
 */
export class SignalingClient {
  private source: EventSource | null = null;
  private access: Access | null = null;
  private stopped = true;
  private everConnected = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  // Relays are sent one after another so a peer never gets an ICE candidate before its offer.
  private relayQueue: Promise<void> = Promise.resolve();
  private readonly baseUrl: string;
  // Back online: reconnect now rather than at the end of the backoff (a stream still open needs nothing).
  private readonly onOnline = () => {
    if (!this.source) this.reconnectSoon(0);
  };
  private readonly onOffline = () => {
    this.closeStream();
    this.setStatus('offline');
  };

  private username: string;

  constructor(private readonly options: SignalingOptions) {
    // Absolute, so messages name the server even when the page gave a relative URL such as "/".
    this.baseUrl = new URL(options.serverUrl, location.href).href.replace(/\/+$/, '');
    this.username = options.username;
  }

  /** The name to ask for in later tokens; the others see the new name through presence at once. */
  setUsername(username: string): void {
    this.username = username;
  }

  get currentUser(): User | null {
    return this.access?.user ?? null;
  }

  start(): void {
    this.stopped = false;
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
    this.setStatus('connecting');
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    clearTimeout(this.retryTimer);
    clearTimeout(this.renewTimer);
    this.closeStream();
  }

  relay(peerId: string, event: RelayEvent, data: object): Promise<void> {
    const post = (token: string) =>
      fetch(`${this.baseUrl}/relay/${encodeURIComponent(peerId)}/${event}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(data),
      });
    const send = async () => {
      const access = this.access;
      if (!access || this.stopped) return;
      let response = await post(access.token);
      // Sent with the token a renewal replaced while it was on its way: once more with the new one.
      if (response.status === 401 && this.access && this.access !== access) response = await post(this.access.token);
      if (!response.ok) {
        this.options.handlers.onError(`relay of ${event} to peer ${peerId} failed: ${await errorText(response)}`);
      }
    };
    this.relayQueue = this.relayQueue.then(send).catch((error: unknown) => {
      this.options.handlers.onError(`relay of ${event} to peer ${peerId} failed: ${messageOf(error)}`);
    });
    return this.relayQueue;
  }

  /** Gets a usable token, opens the stream, and joins once the server says `connected`. */
  private async connect(): Promise<void> {
    clearTimeout(this.retryTimer);
    if (this.stopped) return;
    if (navigator.onLine === false) return this.setStatus('offline');
    const previous = this.access?.user.id;
    try {
      this.access = await this.usableAccess();
      if (previous && previous !== this.access.user.id) this.options.handlers.onNewIdentity(this.access.user);
    } catch (error) {
      if (this.refuseFor(error)) return;
      this.options.handlers.onError(`cannot reach the draw-room server at ${this.baseUrl}: ${messageOf(error)}`);
      return this.reconnectSoon(retryDelayFor(error, this.failures++));
    }
    if (this.stopped) return;
    this.scheduleRenewal();
    this.openStream(this.access);
  }

  /** The current token renewed (same user), or a new user's when the server no longer accepts it. */
  private async usableAccess(): Promise<Access> {
    const current = this.access;
    if (current) {
      const renewed = await this.requestAccess('/access/refresh', current.token);
      if (renewed) return renewed;
      // Refused because the renewal timer refreshed it meanwhile (a token is replaced by its refresh): use that.
      if (this.access !== current && this.access) return this.access;
    }
    const fresh = await this.requestAccess('/access');
    if (!fresh) throw new ServerAnswerError('POST /access', 401, { error: 'refused' }, null);
    return fresh;
  }

  /** POST /access or /access/refresh: the access, or null when the token was refused; throws when unreachable. */
  private async requestAccess(path: '/access' | '/access/refresh', token?: string): Promise<Access | null> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ username: this.username }),
    });
    if (response.status === 401) return null;
    if (!response.ok) throw await ServerAnswerError.from(`POST ${path}`, response);
    return (await response.json()) as Access;
  }

  private openStream(access: Access): void {
    this.closeStream();
    const source = new EventSource(`${this.baseUrl}/connect?token=${encodeURIComponent(access.token)}`);
    this.source = source;
    source.addEventListener('connected', () => void this.joinRoom(access));
    this.listen(source, 'add-peer', (data) => this.options.handlers.onAddPeer(data));
    this.listen(source, 'remove-peer', (data) => this.options.handlers.onRemovePeer(data));
    this.listen(source, 'session-description', (data) => this.options.handlers.onSessionDescription(data));
    this.listen(source, 'ice-candidate', (data) => this.options.handlers.onIceCandidate(data));
    this.listen(source, 'server-restart', ({ retryAfterMs }) => {
      this.closeStream();
      this.failures = 0;
      // Jittered, so the clients of a restarted server do not all come back in the same instant.
      this.reconnectSoon(Math.max(0, Number(retryAfterMs) || 0) * (1 + Math.random()));
    });
    this.listen(source, 'expired', () => {
      this.closeStream();
      this.reconnectSoon(0);
    });
    // EventSource's own retry has a fixed delay and cannot renew a token: this client retries instead.
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      this.closeStream();
      this.reconnectSoon();
    });
  }

  private async joinRoom(access: Access): Promise<void> {
    try {
      const response = await fetch(`${this.baseUrl}/${encodeURIComponent(this.options.roomId)}/join`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${access.token}` },
      });
      if (!response.ok) throw await ServerAnswerError.from(`POST /${this.options.roomId}/join`, response);
      this.failures = 0;
      this.everConnected = true;
      this.setStatus('connected');
      this.options.handlers.onJoined(access.user, this.options.roomId);
    } catch (error) {
      this.closeStream();
      if (this.refuseFor(error)) return;
      // A network error, a 5xx, or the stream not yet registered on the server: try again.
      this.options.handlers.onError(`cannot join room ${this.options.roomId}: ${messageOf(error)}`);
      this.reconnectSoon(retryDelayFor(error, this.failures++));
    }
  }

  /** Stops for good when the server's answer says retrying cannot help; true when it did. */
  private refuseFor(error: unknown): boolean {
    const refusal = refusalOf(error);
    if (refusal === null) return false;
    this.options.handlers.onError(`${refusal.reason} (${messageOf(error)})`);
    this.stop();
    this.options.handlers.onRefused(refusal);
    return true;
  }

  /** Tries again after `delayMs`, by default the next step of the backoff. */
  private reconnectSoon(delayMs = nextRetryDelay(this.failures++)): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    if (navigator.onLine === false) return this.setStatus('offline');
    this.setStatus(this.everConnected ? 'reconnecting' : 'connecting');
    this.retryTimer = setTimeout(() => void this.connect(), delayMs);
  }

  /** Renews the token before it expires; the server then keeps the open stream going with the new one. */
  private scheduleRenewal(): void {
    clearTimeout(this.renewTimer);
    if (!this.access) return;
    this.renewTimer = setTimeout(async () => {
      const current = this.access;
      if (!current || this.stopped) return;
      try {
        const renewed = await this.requestAccess('/access/refresh', current.token);
        // Refused: the stream ends with `expired` and the reconnect gets a new token.
        if (renewed && this.access === current) this.access = renewed;
      } catch (error) {
        this.options.handlers.onError(`could not renew the token: ${messageOf(error)}`);
      }
      this.scheduleRenewal();
    }, tokenRenewalDelay(this.access.expiresAt, Date.now()));
  }

  private closeStream(): void {
    this.source?.close();
    this.source = null;
  }

  private setStatus(status: SignalingStatus): void {
    this.options.handlers.onStatus(status);
  }

  private listen<Name extends keyof ServerEvents>(
    source: EventSource,
    name: Name,
    handle: (data: ServerEvents[Name]) => void,
  ): void {
    source.addEventListener(name, (event) => {
      if (this.source !== source) return;
      try {
        handle(JSON.parse((event as MessageEvent<string>).data) as ServerEvents[Name]);
      } catch (error) {
        this.options.handlers.onError(`ignored a malformed ${name} event: ${messageOf(error)}`);
      }
    });
  }
}

async function errorText(response: Response): Promise<string> {
  return (await ServerAnswerError.from('', response)).detail;
}

/** The server's Retry-After when it sent one (503, 429), else the next step of the backoff. */
function retryDelayFor(error: unknown, failures: number): number {
  return retryAfterMs(error) ?? nextRetryDelay(failures);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
