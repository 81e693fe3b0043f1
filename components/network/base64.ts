// Base64 for frames that travel through the server relay: its way down is an event stream, which carries text.

/** Bytes → base64, in slices: spreading a 60 KB frame into one call overflows some engines' argument limits. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

/** Base64 → bytes; throws on text that is not base64 (atob's DOMException says so). */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// Base64url without padding (RFC 4648 §5) for what travels in URLs and attributes: room keys in a link's
// fragment, sealed signaling payloads.

/** Bytes → base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Base64url without padding → bytes. Only the canonical spelling is accepted (no padding, no `+` or `/`, unused
 * trailing bits zero), so one byte string has one text: throws an Error saying which rule the text breaks.
 */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const wrongCharacter = /[^A-Za-z0-9_-]/.exec(text);
  if (wrongCharacter) {
    throw new Error(`not base64url: ${JSON.stringify(wrongCharacter[0])} at position ${wrongCharacter.index} (only A-Z a-z 0-9 - _, without '=' padding)`);
  }
  if (text.length % 4 === 1) throw new Error(`not base64url: ${text.length} characters cannot be whole bytes`);
  const bytes = fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'));
  if (toBase64Url(bytes) !== text) throw new Error('not base64url: its last character carries bits beyond the last byte');
  return bytes;
}
