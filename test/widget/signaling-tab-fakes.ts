// The tabs of one browser in one process, for tests of the session they share: BroadcastChannel and Web Locks
// (the TabNetwork a tab is given), and each tab's timers, requests and streams, so a test can close a tab the
// way a browser does, without the tab's code having a say.
import type { Cancel, Clock } from '../../components/network/clock.js';
import type { Fetch } from '../../components/network/signaling-http.js';
import type { Release, TabChannel, TabNetwork } from '../../components/network/tab-network.js';
import type { FakeClock, FakeEventSource, FakeSignalingServer } from './signaling-fakes.js';

interface Endpoint {
  owner: FakeTabNetwork;
  onMessage(message: unknown): void;
  closed: boolean;
}

interface LockRequest {
  owner: FakeTabNetwork;
  granted(release: Release): void;
  signal: AbortSignal;
  onAbort(): void;
}

interface Lock {
  holder: LockRequest | null;
  waiting: LockRequest[];
}

/** What the tabs of one origin share: channels by name, locks by name. */
export class FakeTabNetworks {
  private readonly channels = new Map<string, Endpoint[]>();
  private readonly locks = new Map<string, Lock>();

  /** A new tab's TabNetwork. */
  tab(): FakeTabNetwork {
    return new FakeTabNetwork(this);
  }

  /** The names of the locks held now (by a live tab). */
  get heldLocks(): string[] {
    return [...this.locks].filter(([, lock]) => lock.holder !== null).map(([name]) => name);
  }

  /** Requests waiting for a lock. */
  get waitingForLocks(): number {
    return [...this.locks.values()].reduce((sum, lock) => sum + lock.waiting.length, 0);
  }

  /** Channels open now. */
  get openChannels(): number {
    return [...this.channels.values()].reduce((sum, endpoints) => sum + endpoints.filter((endpoint) => !endpoint.closed).length, 0);
  }

  join(name: string, endpoint: Endpoint): void {
    this.channels.set(name, [...(this.channels.get(name) ?? []), endpoint]);
  }

  /** As BroadcastChannel does: a copy to every other open channel of that name, each in a task of its own. */
  broadcast(name: string, from: Endpoint, message: unknown): void {
    for (const endpoint of this.channels.get(name) ?? []) {
      if (endpoint === from || endpoint.closed) continue;
      const copy: unknown = structuredClone(message);
      setImmediate(() => {
        if (!endpoint.closed) endpoint.onMessage(copy);
      });
    }
  }

  request(name: string, request: LockRequest): void {
    const lock = this.locks.get(name) ?? { holder: null, waiting: [] };
    this.locks.set(name, lock);
    lock.waiting.push(request);
    this.grantNext(lock);
  }

  /** Takes `request` out of the queue; true if it was still waiting. */
  withdraw(name: string, request: LockRequest): boolean {
    const lock = this.locks.get(name);
    if (!lock?.waiting.includes(request)) return false;
    lock.waiting = lock.waiting.filter((other) => other !== request);
    return true;
  }

  /** Lets go of every lock `owner` holds and forgets its requests (which then never settle): its tab is gone. */
  forget(owner: FakeTabNetwork): void {
    for (const endpoints of this.channels.values()) for (const endpoint of endpoints) if (endpoint.owner === owner) endpoint.closed = true;
    for (const lock of this.locks.values()) {
      lock.waiting = lock.waiting.filter((request) => request.owner !== owner);
      if (lock.holder?.owner === owner) lock.holder = null;
      this.grantNext(lock);
    }
  }

  private grantNext(lock: Lock): void {
    if (lock.holder) return;
    const next = lock.waiting.shift();
    if (!next) return;
    lock.holder = next;
    next.signal.removeEventListener('abort', next.onAbort);
    next.granted(() => {
      if (lock.holder !== next) return;
      lock.holder = null;
      this.grantNext(lock);
    });
  }
}

/** One tab's BroadcastChannels and Web Locks. */
export class FakeTabNetwork implements TabNetwork {
  private dead = false;

  constructor(private readonly networks: FakeTabNetworks) {}

  channel(name: string, onMessage: (message: unknown) => void): TabChannel {
    const endpoint: Endpoint = { owner: this, onMessage, closed: this.dead };
    this.networks.join(name, endpoint);
    return {
      post: (message) => {
        if (this.dead) return;
        // BroadcastChannel throws InvalidStateError too: posting on a closed channel is a bug of its user.
        if (endpoint.closed) throw new Error(`posted on channel ${name} after closing it`);
        this.networks.broadcast(name, endpoint, message);
      },
      close: () => {
        endpoint.closed = true;
      },
    };
  }

  hold(name: string, signal: AbortSignal): Promise<Release> {
    if (this.dead) return new Promise(() => {});
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<Release>((granted, refused) => {
      const request: LockRequest = {
        owner: this,
        granted,
        signal,
        onAbort: () => {
          if (this.networks.withdraw(name, request)) refused(signal.reason);
        },
      };
      signal.addEventListener('abort', request.onAbort, { once: true });
      this.networks.request(name, request);
    });
  }

  /** The tab is gone: its locks are let go, its channels closed, and it never says a word about it. */
  kill(): void {
    this.dead = true;
    this.networks.forget(this);
  }
}

/** A tab's timers: they die with it. */
class TabClock implements Clock {
  private readonly live = new Set<Cancel>();
  private dead = false;

  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.clock.now();
  }

  schedule(callback: () => void, delayMs: number): Cancel {
    if (this.dead) return () => {};
    const cancel = this.clock.schedule(() => {
      this.live.delete(cancel);
      callback();
    }, delayMs);
    this.live.add(cancel);
    return () => {
      this.live.delete(cancel);
      cancel();
    };
  }

  kill(): void {
    this.dead = true;
    for (const cancel of this.live) cancel();
    this.live.clear();
  }
}

/**
 * One tab of the browser: what a BrowserSession in it is given (tab network, clock, fetch, EventSource), all
 * of which stop at once when the test kills the tab: locks let go, channels closed, timers gone, streams closed,
 * requests and answers never arriving.
 */
export class FakeTab {
  readonly network: FakeTabNetwork;
  readonly clock: Clock;
  readonly fetch: Fetch;
  readonly EventSource: new (url: string) => FakeEventSource;
  private readonly streams: FakeEventSource[] = [];
  private readonly tabClock: TabClock;
  private dead = false;

  constructor(networks: FakeTabNetworks, server: FakeSignalingServer, clock: FakeClock) {
    this.network = networks.tab();
    this.tabClock = new TabClock(clock);
    this.clock = this.tabClock;
    const never = new Promise<never>(() => {});
    this.fetch = (url, init) => {
      if (this.dead) return never;
      return server.fetch(url, init).then(
        (response) => (this.dead ? never : response),
        (error: unknown) => (this.dead ? never : Promise.reject(error)),
      );
    };
    const Base = server.EventSource;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const tab = this;
    this.EventSource = class extends Base {
      constructor(url: string) {
        super(url);
        tab.streams.push(this);
      }
    };
  }

  /** The streams this tab opened: the one that leads opens them. */
  get streamsOpened(): number {
    return this.streams.length;
  }

  kill(): void {
    this.dead = true;
    this.network.kill();
    this.tabClock.kill();
    for (const stream of this.streams) stream.close();
  }
}
