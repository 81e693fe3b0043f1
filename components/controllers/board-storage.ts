import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DrawingDocument } from '../drawing/document.js';
import { DeviceCopy, canKeepOnDevice, deviceCopyName, type BoardPlace } from '../sync/device-copy.js';

/**
 * Where the board is kept beyond the page: `none` nowhere, `local` on this device (IndexedDB), `server` on the
 * device and on the server (the room session's ServerCopy), like `local` when the server keeps no boards.
 */
export type Persist = 'none' | 'local' | 'server';

export const PERSIST_VALUES: readonly Persist[] = ['none', 'local', 'server'];

export const DEFAULT_PERSIST: Persist = 'server';

/** `persist` as given, or the default (with a console warning) for a value that is none of them. */
export function parsePersist(value: string | null): Persist {
  if (value === null || value === '') return DEFAULT_PERSIST;
  if ((PERSIST_VALUES as readonly string[]).includes(value)) return value as Persist;
  console.warn(`draw-room: persist="${value}" is not one of ${PERSIST_VALUES.join(', ')}; using ${DEFAULT_PERSIST}`);
  return DEFAULT_PERSIST;
}

/** How long after a change the host hears of it, at most: changes in between go in the same event. */
export const CHANGE_EVENT_AFTER_MS = 1000;

export interface BoardStorageParts {
  document: DrawingDocument;
  /** Where the board is and how it is kept, read after every update. */
  place(): BoardPlace & { persist: Persist };
  /** The board changed (at most once per CHANGE_EVENT_AFTER_MS): a host may take its own copy now. */
  onChange(): void;
  onError(message: string): void;
}

type Host = ReactiveControllerHost & { readonly hasUpdated: boolean };

/**
 * Keeps the board on the device while `persist` allows it, one IndexedDB database per server, room and key
 * (DeviceCopy), following the element's room as it changes; and tells the host, at most once a second, that the
 * board changed, so that it can keep a copy of its own.
 */
export class BoardStorageController implements ReactiveController {
  private copy: DeviceCopy | null = null;
  /** Which copy is open (or being opened): server, room, key and persist, as JSON. */
  private copyKey: string | null = null;
  /** Counts openings, so that a name digested for a place the element has left since opens nothing. */
  private openings = 0;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private stopWatching: (() => void) | null = null;

  constructor(
    private readonly host: Host,
    private readonly parts: BoardStorageParts,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stopWatching = this.parts.document.onChange(() => this.changed());
    // Properties set before the element upgraded are applied at its first update: open the copy only then.
    if (this.host.hasUpdated) this.follow();
  }

  hostUpdated(): void {
    this.follow();
  }

  hostDisconnected(): void {
    this.stopWatching?.();
    this.stopWatching = null;
    clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    this.closeCopy();
  }

  private follow(): void {
    const { persist, ...place } = this.parts.place();
    const key = JSON.stringify([persist, place.serverUrl, place.roomId, place.roomKey ?? null]);
    if (key === this.copyKey) return;
    this.closeCopy();
    this.copyKey = key;
    if (persist === 'none' || !canKeepOnDevice()) return;
    const opening = this.openings;
    void deviceCopyName(place).then((name) => {
      if (opening !== this.openings || name === null) return;
      this.copy = new DeviceCopy(name, this.parts.document.ydoc, (message) => this.parts.onError(message));
    });
  }

  private closeCopy(): void {
    this.openings++;
    this.copy?.close();
    this.copy = null;
    this.copyKey = null;
  }

  private changed(): void {
    this.changeTimer ??= setTimeout(() => {
      this.changeTimer = undefined;
      this.parts.onChange();
    }, CHANGE_EVENT_AFTER_MS);
  }
}
