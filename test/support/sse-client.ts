import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface ReceivedEvent {
  id: string | undefined;
  event: string;
  data: unknown;
}

/** A real SSE client over fetch: the byte stream is parsed by eventsource-parser, chunk boundaries and all. */
export class SseClient {
  readonly events: ReceivedEvent[] = [];
  readonly comments: string[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly abort = new AbortController();
  private cursor = 0;
  ended = false;

  private constructor(readonly response: Response) {}

  static async open(url: string): Promise<SseClient> {
    const controller = new AbortController();
    const response = await fetch(url, { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
    return SseClient.reading(response, () => controller.abort());
  }

  /** Reads a stream another client opened (over HTTP/2, say); `cancel` ends its request. */
  static reading(response: Response, cancel: () => void): SseClient {
    const client = new SseClient(response);
    client.abort.signal.addEventListener('abort', cancel);
    if (response.ok && response.body) void client.read(response.body);
    return client;
  }

  /** The next event named `name` after those already taken; fails after `timeoutMs`. */
  async next(name: string, timeoutMs = 3000): Promise<ReceivedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.events.findIndex((event, i) => i >= this.cursor && event.event === name);
      if (index >= 0) {
        this.cursor = index + 1;
        return this.events[index]!;
      }
      if (this.ended) throw new Error(`stream ended before a "${name}" event`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${name}" event within ${timeoutMs} ms; got ${this.events.map((e) => e.event).join(', ')}`);
      await this.change(left);
    }
  }

  /** Waits `ms` and returns the names of events that arrived after those already taken. */
  async eventsWithin(ms: number): Promise<string[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.events.slice(this.cursor).map((event) => event.event);
  }

  /** Takes every event that has arrived: next() and eventsWithin() then see only those that come later. */
  skipArrived(): void {
    this.cursor = this.events.length;
  }

  async waitForEnd(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`stream still open after ${timeoutMs} ms`);
      await this.change(left);
    }
  }

  close(): void {
    this.abort.abort();
  }

  private change(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const parser = createParser({
      onEvent: (message: EventSourceMessage) => {
        this.events.push({ id: message.id, event: message.event ?? 'message', data: JSON.parse(message.data) });
        this.notify();
      },
      onComment: (comment) => {
        this.comments.push(comment.trim());
        this.notify();
      },
    });
    const decoder = new TextDecoder();
    try {
      const reader = body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        parser.feed(decoder.decode(chunk.value, { stream: true }));
      }
    } catch {
      // Aborted by close() or cut by the server: both end the stream.
    }
    this.ended = true;
    this.notify();
  }
}
