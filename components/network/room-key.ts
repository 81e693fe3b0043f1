import { fromBase64Url, toBase64Url } from './base64.js';

// The room key: random bytes that never reach the server (a link carries them in its fragment, a host page in
// the `room-key` attribute), from which RoomCipher derives the keys that seal what the server relays.

/** Bytes in a key the widget makes: 256 bits. */
export const GENERATED_ROOM_KEY_BYTES = 32;
/** Fewest bytes a key may have: 128 bits, below which guessing it becomes thinkable. */
export const MIN_ROOM_KEY_BYTES = 16;
/** Most bytes a key may have: HKDF takes any length, but a longer key adds nothing and makes links unwieldy. */
export const MAX_ROOM_KEY_BYTES = 64;

/** A new random room key: 32 bytes as base64url without padding (43 characters). */
export function generateRoomKey(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(GENERATED_ROOM_KEY_BYTES)));
}

/**
 * The bytes of room key `text`. Throws an Error whose message starts "Invalid room key" and says what is wrong,
 * without repeating the key (the message reaches status lines and may reach logs).
 */
export function roomKeyBytes(text: string): Uint8Array<ArrayBuffer> {
  if (text.length === 0) throw new Error('Invalid room key: it is empty');
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64Url(text);
  } catch (error) {
    throw new Error(`Invalid room key: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (bytes.length < MIN_ROOM_KEY_BYTES) {
    throw new Error(`Invalid room key: ${bytes.length} bytes, it needs at least ${MIN_ROOM_KEY_BYTES} (${MIN_ROOM_KEY_BYTES * 8} random bits)`);
  }
  if (bytes.length > MAX_ROOM_KEY_BYTES) throw new Error(`Invalid room key: ${bytes.length} bytes, it may have at most ${MAX_ROOM_KEY_BYTES}`);
  return bytes;
}

/** Whether this page can seal: WebCrypto's `crypto.subtle` exists only in secure contexts (HTTPS, localhost). */
export function canEncrypt(): boolean {
  return typeof globalThis.crypto?.subtle?.importKey === 'function';
}
