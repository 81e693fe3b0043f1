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
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
