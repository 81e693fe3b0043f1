// Stand-ins for time, the network and the draw-room server, for unit tests of the signaling session's policy.
// The real fetch, EventSource and server are what the e2e suite drives; here the point is to run an hour of
// backoff and renewals in milliseconds and to choose exactly which answer comes when.
import type { AccessGrant, JoinAnswer, Member, ServerEventName, ServerEvents, User } from '../../protocol/signaling.js';
import type { Cancel, Clock, Connectivity } from '../../components/network/clock.js';
import type { Fetch } from '../../components/network/signaling-http.js';
import type { EventSourceLike } from '../../components/network/signaling-stream.js';

/** Lets every promise chain that is not waiting on a timer run to its end (fetch answers, JSON bodies, tab messages). */
export async function settle(): Promise<void> {
  for (let round = 0; round < 40; round++) await new Promise((resolve) => setImmediate(resolve));
}

interface Timer {
  at: number;
  order: number;
  callback: () => void;
}

/** Time that stands still until the test moves it; what was scheduled runs at its own time, in order. */
export class FakeClock implements Clock {
  private time = 1_700_000_000_000;
  private timers: Timer[] = [];
  private scheduled = 0;

  now(): number {
    return this.time;
  }

  schedule(callback: () => void, delayMs: number): Cancel {
    const timer: Timer = { at: this.time + Math.max(0, delayMs), order: this.scheduled++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((other) => other !== timer);
    };
  }

  /** How many callbacks are still scheduled: none once the client stopped. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time on by `ms`, running each callback that falls due at its time and letting what it started settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      const next = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!next) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = next.at;
      next.callback();
      await settle();
    }
    this.time = end;
  }
}

export class FakeConnectivity implements Connectivity {
  online = true;
  private listeners: Array<{ onOnline(): void; onOffline(): void }> = [];

  isOnline(): boolean {
    return this.online;
  }

  watch(onOnline: () => void, onOffline: () => void): Cancel {
    const listener = { onOnline, onOffline };
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((other) => other !== listener);
    };
  }

  get watchers(): number {
    return this.listeners.length;
  }

  set(online: boolean): void {
    this.online = online;
    for (const listener of [...this.listeners]) (online ? listener.onOnline : listener.onOffline)();
  }
}

/** A request as the fake server saw it. */
export interface SeenRequest {
  /** "POST /access", "POST /access/refresh", "POST /join", "POST /leave", "POST /relay", "POST /frames", "GET /ice-servers". */
  route: string;
  path: string;
  token: string | null;
  body: unknown;
  /** Asked to outlive its page (a leave as a widget goes). */
  keepalive: boolean;
  /** The answer's status, once answered (none for a network error). */
  status?: number;
}

/** An answer the test chose: a Response, or 'network-error' for a fetch that rejects. */
export type Answer = Response | 'network-error';

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

/** One open GET /connect, played by the test. */
export class FakeEventSource implements EventSourceLike {
  closed = false;
  private listeners = new Map<string, Array<(event: { data?: unknown }) => void>>();

  constructor(readonly url: string) {}

  get token(): string | null {
    return new URL(this.url).searchParams.get('token');
  }

  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  emit<Name extends ServerEventName>(name: Name, data: ServerEvents[Name]): void {
    this.emitRaw(name, JSON.stringify(data));
  }

  emitRaw(name: string, data: string): void {
    for (const listener of this.listeners.get(name) ?? []) listener({ data });
  }

  /** The connection fails, as EventSource reports it. */
  fail(): void {
    for (const listener of this.listeners.get('error') ?? []) listener({});
  }
}

/**
 * The draw-room server's HTTP API and stream, with its ordinary answers (tokens that a refresh replaces, joins
 * that succeed, a `connected` event as soon as a stream opens) unless a test queues others with `answerNext`.
 */
export class FakeSignalingServer {
  readonly requests: SeenRequest[] = [];
  readonly streams: FakeEventSource[] = [];
  tokenTtlMs = 3_600_000;
  private issued = 0;
  private users = 0;
  /** The token each user may use and refresh: the newest one issued to them. */
  private current = new Map<string, User>();
  private queued = new Map<string, Array<(request: SeenRequest) => Answer | Promise<Answer>>>();

  constructor(private readonly clock: Clock) {}

  /** The next request to `route` gets this answer instead of the ordinary one. */
  answerNext(route: string, answer: Answer | ((request: SeenRequest) => Answer | Promise<Answer>)): void {
    const queue = this.queued.get(route) ?? [];
    queue.push(typeof answer === 'function' ? answer : () => answer);
    this.queued.set(route, queue);
  }

  /** A new secret: no token issued so far is accepted any more. */
  forgetTokens(): void {
    this.current.clear();
  }

  routes(): string[] {
    return this.requests.map((request) => request.route);
  }

  /** The requests made to `route`, in order. */
  requestsTo(route: string): SeenRequest[] {
    return this.requests.filter((request) => request.route === route);
  }

  get lastStream(): FakeEventSource {
    const stream = this.streams.at(-1);
    if (!stream) throw new Error('no stream was opened');
    return stream;
  }

  get openStreams(): FakeEventSource[] {
    return this.streams.filter((stream) => !stream.closed);
  }

  /** The one open stream: the test fails if there is none, or more than one. */
  get theOpenStream(): FakeEventSource {
    const open = this.openStreams;
    if (open.length !== 1) throw new Error(`expected one open stream, found ${open.length}`);
    return open[0]!;
  }

  readonly fetch: Fetch = async (url, init) => {
    const path = new URL(url).pathname;
    const route = `${init.method} ${routeOf(path)}`;
    const authorization = new Headers(init.headers).get('Authorization');
    const request: SeenRequest = {
      route,
      path,
      token: authorization?.replace(/^Bearer /, '') ?? null,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : null,
      keepalive: init.keepalive === true,
    };
    this.requests.push(request);
    const chosen = this.queued.get(route)?.shift();
    const answer = chosen ? await chosen(request) : this.ordinaryAnswer(request);
    if (answer === 'network-error') throw new TypeError('fetch failed');
    request.status = answer.status;
    return answer;
  };

  /** The EventSource constructor the client is given: each stream opens with `connected` for a known token. */
  get EventSource(): new (url: string) => FakeEventSource {
    // The class's constructor needs the fake server, and `this` there is the stream.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const server = this;
    return class extends FakeEventSource {
      constructor(url: string) {
        super(url);
        server.streams.push(this);
        const user = server.current.get(this.token ?? '');
        queueMicrotask(() => {
          if (this.closed) return;
          if (user) this.emit('connected', { user });
          else this.fail();
        });
      }
    };
  }

  private ordinaryAnswer(request: SeenRequest): Answer {
    if (request.route === 'POST /access') return json(200, this.grant({ id: `user-${++this.users}`, username: stringIn(request.body, 'username') ?? '' }));
    const user = this.current.get(request.token ?? '');
    if (!user) return json(401, { error: 'invalid or expired token' });
    switch (request.route) {
      case 'POST /access/refresh':
        this.current.delete(request.token ?? '');
        return json(200, this.grant({ id: user.id, username: stringIn(request.body, 'username') ?? user.username }));
      case 'POST /join': {
        const key = stringIn(request.body, 'member') ?? '';
        const member: Member = { id: `${user.id}.${key}`, userId: user.id, username: stringIn(request.body, 'username') ?? user.username };
        const answer: JoinAnswer = { roomId: roomOf(request.path), member, peers: [], meshPeers: 8, storage: false };
        return json(200, answer);
      }
      case 'POST /leave':
        return json(200, { left: true });
      case 'POST /relay':
        return json(200, { delivered: true });
      case 'POST /frames':
        return json(200, { unreachable: [] });
      case 'GET /ice-servers':
        return json(200, { iceServers: [{ urls: ['stun:stun.draw.test:3478'] }], expiresAt: this.clock.now() + this.tokenTtlMs });
      default:
        return json(404, { error: 'not found' });
    }
  }

  private grant(user: User): AccessGrant {
    const token = `token-${++this.issued}`;
    this.current.set(token, user);
    return { token, user, expiresAt: this.clock.now() + this.tokenTtlMs };
  }
}

function routeOf(path: string): string {
  if (path === '/access' || path === '/access/refresh' || path === '/frames' || path === '/ice-servers') return path;
  if (path.startsWith('/relay/')) return '/relay';
  if (path.endsWith('/join')) return '/join';
  if (path.endsWith('/leave')) return '/leave';
  return path;
}

/** "/<roomId>/join" → roomId. */
const roomOf = (path: string) => decodeURIComponent(path.split('/')[1] ?? '');

function stringIn(body: unknown, key: string): string | null {
  if (typeof body !== 'object' || body === null || !(key in body)) return null;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}
