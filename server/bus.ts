import type { ServerEvent } from './protocol.js';

export type EventListener = (event: ServerEvent) => void;

/** Delivers events to connected users, wherever their stream is held. */
export interface Bus {
  /** Routes events for `userId` to `listener` until the returned function is called. */
  subscribe(userId: string, listener: EventListener): () => void;
  publish(userId: string, event: ServerEvent): Promise<void>;
  isConnected(userId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Single-process delivery: the default when no Redis is configured. */
export class MemoryBus implements Bus {
  private readonly listeners = new Map<string, EventListener>();

  subscribe(userId: string, listener: EventListener): () => void {
    this.listeners.set(userId, listener);
    return () => {
      if (this.listeners.get(userId) === listener) this.listeners.delete(userId);
    };
  }

  async publish(userId: string, event: ServerEvent): Promise<void> {
    this.listeners.get(userId)?.(event);
  }

  async isConnected(userId: string): Promise<boolean> {
    return this.listeners.has(userId);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
