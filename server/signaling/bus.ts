import type { ServerEvent } from '../../protocol/signaling.js';

/**
 * What travels to a user's stream: events for the client, word that its token was renewed, and word that a newer
 * stream of the same user (on this instance or another) took over.
 */
export type BusMessage =
  | ServerEvent
  | { event: 'token-renewed'; data: { expiresAt: number } }
  | { event: 'replaced'; data: Record<string, never> };

export type EventListener = (message: BusMessage) => void;

/** A stream made the user's one stream: its id, and when the whole cluster knows it. */
export interface Attachment {
  streamId: string;
  /** Resolves once events published anywhere reach this stream; rejects when the store cannot say so. */
  claimed: Promise<void>;
}

/**
 * Delivers events to connected users, wherever their stream is held. Each user has at most one stream in the
 * whole cluster: a new one evicts the old wherever it is, and only the current one's end counts as leaving.
 */
export interface Bus {
  /** Makes `listener` the user's stream; an older stream of the user, on any instance, gets `replaced`. */
  attach(userId: string, listener: EventListener): Attachment;
  /**
   * Ends stream `streamId`'s hold on the user; true when it was still the user's stream (the user has left, and
   * should leave its rooms), false when a newer stream had taken over. Safe to call again after a failure.
   */
  detach(userId: string, streamId: string): Promise<boolean>;
  /** True when a stream took the message; false when no stream holds the user. */
  publish(userId: string, message: BusMessage): Promise<boolean>;
  isConnected(userId: string): Promise<boolean>;
  close(): Promise<void>;
}

interface Held {
  streamId: string;
  listener: EventListener;
}

/** Single-process delivery: the default when no Redis is configured. */
export class MemoryBus implements Bus {
  private readonly streams = new Map<string, Held>();
  private nextStreamId = 1;

  attach(userId: string, listener: EventListener): Attachment {
    const streamId = String(this.nextStreamId++);
    // An older stream in this process is closed by the StreamRegistry, which sees the new one come.
    this.streams.set(userId, { streamId, listener });
    return { streamId, claimed: Promise.resolve() };
  }

  async detach(userId: string, streamId: string): Promise<boolean> {
    if (this.streams.get(userId)?.streamId !== streamId) return false;
    this.streams.delete(userId);
    return true;
  }

  async publish(userId: string, message: BusMessage): Promise<boolean> {
    return this.deliver(userId, message);
  }

  /** Delivers at once (the room registry announces joins and leaves in the order they happen). */
  deliver(userId: string, message: BusMessage): boolean {
    const held = this.streams.get(userId);
    held?.listener(message);
    return held !== undefined;
  }

  holds(userId: string): boolean {
    return this.streams.has(userId);
  }

  async isConnected(userId: string): Promise<boolean> {
    return this.streams.has(userId);
  }

  async close(): Promise<void> {
    this.streams.clear();
  }
}
