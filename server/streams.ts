import type { ServerEvent } from './protocol.js';
import type { SseStream } from './sse.js';

/** The event streams open in this process: one per user, and all of them when the server shuts down. */
export class StreamRegistry {
  private readonly streams = new Map<string, SseStream>();
  private closing = false;

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
  }

  /** Forgets `stream`; true when it was still the user's current one (so the user has left). */
  remove(userId: string, stream: SseStream): boolean {
    if (this.streams.get(userId) !== stream) return false;
    this.streams.delete(userId);
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
