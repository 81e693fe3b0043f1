import type { RelayEvent, ServerEvent } from '../../protocol/signaling.js';
import { RelayBudget } from './relay-budget.js';

/** One event in text/event-stream framing: every field on its own line, a blank line to end it. */
export function formatSseEvent(event: string, data: unknown, id: number): string {
  // JSON.stringify never emits raw newlines, so the payload always fits on one data: line.
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function formatSseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** An event stream's answer headers over HTTP/2, which forbids connection-specific ones such as Connection. */
const SSE_HEADERS_HTTP2: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  // nginx and similar proxies buffer responses unless told not to, which would stall every event.
  'X-Accel-Buffering': 'no',
});

/** The same over HTTP/1.1, which also says the connection stays open. */
const SSE_HEADERS_HTTP1: Readonly<Record<string, string>> = Object.freeze({ ...SSE_HEADERS_HTTP2, Connection: 'keep-alive' });

/** An event stream's answer headers for a request of this HTTP major version (node's `httpVersionMajor`). */
export function sseHeaders(httpVersionMajor: number): Readonly<Record<string, string>> {
  return httpVersionMajor >= 2 ? SSE_HEADERS_HTTP2 : SSE_HEADERS_HTTP1;
}

export interface SseStreamOptions {
  /** A client that leaves this many bytes unread is dropped instead of growing server memory. */
  maxBufferedBytes: number;
}

/**
 * Where a stream's bytes go: the node:http response itself in the server (it has all of these), anything
 * alike in tests. No wrapper object: there is one stream per connected client.
 */
export interface SseSink {
  write(chunk: string): unknown;
  /** Bytes written but not yet taken by the client's connection. */
  readonly writableLength: number;
  readonly writableCorked: number;
  cork(): void;
  uncork(): void;
  end(): unknown;
  /** Cuts the connection, dropping what is buffered. */
  destroy(): unknown;
}

const uncork = (sink: SseSink) => sink.uncork();

/** One sender may have this fraction of the drop limit waiting unread (1 MB / 16: four 16 KB relays). */
const RELAY_SHARES_PER_SENDER = 16;
/** Drawing frames from one sender may hold this fraction (1 MB / 4: an upload of the largest size). */
const FRAME_SHARES_PER_SENDER = 4;

/** The server side of one client's event stream. */
export class SseStream {
  private closeListener: ((reason: string) => void) | undefined;
  private nextEventId = 1;
  private closed = false;
  /** When the stream ends by itself (its token's expiry), enforced by the StreamRegistry holding it. */
  expiresAt = Infinity;
  /** Made at the first relay: most streams never hold one unread (memory per connected client). */
  private relays: RelayBudget | null = null;

  constructor(
    private readonly sink: SseSink,
    private readonly options: SseStreamOptions,
  ) {}

  get isOpen(): boolean {
    return !this.closed;
  }

  /** A comment that keeps proxies from timing the stream out, and shows a dead connection by failing. */
  heartbeat(): void {
    this.write(formatSseComment('heartbeat'));
  }

  send(event: ServerEvent): void {
    this.write(formatSseEvent(event.event, event.data, this.nextEventId++));
  }

  /**
   * A message relayed from `senderId`; false when it was shed because that sender (or all senders together)
   * already has as much waiting unread as a sender may. The reader is never dropped for what others send it.
   */
  relay(senderId: string, event: ServerEvent<RelayEvent | 'frames'>): boolean {
    if (this.closed) return false;
    const chunk = formatSseEvent(event.event, event.data, this.nextEventId);
    const { maxBufferedBytes } = this.options;
    this.relays ??= new RelayBudget(Math.floor(maxBufferedBytes / RELAY_SHARES_PER_SENDER), Math.floor(maxBufferedBytes / 2));
    const share = event.event === 'frames' ? Math.floor(maxBufferedBytes / FRAME_SHARES_PER_SENDER) : undefined;
    // String length: bytes for the ASCII of JSON signaling, and at most a third too few otherwise.
    if (!this.relays.admit(senderId, chunk.length, this.sink.writableLength, share)) return false;
    this.nextEventId++;
    this.write(chunk);
    return true;
  }

  /** Sets the one listener told why the stream closed. */
  onClose(listener: (reason: string) => void): void {
    this.closeListener = listener;
  }

  /** Ends the stream from the server side, after what is already written. */
  close(reason: string): void {
    if (this.closed) return;
    this.sink.end();
    this.finish(reason);
  }

  /** The client went away: nothing more to write. */
  disconnected(): void {
    this.finish('client disconnected');
  }

  private write(chunk: string): void {
    if (this.closed) return;
    if (this.sink.writableLength > this.options.maxBufferedBytes) {
      this.sink.destroy();
      this.finish(`client left more than ${this.options.maxBufferedBytes} bytes unread`);
      return;
    }
    // Events to one client in the same tick leave in one packet.
    if (this.sink.writableCorked === 0) {
      this.sink.cork();
      process.nextTick(uncork, this.sink);
    }
    this.sink.write(chunk);
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeListener?.(reason);
  }
}
