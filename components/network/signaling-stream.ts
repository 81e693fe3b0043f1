import type { ServerEventName, ServerEvents } from '../../protocol/signaling.js';

/** The part of EventSource this client uses. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

/** EventSource's constructor, injected so a test can play the server's stream. */
export type EventSourceFactory = new (url: string) => EventSourceLike;

export type ServerEventHandlers = { [Name in ServerEventName]: (data: ServerEvents[Name]) => void };

export interface StreamHandlers {
  events: ServerEventHandlers;
  /** The connection failed or closed; the stream is closed by then, and says nothing more. */
  onDropped(): void;
  onMalformed(event: ServerEventName, problem: string): void;
}

/**
 * GET /connect as typed events. EventSource's own retry has a fixed delay and cannot renew a token, so the
 * first error closes the stream for good and the reconnect machine decides what comes next. Once closed,
 * nothing it still receives reaches the handlers.
 */
export class SignalingStream {
  private readonly source: EventSourceLike;
  private closed = false;

  constructor(EventSourceImpl: EventSourceFactory, url: string, private readonly handlers: StreamHandlers) {
    this.source = new EventSourceImpl(url);
    const { events } = handlers;
    this.listen('connected', events.connected);
    this.listen('add-peer', events['add-peer']);
    this.listen('remove-peer', events['remove-peer']);
    this.listen('session-description', events['session-description']);
    this.listen('ice-candidate', events['ice-candidate']);
    this.listen('server-restart', events['server-restart']);
    this.listen('expired', events.expired);
    this.listen('frames', events.frames);
    this.source.addEventListener('error', () => {
      if (this.closed) return;
      this.close();
      handlers.onDropped();
    });
  }

  close(): void {
    this.closed = true;
    this.source.close();
  }

  private listen<Name extends ServerEventName>(name: Name, handle: (data: ServerEvents[Name]) => void): void {
    this.source.addEventListener(name, (event) => {
      if (this.closed) return;
      try {
        if (typeof event.data !== 'string') throw new Error('no data');
        // The server is trusted for the shape: it is the one that validated what peers relayed.
        handle(JSON.parse(event.data) as ServerEvents[Name]);
      } catch (error) {
        // Reported rather than thrown into EventSource's dispatch, where no one would hear of it.
        this.handlers.onMalformed(name, error instanceof Error ? error.message : String(error));
      }
    });
  }
}
