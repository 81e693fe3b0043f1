import type { RoomCipher } from '../network/room-cipher.js';
import type { EntrySealing } from './server-copy.js';

/**
 * How a room's stored entries are sealed: under the room key (purpose 'entry', bound to the room only, since any
 * member reads them later) once its cipher is derived, or not at all in a room without a key.
 */
export function entrySealing(cipher: Promise<RoomCipher> | null, roomId: string): EntrySealing {
  if (!cipher) return { keyed: false, seal: (bytes) => Promise.resolve(bytes), open: (bytes) => Promise.resolve(bytes) };
  return {
    keyed: true,
    seal: async (bytes) => (await cipher).seal(bytes, { purpose: 'entry', roomId }),
    open: async (bytes) => (await cipher).open(bytes, { purpose: 'entry', roomId }),
  };
}
