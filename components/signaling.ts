import type { RelayEvent, ServerEvents, User } from '../server/protocol.js';

export type SignalingStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface SignalingHandlers {
  onJoined(user: User, roomId: string): void;
  onAddPeer(event: ServerEvents['add-peer']): void;
  onRemovePeer(event: ServerEvents['remove-peer']): void;
  onSessionDescription(event: ServerEvents['session-description']): void;
  onIceCandidate(event: ServerEvents['ice-candidate']): void;
  onStatus(status: SignalingStatus): void;
  onError(message: string): void;
}

export interface SignalingOptions {
  serverUrl: string;
  roomId: string;
  username: string;
  handlers: SignalingHandlers;
}

const MAX_BACKOFF_MS = 30_000;

/** Talks to the draw-room server: token, event stream, room join and relayed signaling. */
export class SignalingClient {
  private source: EventSource | null = null;
  private token: string | null = null;
  private user: User | null = null;
  private stopped = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  // Relays are sent one after another so a peer never gets an ICE candidate before its offer.
  private relayQueue: Promise<void> = Promise.resolve();
  private readonly baseUrl: string;

  constructor(private readonly options: SignalingOptions) {
    this.baseUrl = options.serverUrl.replace(/\/+$/, '');
  }

  get currentUser(): User | null {
    return this.user;
  }

  start(): void {
    this.stopped = false;
    this.options.handlers.onStatus('connecting');
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.source?.close();
    this.source = null;
  }

  relay(peerId: string, event: RelayEvent, data: object): Promise<void> {
    const send = async () => {
      if (!this.token || this.stopped) return;
      const response = await fetch(`${this.baseUrl}/relay/${encodeURIComponent(peerId)}/${event}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(data),
      });
      if (!response.ok) {
        this.options.handlers.onError(`relay of ${event} to peer ${peerId} failed: ${await errorText(response)}`);
      }
    };
    this.relayQueue = this.relayQueue.then(send).catch((error: unknown) => {
      this.options.handlers.onError(`relay of ${event} to peer ${peerId} failed: ${String(error)}`);
    });
    return this.relayQueue;
  }

  private async open(): Promise<void> {
    try {
      const response = await fetch(`${this.baseUrl}/access`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: this.options.username }),
      });
      if (!response.ok) throw new Error(`POST /access answered ${await errorText(response)}`);
      const body = (await response.json()) as { token: string; user: User };
      this.token = body.token;
      this.user = body.user;
    } catch (error) {
      this.options.handlers.onError(`cannot reach the draw-room server at ${this.baseUrl}: ${messageOf(error)}`);
      return this.retryLater();
    }
    if (this.stopped) return;

    const source = new EventSource(`${this.baseUrl}/connect?token=${encodeURIComponent(this.token)}`);
    this.source = source;
    source.addEventListener('connected', () => void this.joinRoom());
    this.listen(source, 'add-peer', (data) => this.options.handlers.onAddPeer(data));
    this.listen(source, 'remove-peer', (data) => this.options.handlers.onRemovePeer(data));
    this.listen(source, 'session-description', (data) => this.options.handlers.onSessionDescription(data));
    this.listen(source, 'ice-candidate', (data) => this.options.handlers.onIceCandidate(data));
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      // EventSource retries a dropped stream by itself; a refused one (expired token) needs a new token.
      if (source.readyState === EventSource.CLOSED) {
        this.source = null;
        this.retryLater();
      } else {
        this.options.handlers.onStatus('reconnecting');
      }
    });
  }

  private async joinRoom(): Promise<void> {
    if (!this.token || !this.user) return;
    try {
      const response = await fetch(`${this.baseUrl}/${encodeURIComponent(this.options.roomId)}/join`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}` },
      });
      if (!response.ok) throw new Error(await errorText(response));
      this.failures = 0;
      this.options.handlers.onStatus('connected');
      this.options.handlers.onJoined(this.user, this.options.roomId);
    } catch (error) {
      this.options.handlers.onError(`cannot join room ${this.options.roomId}: ${messageOf(error)}`);
    }
  }

  private listen<Name extends keyof ServerEvents>(
    source: EventSource,
    name: Name,
    handle: (data: ServerEvents[Name]) => void,
  ): void {
    source.addEventListener(name, (event) => {
      try {
        handle(JSON.parse((event as MessageEvent<string>).data) as ServerEvents[Name]);
      } catch (error) {
        this.options.handlers.onError(`ignored a malformed ${name} event: ${messageOf(error)}`);
      }
    });
  }

  private retryLater(): void {
    if (this.stopped) return;
    this.options.handlers.onStatus('offline');
    // Exponential backoff with jitter, so a restarted server is not hit by every client at once.
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.failures) * (0.5 + Math.random() / 2);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.options.handlers.onStatus('reconnecting');
      void this.open();
    }, delay);
  }
}

async function errorText(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    return `${response.status} ${typeof body.error === 'string' ? body.error : ''}`.trim();
  } catch {
    return String(response.status);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
