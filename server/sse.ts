import type { ServerEvent } from './protocol.js';

/** One event in text/event-stream framing: every field on its own line, a blank line to end it. */
export function formatSseEvent(event: string, data: unknown, id: number): string {
  // JSON.stringify never emits raw newlines, so the payload always fits on one data: line.
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function formatSseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  // nginx and similar proxies buffer responses unless told not to, which would stall every event.
  'X-Accel-Buffering': 'no',
};

export interface SseStreamOptions {
  /** A client that leaves this many bytes unread is dropped instead of growing server memory. */
  maxBufferedBytes: number;
}

/** Where a stream's bytes go: a node:http response in the server, anything alike in tests. */
export interface SseSink {
  write(chunk: string): void;
  /** Bytes written but not yet taken by the client's connection. */
  readonly bufferedBytes: number;
  end(): void;
  /** Cuts the connection, dropping what is buffered. */
  destroy(): void;
}

/** The server side of one client's event stream. */
export class SseStream {
  private readonly closeListeners: Array<(reason: string) => void> = [];
  private nextEventId = 1;
  private closed = false;

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

  onClose(listener: (reason: string) => void): void {
    this.closeListeners.push(listener);
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
    if (this.sink.bufferedBytes > this.options.maxBufferedBytes) {
      this.sink.destroy();
      this.finish(`client left more than ${this.options.maxBufferedBytes} bytes unread`);
      return;
    }
    this.sink.write(chunk);
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners) listener(reason);
  }
}
