import { HttpError } from './errors.js';

/**
 * The bytes of `body[name]`, a string of standard base64 (padded, nothing else: what btoa and Buffer make), or the
 * HttpError saying what is wrong: 400 when it is missing, empty or not canonical base64, 413 over `maxBytes`.
 * Canonical means it encodes back to itself, so one entry has one spelling and a stray character is refused
 * instead of being skipped as node's lenient decoder would.
 */
export function base64FieldOf(body: Record<string, unknown>, name: string, maxBytes: number): Uint8Array {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw new HttpError(400, `${name} must be the entry's bytes in base64 (got ${value === '' ? 'an empty string' : typeof value})`);
  // Decoded length, from the encoded one: refuse before decoding anything too big.
  if (Math.floor(value.length / 4) * 3 > maxBytes + 2) throw tooLarge(name, maxBytes);
  // A character class alone: a pattern of repeated groups overflowed the stack on a few megabytes.
  const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0 ? Buffer.from(value, 'base64') : null;
  if (bytes === null || bytes.toString('base64') !== value) {
    throw new HttpError(400, `${name} is not valid base64: use A-Z a-z 0-9 + / with = padding to a multiple of 4 characters`);
  }
  if (bytes.length > maxBytes) throw tooLarge(name, maxBytes);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const tooLarge = (name: string, maxBytes: number) => new HttpError(413, `${name} is over the ${maxBytes} bytes it may hold`);

/** `bytes` as standard base64, for an answer. */
export function base64Of(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
