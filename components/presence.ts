import { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Cursor } from './renderer.js';

export interface Participant {
  /** The awareness client id: unique per open widget. */
  clientId: number;
  name: string;
  color: string;
  local: boolean;
}

interface PresenceState {
  name?: unknown;
  color?: unknown;
  cursor?: { x?: unknown; y?: unknown } | null;
}

const CURSOR_INTERVAL_MS = 50;

/** Who is here and where their pointer is, over y-protocols awareness. Cursors are sent at most 20 times a second. */
export class Presence {
  readonly awareness: Awareness;
  private lastCursorSent = 0;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingCursor: { x: number; y: number } | null = null;

  constructor(ydoc: Y.Doc, onChange: () => void) {
    this.awareness = new Awareness(ydoc);
    this.awareness.on('change', onChange);
  }

  /** Announces name and colour; unchanged values send nothing. */
  setUser(name: string, color: string): void {
    const state = (this.awareness.getLocalState() ?? {}) as PresenceState;
    if (state.name === name && state.color === color) return;
    this.awareness.setLocalState({ ...state, name, color });
  }

  setCursor(point: { x: number; y: number } | null): void {
    this.pendingCursor = point;
    const wait = this.lastCursorSent + CURSOR_INTERVAL_MS - Date.now();
    if (wait <= 0) return this.sendCursor();
    this.cursorTimer ??= setTimeout(() => this.sendCursor(), wait);
  }

  get participants(): Participant[] {
    const participants: Participant[] = [];
    for (const [clientId, state] of this.awareness.getStates() as Map<number, PresenceState>) {
      if (typeof state.name !== 'string' || typeof state.color !== 'string') continue;
      participants.push({ clientId, name: state.name.slice(0, 32), color: state.color, local: clientId === this.awareness.clientID });
    }
    return participants;
  }

  /** Other people's cursors on the board. */
  get cursors(): Cursor[] {
    const cursors: Cursor[] = [];
    for (const [clientId, state] of this.awareness.getStates() as Map<number, PresenceState>) {
      const cursor = state.cursor;
      if (clientId === this.awareness.clientID || !cursor || typeof cursor.x !== 'number' || typeof cursor.y !== 'number') continue;
      cursors.push({ x: cursor.x, y: cursor.y, name: String(state.name ?? '').slice(0, 32), color: String(state.color ?? '#000000') });
    }
    return cursors;
  }

  destroy(): void {
    clearTimeout(this.cursorTimer);
    this.awareness.destroy();
  }

  private sendCursor(): void {
    clearTimeout(this.cursorTimer);
    this.cursorTimer = undefined;
    this.lastCursorSent = Date.now();
    this.awareness.setLocalStateField('cursor', this.pendingCursor);
  }
}
