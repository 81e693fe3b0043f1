import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/** Where a board lives: the server (its origin; none for a local board), the room and the room's key, if any. */
export interface BoardPlace {
  serverUrl: string;
  roomId: string;
  roomKey: string | undefined;
}

/**
 * The IndexedDB database that keeps a board on this device: `draw-room:<server origin>:<room>`, plus a digest of
 * the room key when there is one. Two keys for one room id are two boards (each sees the other's as noise), so
 * they get two copies, or one would carry its drawing into the other; a digest, because the page can list
 * database names and the key itself belongs in no name. Null when a keyed board's key cannot be digested (a page
 * that is not a secure context, where a keyed board is refused anyway).
 */
export async function deviceCopyName({ serverUrl, roomId, roomKey }: BoardPlace): Promise<string | null> {
  const server = serverUrl ? new URL(serverUrl, location.href).origin : 'local';
  const name = `draw-room:${server}:${roomId}`;
  if (roomKey === undefined) return name;
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`draw-room device copy\n${roomKey}`));
  const hex = [...new Uint8Array(digest).slice(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${name}:${hex}`;
}

/**
 * A room's document kept in IndexedDB through y-indexeddb: what the device held is merged into the document as
 * soon as the database opens (painting it before any peer or server answers), and every update after that is
 * appended. The merge is a Yjs update like any other, so the same items arriving from peers too are not doubled.
 */
export class DeviceCopy {
  private readonly persistence: IndexeddbPersistence;
  /** Resolves once what the device held is in the document. */
  readonly restored: Promise<void>;

  constructor(
    readonly name: string,
    ydoc: Y.Doc,
    onError: (message: string) => void,
  ) {
    this.persistence = new IndexeddbPersistence(name, ydoc);
    this.restored = this.persistence.whenSynced.then(() => undefined);
    this.persistence._db.catch((error: unknown) => onError(`could not keep the board on this device (IndexedDB ${name}): ${String(error)}`));
  }

  /** Stops writing; what was kept stays for the next visit. */
  close(): void {
    this.persistence.destroy().catch(() => undefined);
  }
}

/** Whether this page can keep anything on the device at all. */
export const canKeepOnDevice = (): boolean => typeof indexedDB !== 'undefined';
