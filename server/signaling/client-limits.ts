import { RateLimiter } from './rate-limit.js';

/**
 * What one client address, and this whole instance, may do: identities and streams cost the server memory
 * and file descriptors, and joins are how self-chosen (short, guessable) room ids get probed.
 */
export interface ClientLimits {
  /** New tokens (POST /access) one address may get: a burst, then this many a minute. */
  accessPerMinute: number;
  accessBurst: number;
  /** Room joins one address may make: a burst, then this many a minute. */
  joinsPerMinute: number;
  joinsBurst: number;
  /** Event streams one address may hold open at once (an office behind one NAT holds many). */
  streamsPerClient: number;
  /** New tokens and joins this instance hands out per second, from everyone. */
  instanceAccessPerSecond: number;
  instanceJoinsPerSecond: number;
  /** Event streams this instance holds at once: below its file descriptor limit. */
  maxStreams: number;
}

export const DEFAULT_CLIENT_LIMITS: ClientLimits = {
  accessPerMinute: 60,
  accessBurst: 60,
  joinsPerMinute: 120,
  joinsBurst: 120,
  streamsPerClient: 256,
  instanceAccessPerSecond: 500,
  instanceJoinsPerSecond: 1000,
  maxStreams: 18_000,
};

/** A refusal to answer with 429 and Retry-After (whole seconds, at least 1). */
export interface LimitRefusal {
  error: string;
  retryAfterSeconds: number;
}

/** Seconds a client over its stream allowance waits: streams end when their owners leave, not on a clock. */
const STREAM_RETRY_SECONDS = 30;

/** Counts what each client address does against ClientLimits; one per instance. */
export class ClientGate {
  private readonly access: RateLimiter;
  private readonly joins: RateLimiter;
  private readonly instanceAccess: RateLimiter;
  private readonly instanceJoins: RateLimiter;
  private readonly streams = new Map<string, number>();
  private openStreams = 0;

  constructor(
    private readonly limits: ClientLimits,
    now?: () => number,
  ) {
    this.access = new RateLimiter(limits.accessPerMinute / 60, limits.accessBurst, now);
    this.joins = new RateLimiter(limits.joinsPerMinute / 60, limits.joinsBurst, now);
    this.instanceAccess = new RateLimiter(limits.instanceAccessPerSecond, limits.instanceAccessPerSecond, now);
    this.instanceJoins = new RateLimiter(limits.instanceJoinsPerSecond, limits.instanceJoinsPerSecond, now);
  }

  /** A new token for `address`, or why not. */
  takeAccess(address: string): LimitRefusal | null {
    return (
      refusal(this.access.take(address), `too many new identities from your address: at most ${this.limits.accessPerMinute} a minute`) ??
      refusal(this.instanceAccess.take(''), 'the server is handing out too many identities right now')
    );
  }

  /** A room join from `address`, or why not. */
  takeJoin(address: string): LimitRefusal | null {
    return (
      refusal(this.joins.take(address), `too many room joins from your address: at most ${this.limits.joinsPerMinute} a minute`) ??
      refusal(this.instanceJoins.take(''), 'the server is taking too many room joins right now')
    );
  }

  /** Counts a stream opened by `address`, or says why it may not open; `closeStream` when it ends. */
  openStream(address: string): LimitRefusal | null {
    const held = this.streams.get(address) ?? 0;
    if (held >= this.limits.streamsPerClient) {
      return { error: `too many open streams from your address: at most ${this.limits.streamsPerClient}`, retryAfterSeconds: STREAM_RETRY_SECONDS };
    }
    if (this.openStreams >= this.limits.maxStreams) {
      return { error: `the server holds its most streams (${this.limits.maxStreams}): try again soon`, retryAfterSeconds: STREAM_RETRY_SECONDS };
    }
    this.streams.set(address, held + 1);
    this.openStreams++;
    return null;
  }

  closeStream(address: string): void {
    const held = this.streams.get(address);
    if (held === undefined) return;
    if (held <= 1) this.streams.delete(address);
    else this.streams.set(address, held - 1);
    this.openStreams--;
  }
}

function refusal(waitSeconds: number, error: string): LimitRefusal | null {
  return waitSeconds === 0 ? null : { error, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
}
