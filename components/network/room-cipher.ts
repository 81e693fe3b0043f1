import { roomKeyBytes } from './room-key.js';

// Seals what the server relays (signaling payloads, relayed frames) under a key derived from the room key, so
// the server routes bytes it can neither read nor alter unnoticed. AES-GCM with a fresh random 96-bit IV per
// message; the additional data binds each message to why it was sent, in which room, by whom and for whom, so
// a server cannot replay a sealed message in another room, as another member, to another member or as another
// event.

/** What a sealed message is for: it must be opened with the same context it was sealed with. */
export type SealContext =
  | { purpose: 'signal'; roomId: string; from: string; to: string; event: string }
  | { purpose: 'frame'; roomId: string; from: string }
  // A stored entry is read later by any member, so it names no sender or recipient: only its room.
  | { purpose: 'entry'; roomId: string };

/** The first byte of sealed bytes: the layout and derivation below. A later scheme takes another number. */
const SEAL_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes a sealed message has beyond its plaintext: version, IV and tag. */
export const SEALED_OVERHEAD_BYTES = 1 + IV_BYTES + TAG_BYTES;

const utf8 = new TextEncoder();

/**
 * The additional data for `context`: JSON of its fields in a fixed order behind the version, so no two contexts
 * share an encoding (JSON quotes and escapes each string, lone surrogates included).
 */
function additionalData(context: SealContext): Uint8Array<ArrayBuffer> {
  const fields =
    context.purpose === 'signal' ? [SEAL_VERSION, context.purpose, context.roomId, context.from, context.to, context.event]
    : context.purpose === 'frame' ? [SEAL_VERSION, context.purpose, context.roomId, context.from]
    : [SEAL_VERSION, context.purpose, context.roomId];
  return utf8.encode(JSON.stringify(fields));
}

/** `bytes` as WebCrypto takes them: views of a SharedArrayBuffer are copied out. */
function unsharedBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

export class RoomCipher {
  /**
   * The cipher of room `roomId` under room key `roomKey` (base64url; throws "Invalid room key…" if it is not one).
   * HKDF-SHA-256 with the room id in the salt: the same key in two rooms seals with two unrelated keys. Neither
   * the imported room key nor the derived key can be exported from WebCrypto.
   */
  static async create(roomKey: string, roomId: string): Promise<RoomCipher> {
    const roomKeyMaterial = await crypto.subtle.importKey('raw', roomKeyBytes(roomKey), 'HKDF', false, ['deriveKey']);
    const sealingKey = await crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: utf8.encode(`draw-room/v1 room ${roomId}`), info: utf8.encode('draw-room/v1 seal') },
      roomKeyMaterial,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
    return new RoomCipher(sealingKey);
  }

  private constructor(private readonly sealingKey: CryptoKey) {}

  /** @internal The derived AES-GCM key, for the test that checks it cannot be exported. */
  get keyForTests(): CryptoKey {
    return this.sealingKey;
  }

  /** `plaintext` sealed for `context`: version byte, 12-byte random IV, AES-GCM ciphertext and its 16-byte tag. */
  async seal(plaintext: Uint8Array, context: SealContext): Promise<Uint8Array<ArrayBuffer>> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const ciphertext = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: additionalData(context), tagLength: TAG_BYTES * 8 },
      this.sealingKey,
      unsharedBytes(plaintext),
    );
    const sealed = new Uint8Array(1 + IV_BYTES + ciphertext.byteLength);
    sealed[0] = SEAL_VERSION;
    sealed.set(iv, 1);
    sealed.set(new Uint8Array(ciphertext), 1 + IV_BYTES);
    return sealed;
  }

  /**
   * The plaintext of `sealed` if it was sealed under this room's key for exactly `context`, else null: another
   * version, too short, altered anywhere, another key, room, purpose, sender, recipient or event. Never throws:
   * whatever a peer or the server sends, the caller decides what a refusal means.
   */
  async open(sealed: Uint8Array, context: SealContext): Promise<Uint8Array<ArrayBuffer> | null> {
    if (sealed.length < SEALED_OVERHEAD_BYTES || sealed[0] !== SEAL_VERSION) return null;
    const bytes = unsharedBytes(sealed);
    try {
      const plaintext = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.subarray(1, 1 + IV_BYTES), additionalData: additionalData(context), tagLength: TAG_BYTES * 8 },
        this.sealingKey,
        bytes.subarray(1 + IV_BYTES),
      );
      return new Uint8Array(plaintext);
    } catch {
      // WebCrypto's OperationError says only that the tag did not match: there is nothing more to tell.
      return null;
    }
  }
}
