import { Awareness, outdatedTimeout, removeAwarenessStates } from 'y-protocols/awareness';
import { getUnixTime } from 'lib0/time';
import type * as Y from 'yjs';
import { USERNAME_MAX_LENGTH } from '../../protocol/signaling.js';
import { arrivedBefore, pickPresenceColor, type ColorClaim } from './presence-colors.js';
import { ACCEPTED_AREA } from './input-limits.js';
import { MAX_ZOOM, MIN_ZOOM, type BoardView } from './view.js';

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
  /** Whose: the awareness client id of their widget. */
  clientId: number;
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
  /** What this person's page shows (the board point at its canvas centre, and its zoom): others may follow it. */
  view?: { centerX?: unknown; centerY?: unknown; zoom?: unknown } | null;
}

/** Fields that change with every pointer move or view step: each is sent at most this often (20 times a second). */
const MOVING_FIELD_INTERVAL_MS = 50;

type MovingField = 'cursor' | 'view';

/** A field sent at most once an interval, the latest value last: what a drag or a pan sends. */
interface ThrottledField {
  lastSent: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  pending: unknown;
}

/**
 * Who is here, where their pointer is and what their page shows, over y-protocols awareness. Cursors and views are
 * each sent at most 20 times a second.
 */
export class Presence {
  readonly awareness: Awareness;
  private readonly moving: Record<MovingField, ThrottledField> = {
    cursor: { lastSent: 0, timer: undefined, pending: null },
    view: { lastSent: 0, timer: undefined, pending: null },
  };
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
    for (const field of Object.values(this.moving)) {
      clearTimeout(field.timer);
      field.timer = undefined;
    }
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
    this.sendThrottled('cursor', point);
  }

  /** Shares what this page shows, so others can follow it (a view applied from someone else is not sent back). */
  setView(view: BoardView): void {
    this.sendThrottled('view', { centerX: view.centerX, centerY: view.centerY, zoom: view.zoom });
  }

  /**
   * What someone's page shows: their view, null when they share none (a widget from before views were shared, which
   * shows the home view unless its user moved it), undefined when they are not here.
   */
  viewOf(clientId: number): BoardView | null | undefined {
    const state = this.awareness.getStates().get(clientId) as PresenceState | undefined;
    if (!state) return undefined;
    return validView(state.view);
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
      cursors.push({ clientId, x: cursor.x, y: cursor.y, name: String(state.name ?? '').slice(0, USERNAME_MAX_LENGTH), color: String(state.color ?? '#000000') });
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

  private sendThrottled(name: MovingField, value: unknown): void {
    const field = this.moving[name];
    field.pending = value;
    const wait = field.lastSent + MOVING_FIELD_INTERVAL_MS - Date.now();
    if (wait <= 0) return this.sendField(name);
    field.timer ??= setTimeout(() => this.sendField(name), wait);
  }

  private sendField(name: MovingField): void {
    const field = this.moving[name];
    clearTimeout(field.timer);
    field.timer = undefined;
    field.lastSent = Date.now();
    this.awareness.setLocalStateField(name, field.pending);
  }
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * A peer's announced view as one this page can show: a centre held to the accepted area (a pan may go beyond it)
 * and a zoom to the limits; null for anything that is not three finite numbers.
 */
function validView(view: PresenceState['view']): BoardView | null {
  if (!view || typeof view !== 'object') return null;
  const { centerX, centerY, zoom } = view;
  if (!isFiniteNumber(centerX) || !isFiniteNumber(centerY) || !isFiniteNumber(zoom)) return null;
  return {
    centerX: clamp(centerX, ACCEPTED_AREA.minX, ACCEPTED_AREA.maxX),
    centerY: clamp(centerY, ACCEPTED_AREA.minY, ACCEPTED_AREA.maxY),
    zoom: clamp(zoom, MIN_ZOOM, MAX_ZOOM),
  };
}
