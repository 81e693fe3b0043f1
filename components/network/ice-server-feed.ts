import type { IceServersAnswer } from '../../protocol/ice-servers.js';
import type { Cancel, Clock } from './clock.js';
import { messageOf } from './reconnect-machine.js';
import { nextRetryDelay, tokenRenewalDelay } from './reconnect-timing.js';

export interface IceServerFeedOptions {
  /** GET /ice-servers; rejects when it cannot be had (no token yet, network down, 5xx). */
  fetchList(): Promise<IceServersAnswer>;
  clock: Clock;
  /** A different list arrived (the first one, or renewed credentials): connections made from now on use it. */
  onChange(servers: RTCIceServer[]): void;
  onError(message: string): void;
  /** A draw in [0, 1) for the jitter of each retry. */
  random?: () => number;
}

/** How long a join waits for the list before it goes on with host candidates only. */
const FIRST_LIST_WAIT_MS = 5_000;
/**
 * When an answer looks expired as it arrives, this browser's clock is off: ask again this often rather than in a
 * tight loop.
 */
const SKEWED_CLOCK_RENEWAL_MS = 30_000;

/**
 * The draw-room server's ICE servers (GET /ice-servers), kept usable: fetched before the first join, renewed
 * before their TURN credentials expire (a minute before, or at 80% of a short lifetime, as tokens are), and
 * fetched again with backoff when the server cannot answer. Until a list arrives it is empty (host candidates
 * only): a TURN list that cannot be had must not stop people on one network from drawing together.
 */
export class IceServerFeed {
  private list: RTCIceServer[] = [];
  private expiresAt = 0;
  private failures = 0;
  private fetching: Promise<void> | null = null;
  private cancelNext: Cancel = noop;
  private stopped = false;

  constructor(private readonly options: IceServerFeedOptions) {}

  /** The servers for a new connection: the last list fetched, or none yet. */
  get servers(): RTCIceServer[] {
    return this.list;
  }

  /**
   * Resolves once the list is fresh: at once if it is, else when a fetch ends (well or not) or after
   * FIRST_LIST_WAIT_MS, whichever comes first. Never rejects: joining goes on either way.
   */
  ready(): Promise<void> {
    if (this.stopped || this.options.clock.now() < this.expiresAt) return Promise.resolve();
    const fetched = this.refresh();
    return new Promise((resolve) => {
      const cancelWait = this.options.clock.schedule(resolve, FIRST_LIST_WAIT_MS);
      void fetched.then(() => {
        cancelWait();
        resolve();
      });
    });
  }

  /** Stops renewing and leaves nothing scheduled. */
  stop(): void {
    this.stopped = true;
    this.cancelNext();
    this.cancelNext = noop;
  }

  private refresh(): Promise<void> {
    this.fetching ??= this.fetchOnce().finally(() => (this.fetching = null));
    return this.fetching;
  }

  private async fetchOnce(): Promise<void> {
    this.cancelNext();
    let answer: IceServersAnswer;
    try {
      answer = await this.options.fetchList();
    } catch (error) {
      if (this.stopped) return;
      // Once per outage, not at every retry; peers on one network still connect meanwhile.
      if (this.failures === 0) this.options.onError(`${messageOf(error)}: connecting peers with host candidates only until the ICE server list can be had`);
      this.failures++;
      this.scheduleFetch(nextRetryDelay(this.failures, (this.options.random ?? Math.random)()));
      return;
    }
    if (this.stopped) return;
    this.failures = 0;
    this.expiresAt = answer.expiresAt;
    const changed = JSON.stringify(answer.iceServers) !== JSON.stringify(this.list);
    this.list = answer.iceServers;
    if (changed) this.options.onChange(this.list);
    const renewIn = tokenRenewalDelay(answer.expiresAt, this.options.clock.now());
    this.scheduleFetch(renewIn >= 1000 ? renewIn : SKEWED_CLOCK_RENEWAL_MS);
  }

  private scheduleFetch(delayMs: number): void {
    this.cancelNext();
    this.cancelNext = this.options.clock.schedule(() => void this.refresh(), delayMs);
  }
}

const noop: Cancel = () => {};
