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
  heartbeatMs: number;
  /** A client that leaves this many bytes unread is dropped instead of growing server memory. */
  maxBufferedBytes: number;
}

/** The server side of one client's event stream. */
export class SseStream {
  readonly body: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly encoder = new TextEncoder();
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly closeListeners: Array<(reason: string) => void> = [];
  private nextEventId = 1;
  private closed = false;

  constructor(private readonly options: SseStreamOptions) {
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        cancel: () => this.finish('client disconnected'),
      },
      new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
    );
    this.heartbeat = setInterval(() => this.write(formatSseComment('heartbeat')), options.heartbeatMs);
    this.heartbeat.unref?.();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  send(event: ServerEvent): void {
    this.write(formatSseEvent(event.event, event.data, this.nextEventId++));
  }

  onClose(listener: (reason: string) => void): void {
    this.closeListeners.push(listener);
  }

  /** Ends the stream from the server side. */
  close(reason: string): void {
    if (this.closed) return;
    try {
      this.controller.close();
    } catch {
      // Already cancelled by the client.
    }
    this.finish(reason);
  }

  private write(chunk: string): void {
    if (this.closed) return;
    const unread = -(this.controller.desiredSize ?? 0);
    if (unread > this.options.maxBufferedBytes) {
      this.controller.error(new Error('client is not reading its event stream'));
      this.finish(`client left more than ${this.options.maxBufferedBytes} bytes unread`);
      return;
    }
    this.controller.enqueue(this.encoder.encode(chunk));
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const listener of this.closeListeners) listener(reason);
  }
}
