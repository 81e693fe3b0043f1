import type { ServerEvent } from './protocol.js';

/** What travels to a user's stream: events for the client, and word that its token was renewed. */
export type BusMessage = ServerEvent | { event: 'token-renewed'; data: { expiresAt: number } };

export type EventListener = (message: BusMessage) => void;

/** Delivers events to connected users, wherever their stream is held. */
export interface Bus {
  /**
   * Routes events for `userId` to `listener` until `unsubscribe`; resolves once messages published anywhere
   * reach it. (No object per subscription: there is one per connected user.)
   */
  subscribe(userId: string, listener: EventListener): Promise<void>;
  /** Stops routing to `listener`; a newer listener of the same user stays. */
  unsubscribe(userId: string, listener: EventListener): void;
  publish(userId: string, message: BusMessage): Promise<void>;
  isConnected(userId: string): Promise<boolean>;
  close(): Promise<void>;
}

const SUBSCRIBED = Promise.resolve();

/** Single-process delivery: the default when no Redis is configured. */
export class MemoryBus implements Bus {
  private readonly listeners = new Map<string, EventListener>();

  subscribe(userId: string, listener: EventListener): Promise<void> {
    this.listeners.set(userId, listener);
    return SUBSCRIBED;
  }

  unsubscribe(userId: string, listener: EventListener): void {
    if (this.listeners.get(userId) === listener) this.listeners.delete(userId);
  }

  async publish(userId: string, message: BusMessage): Promise<void> {
    this.listeners.get(userId)?.(message);
  }

  async isConnected(userId: string): Promise<boolean> {
    return this.listeners.has(userId);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
