import type { ServerEvent } from '../../protocol/signaling.js';
import { systemClock, type Clock } from './clock.js';
import type { SseStream } from './sse.js';

// Heartbeats go out a few streams at a time, this often, so 10k of them never stall the event loop (and every
// relay waiting behind them): at 10k streams and 15 s, 34 writes a tick.
const HEARTBEAT_TICK_MS = 50;
// setTimeout's longest wait; a later expiry is waited for in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

const EXPIRED: ServerEvent = { event: 'expired', data: { reason: 'token expired: get a new one and reconnect' } };

/**
 * The event streams open in this process: one per user, each ending when its user's token expires, and all of
 * them when the server shuts down. One heartbeat timer and one expiry timer serve them all: a timer each cost
 * memory per connected client.
 */
export class StreamRegistry {
  private readonly streams = new Map<string, SseStream>();
  private closing = false;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private cancelExpiry: (() => void) | undefined;
  private expiryAt = Infinity;

  /** Expiry reads and waits on `clock` (tokens are stamped by the same one); heartbeats use real timers. */
  constructor(
    private readonly heartbeatMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** True once the server began shutting down: streams closing then are not users leaving. */
  get shuttingDown(): boolean {
    return this.closing;
  }

  get size(): number {
    return this.streams.size;
  }

  /**
   * Makes `stream` the user's stream until `expiresAt`; a reconnecting client replaces its old one instead of
   * doubling events.
   */
  add(userId: string, stream: SseStream, expiresAt: number): void {
    this.streams.get(userId)?.close('replaced by a newer stream of the same user');
    this.streams.set(userId, stream);
    this.extend(stream, expiresAt);
    this.heartbeat ??= this.startHeartbeat();
  }

  /** Moves the end of `stream` to `expiresAt` (its user renewed the token). */
  extend(stream: SseStream, expiresAt: number): void {
    stream.expiresAt = expiresAt;
    if (expiresAt < this.expiryAt) this.armExpiry(expiresAt);
  }

  /** Forgets `stream`; true when it was still the user's current one (so the user has left). */
  remove(userId: string, stream: SseStream): boolean {
    if (this.streams.get(userId) !== stream) return false;
    this.streams.delete(userId);
    if (this.streams.size === 0) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
      this.armExpiry(Infinity);
    }
    return true;
  }

  /**
   * Sends `farewell` on every stream and closes them all; when `shuttingDown`, closing streams are not users
   * leaving and new streams are refused.
   */
  closeAll(farewell: ServerEvent, reason: string, shuttingDown = true): void {
    this.closing ||= shuttingDown;
    for (const stream of [...this.streams.values()]) {
      stream.send(farewell);
      stream.close(reason);
    }
  }

  private startHeartbeat(): ReturnType<typeof setInterval> {
    const tickMs = Math.min(this.heartbeatMs, HEARTBEAT_TICK_MS);
    // A Map's iterator stays valid as streams come and go: each tick goes on where the last one stopped.
    let next = this.streams.values();
    // Each tick owes size × tick / interval heartbeats, a fraction when few streams are open: the fraction is
    // carried to the next tick, so every stream gets one per interval (rounding up sent 1 stream one a tick).
    let owed = 0;
    const timer = setInterval(() => {
      owed += (this.streams.size * tickMs) / this.heartbeatMs;
      const due = Math.floor(owed);
      owed -= due;
      for (let left = Math.min(due, this.streams.size); left > 0; left--) {
        let step = next.next();
        if (step.done) {
          next = this.streams.values();
          step = next.next();
          if (step.done) return;
        }
        step.value.heartbeat();
      }
    }, tickMs);
    timer.unref?.();
    return timer;
  }

  /** One timer, for the earliest expiry; a stream renewed since is simply not due when it fires. */
  private armExpiry(at: number): void {
    this.cancelExpiry?.();
    this.expiryAt = at;
    this.cancelExpiry = undefined;
    if (at === Infinity) return;
    this.cancelExpiry = this.clock.schedule(() => this.expireDue(), Math.min(Math.max(0, at - this.clock.now()), MAX_TIMER_MS));
  }

  private expireDue(): void {
    const now = this.clock.now();
    const due: SseStream[] = [];
    let next = Infinity;
    for (const stream of this.streams.values()) {
      if (stream.expiresAt <= now) due.push(stream);
      else next = Math.min(next, stream.expiresAt);
    }
    this.armExpiry(next);
    for (const stream of due) {
      stream.send(EXPIRED);
      stream.close('token expired');
    }
  }
}
