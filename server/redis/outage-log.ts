import type { Logger } from '../log/log.js';

/** Which of an instance's two Redis connections: commands and scripts, or the subscription to its channels. */
export type RedisRole = 'commands' | 'subscriber';

/**
 * A connection's outages, each logged once: `redis-error` when it is first seen failing (ioredis reports every
 * reconnection attempt, and commands fail one by one, which would flood the log while Redis is away), then
 * `redis-reconnected` (a new connection is ready) or `redis-recovered` (a stalled one answers again) with how
 * long it was down.
 */
export class RedisOutageLog {
  private downSince: number | null = null;
  private connectedOnce = false;

  constructor(
    private readonly role: RedisRole,
    private readonly log: Logger,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The connection dropped, or a command on it failed: logged if it is the first sign of this outage. */
  failed(error: unknown): void {
    if (this.downSince !== null) return;
    this.downSince = this.now();
    this.log('redis-error', { role: this.role, error: error instanceof Error ? error.message : String(error) });
  }

  /** The connection is ready: `redis-connected` the first time, then `redis-reconnected` after each outage. */
  ready(): void {
    const first = !this.connectedOnce;
    this.connectedOnce = true;
    if (first) this.log('redis-connected', { role: this.role, ...this.end() });
    else if (this.downSince !== null) this.log('redis-reconnected', { role: this.role, ...this.end() });
  }

  /** A command answered: if the connection was failing without dropping (a stall), the outage is over. */
  answered(): void {
    if (this.downSince !== null && this.connectedOnce) this.log('redis-recovered', { role: this.role, ...this.end() });
  }

  /** Ends the outage, if any: how long it lasted. */
  private end(): { downMs?: number } {
    if (this.downSince === null) return {};
    const downMs = Math.round(this.now() - this.downSince);
    this.downSince = null;
    return { downMs };
  }
}
