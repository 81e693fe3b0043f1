import { Awareness, outdatedTimeout, removeAwarenessStates } from 'y-protocols/awareness';
import { getUnixTime } from 'lib0/time';
import type * as Y from 'yjs';
import { USERNAME_MAX_LENGTH } from '../../protocol/signaling.js';
import { arrivedBefore, pickPresenceColor, type ColorClaim } from './presence-colors.js';

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
  /** When this widget arrived (ms, its clock): orders colour claims, and tells who joined after whom. */
  since?: unknown;
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
  private readonly since: number;

  constructor(ydoc: Y.Doc, onChange: () => void, now: () => number = Date.now) {
    this.awareness = new Awareness(ydoc);
    this.since = now();
    // Awareness renews and expires states on a timer from construction to destroy(); that timer would keep a
    // removed <draw-room> alive for ever. The same work runs here, and only while the element is in a page.
    clearInterval(this.awareness._checkInterval);
    this.awareness.on('change', () => {
      // Someone arrived or re-picked: this user's colour may have to move (or may move back) first.
      this.claimColor();
      onChange();
    });
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

  /**
   * Announces name and server user id, with a colour no one present before this user holds (see
   * `pickPresenceColor`); unchanged values send nothing.
   */
  setUser(name: string, userId: string | null = null): void {
    const state = (this.awareness.getLocalState() ?? {}) as PresenceState;
    const color = this.freeColor(state.color);
    if (state.name === name && state.color === color && (state.userId ?? null) === userId && state.since === this.since) return;
    this.awareness.setLocalState({ ...state, name, color, userId, since: this.since });
  }

  /** True when the client arrived after this user (or its arrival is unknown): its appearance is news here. */
  arrivedAfterMe(clientId: number): boolean {
    const since = (this.awareness.getStates().get(clientId) as PresenceState | undefined)?.since;
    if (typeof since !== 'number') return true;
    return arrivedBefore({ clientId: this.awareness.clientID, since: this.since }, { clientId, since });
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

  /** Moves this user's announced colour when someone who came first holds it. */
  private claimColor(): void {
    const state = this.awareness.getLocalState() as PresenceState | null;
    if (!state) return;
    const color = this.freeColor(state.color);
    if (state.color !== color) this.awareness.setLocalStateField('color', color);
  }

  private freeColor(current: unknown): string {
    const others: ColorClaim[] = [];
    for (const [clientId, state] of this.awareness.getStates() as Map<number, PresenceState>) {
      if (clientId === this.awareness.clientID || typeof state.color !== 'string') continue;
      // A widget of an older version announces no arrival: it counts as here first, as it most likely was.
      others.push({ clientId, since: typeof state.since === 'number' ? state.since : 0, color: state.color });
    }
    return pickPresenceColor({ clientId: this.awareness.clientID, since: this.since }, others, typeof current === 'string' ? current : undefined);
  }

  private sendCursor(): void {
    clearTimeout(this.cursorTimer);
    this.cursorTimer = undefined;
    this.lastCursorSent = Date.now();
    this.awareness.setLocalStateField('cursor', this.pendingCursor);
  }
}
