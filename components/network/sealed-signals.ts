import type { RelayEvent } from '../../protocol/signaling.js';
import { fromBase64Url, toBase64Url } from './base64.js';
import type { RoomCipher } from './room-cipher.js';

// Signaling payloads (session descriptions, ICE candidates) as they cross the server in a room with a key:
// `{sealed: <base64url>}`, so the server can neither read them nor swap the DTLS fingerprints in the SDP, and a
// browser trusts only the fingerprints its peer sealed.

/** Who sent a payload to whom, and as which event: what the seal binds it to. */
export interface SignalRoute {
  roomId: string;
  from: string;
  to: string;
  event: RelayEvent;
}

/** Why a payload was refused: it did not open under our key, it came unsealed, or sealed while we have no key. */
export type SignalRefusal = 'unreadable' | 'unsealed' | 'sealed-without-key';

export type OpenedSignal = { data: unknown } | { refused: SignalRefusal };

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** `data` sealed for `route`, as it goes in POST /relay's body. */
export async function sealSignal(cipher: RoomCipher, route: SignalRoute, data: object): Promise<{ sealed: string }> {
  const sealed = await cipher.seal(utf8Encoder.encode(JSON.stringify(data)), { purpose: 'signal', ...route });
  return { sealed: toBase64Url(sealed) };
}

/** What a peer relayed, on a board without a room key: taken as it is, unless it is sealed. */
export function plainSignal(data: unknown): OpenedSignal {
  return sealedTextOf(data) === null ? { data } : { refused: 'sealed-without-key' };
}

/** What a peer relayed, opened under `cipher`. */
export async function openSignal(cipher: RoomCipher, route: SignalRoute, data: unknown): Promise<OpenedSignal> {
  const sealed = sealedTextOf(data);
  if (sealed === null) return { refused: 'unsealed' };
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(sealed);
  } catch {
    return { refused: 'unreadable' };
  }
  const plaintext = await cipher.open(bytes, { purpose: 'signal', ...route });
  if (!plaintext) return { refused: 'unreadable' };
  try {
    return { data: JSON.parse(utf8Decoder.decode(plaintext)) as unknown };
  } catch {
    return { refused: 'unreadable' };
  }
}

function sealedTextOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || !('sealed' in data)) return null;
  return typeof data.sealed === 'string' ? data.sealed : null;
}

/** The words for a refusal, after "could not open messages from <name>: ". */
export function signalRefusalText(refusal: SignalRefusal): string {
  switch (refusal) {
    case 'unreadable':
      return 'different room key?';
    case 'unsealed':
      return 'they are not sealed, and this room has a key (no room key, or a server tampering with them?)';
    case 'sealed-without-key':
      return 'they are sealed with a room key this board does not have (open the full link, with its key)';
  }
}
