import type { ServerEvent } from './protocol.js';
import type { SseStream } from './sse.js';

const HEARTBEAT_SLICES = 10;

/** The event streams open in this process: one per user, and all of them when the server shuts down. */
export class StreamRegistry {
  private readonly streams = new Map<string, SseStream>();
  private closing = false;
  // One timer for every stream's heartbeat: a timer each cost memory per connected client.
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly heartbeatMs: number) {}

  /** True once the server began shutting down: streams closing then are not users leaving. */
  get shuttingDown(): boolean {
    return this.closing;
  }

  get size(): number {
    return this.streams.size;
  }

  /** Makes `stream` the user's stream; a reconnecting client replaces its old one instead of doubling events. */
  add(userId: string, stream: SseStream): void {
    this.streams.get(userId)?.close('replaced by a newer stream of the same user');
    this.streams.set(userId, stream);
    if (!this.heartbeat) {
      // A tenth of the streams at a time, so 10k heartbeats never stall the event loop in one go.
      let round = 0;
      this.heartbeat = setInterval(() => {
        let index = round++;
        for (const open of this.streams.values()) if (index++ % HEARTBEAT_SLICES === 0) open.heartbeat();
      }, this.heartbeatMs / HEARTBEAT_SLICES);
      this.heartbeat.unref?.();
    }
  }

  /** Forgets `stream`; true when it was still the user's current one (so the user has left). */
  remove(userId: string, stream: SseStream): boolean {
    if (this.streams.get(userId) !== stream) return false;
    this.streams.delete(userId);
    if (this.streams.size === 0) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
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
}
