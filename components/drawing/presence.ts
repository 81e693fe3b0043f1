import { Awareness, outdatedTimeout, removeAwarenessStates } from 'y-protocols/awareness';
import { getUnixTime } from 'lib0/time';
import type * as Y from 'yjs';
import { USERNAME_MAX_LENGTH } from '../../protocol/signaling.js';

/** Someone's announced presence: one per open widget. */
export interface PresentUser {
  /** The awareness client id: unique per open widget. */
  clientId: number;
  /** The id the server knows them by; null on a local board or before they connected. */
  userId: string | null;
  name: string;
  color: string;
  local: boolean;
}

/** Where someone else's pointer is on the board, and the name and colour shown beside it. */
export interface Cursor {
  x: number;
  y: number;
  name: string;
  color: string;
}

interface PresenceState {
  name?: unknown;
  color?: unknown;
  userId?: unknown;
  cursor?: { x?: unknown; y?: unknown } | null;
}

const CURSOR_INTERVAL_MS = 50;

/** Who is here and where their pointer is, over y-protocols awareness. Cursors are sent at most 20 times a second. */
export class Presence {
  readonly awareness: Awareness;
  private lastCursorSent = 0;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingCursor: { x: number; y: number } | null = null;
  private renewTimer: ReturnType<typeof setInterval> | undefined;

  constructor(ydoc: Y.Doc, onChange: () => void) {
    this.awareness = new Awareness(ydoc);
    // Awareness renews and expires states on a timer from construction to destroy(); that timer would keep a
    // removed <draw-room> alive for ever. The same work runs here, and only while the element is in a page.
    clearInterval(this.awareness._checkInterval);
    this.awareness.on('change', onChange);
  }

  /** Starts renewing this user's state and expiring silent peers' (the element is in a page). */
  start(): void {
    this.renewTimer ??= setInterval(() => this.renew(), outdatedTimeout / 10);
  }

  /** The element left the page: nothing to renew, and nothing may keep it alive. */
  stop(): void {
    clearInterval(this.renewTimer);
    this.renewTimer = undefined;
    clearTimeout(this.cursorTimer);
    this.cursorTimer = undefined;
  }

  /** Announces name, colour and server user id; unchanged values send nothing. */
  setUser(name: string, color: string, userId: string | null = null): void {
    const state = (this.awareness.getLocalState() ?? {}) as PresenceState;
    if (state.name === name && state.color === color && (state.userId ?? null) === userId) return;
    this.awareness.setLocalState({ ...state, name, color, userId });
  }

  setCursor(point: { x: number; y: number } | null): void {
    this.pendingCursor = point;
    const wait = this.lastCursorSent + CURSOR_INTERVAL_MS - Date.now();
    if (wait <= 0) return this.sendCursor();
    this.cursorTimer ??= setTimeout(() => this.sendCursor(), wait);
  }

  get participants(): PresentUser[] {
    const participants: PresentUser[] = [];
    for (const [clientId, state] of this.awareness.getStates() as Map<number, PresenceState>) {
      if (typeof state.name !== 'string' || typeof state.color !== 'string') continue;
      const userId = typeof state.userId === 'string' ? state.userId : null;
      participants.push({ clientId, userId, name: state.name.slice(0, USERNAME_MAX_LENGTH), color: state.color, local: clientId === this.awareness.clientID });
    }
    return participants;
  }

  /** Other people's cursors on the board. */
  get cursors(): Cursor[] {
    const cursors: Cursor[] = [];
    for (const [clientId, state] of this.awareness.getStates() as Map<number, PresenceState>) {
      const cursor = state.cursor;
      if (clientId === this.awareness.clientID || !cursor || typeof cursor.x !== 'number' || typeof cursor.y !== 'number') continue;
      cursors.push({ x: cursor.x, y: cursor.y, name: String(state.name ?? '').slice(0, USERNAME_MAX_LENGTH), color: String(state.color ?? '#000000') });
    }
    return cursors;
  }

  destroy(): void {
    this.stop();
    this.awareness.destroy();
  }

  private renew(): void {
    const { awareness } = this;
    const now = getUnixTime(); // the clock awareness stamps states with
    const local = awareness.getLocalState();
    const localMeta = awareness.meta.get(awareness.clientID);
    if (local !== null && localMeta && now - localMeta.lastUpdated >= outdatedTimeout / 2) awareness.setLocalState(local);
    const silent: number[] = [];
    for (const [clientId, meta] of awareness.meta) {
      if (clientId !== awareness.clientID && now - meta.lastUpdated >= outdatedTimeout && awareness.states.has(clientId)) silent.push(clientId);
    }
    if (silent.length > 0) removeAwarenessStates(awareness, silent, 'timeout');
  }

  private sendCursor(): void {
    clearTimeout(this.cursorTimer);
    this.cursorTimer = undefined;
    this.lastCursorSent = Date.now();
    this.awareness.setLocalStateField('cursor', this.pendingCursor);
  }
}
