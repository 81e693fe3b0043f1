// The signaling wire format, shared by the server and the widget.
// This file must stay free of Node imports: the browser bundle uses it too.

export interface User {
  id: string;
  username: string;
}

/** Room ids are URL-safe; generated ones carry 128 bits of randomness (22 base64url chars). */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const USERNAME_MAX_LENGTH = 32;
export const RELAY_EVENTS = ['session-description', 'ice-candidate'] as const;
export type RelayEvent = (typeof RELAY_EVENTS)[number];

/** Direct peer connections a browser holds when the server does not say (MAX_MESH_PEERS' default). */
export const DEFAULT_MESH_PEERS = 8;

/** What POST /:roomId/join answers. */
export interface JoinAnswer {
  roomId: string;
  /** The members already there; each also comes as add-peer on the event stream. */
  peers: User[];
  /** Direct peer connections each browser may hold (MAX_MESH_PEERS); the other pairs talk through the relay. */
  meshPeers: number;
}

/** What POST /access and POST /access/refresh answer. */
export interface AccessGrant {
  token: string;
  user: User;
  /** When the token stops being accepted, in ms since the epoch. */
  expiresAt: number;
}

export interface ServerEvents {
  connected: { user: User };
  'add-peer': { peer: User; roomId: string; offer: boolean };
  'remove-peer': { peer: User; roomId: string };
  'session-description': { peer: User; data: unknown };
  'ice-candidate': { peer: User; data: unknown };
  /** The stream's token expired: the stream ends; get a new token and reconnect. */
  expired: { reason: string };
  /** The server is shutting down: the stream ends; reconnect after `retryAfterMs`. Peer connections may stay. */
  'server-restart': { reason: string; retryAfterMs: number };
  /** Drawing frames a peer sent through the server (POST /frames), in order; see relay-frames.ts. */
  frames: { peer: User; frames: string[] };
}
export type ServerEventName = keyof ServerEvents;

export interface ServerEvent<Name extends ServerEventName = ServerEventName> {
  event: Name;
  data: ServerEvents[Name];
}

/** Why a join was refused, in the 409 body's `code`: retrying later cannot help the widget, so it stops and says so. */
export type JoinRefusalCode = 'room-full' | 'too-many-rooms';

/** The JSON body of every 4xx answer; `code` and `limit` say more when a client must act on the reason. */
export interface ErrorBody {
  error: string;
  code?: JoinRefusalCode;
  limit?: number;
}

/** The name as it is issued and shown: NFC, so "e" + combining acute and "é" are one name, then trimmed. */
export function normalizeUsername(username: string): string {
  return username.normalize('NFC').trim();
}

// Controls (Cc), format characters (Cf: bidi overrides and isolates, zero-width characters, soft hyphen, tags),
// line and paragraph separators (Zl, Zp) and lone surrogates (Cs) let one name pass for another or rearrange the
// text shown around it.
const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
// A zero-width joiner is how emoji combine (👩‍💻): it is allowed between two pictographs (and their
// presentation selector or skin tone). Lookahead only: lookbehind breaks the widget's bundle in older Safari.
const EMOJI_JOINER = /(\p{Extended_Pictographic}(?:\u{FE0F}|[\u{1F3FB}-\u{1F3FF}])?)\u200D(?=\p{Extended_Pictographic})/gu;

/**
 * What is wrong with a name the server would refuse, or null when it is fine. The one rule for server and
 * widget; it judges the name as normalizeUsername() gives it.
 */
export function usernameProblem(username: string): string | null {
  const name = normalizeUsername(username);
  const hidden = HIDDEN_CHARACTER.exec(name.replace(EMOJI_JOINER, '$1'))?.[0];
  if (hidden !== undefined) {
    const codePoint = hidden.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `username must not contain control characters, invisible format characters or line separators (it has U+${codePoint})`;
  }
  if (name.length < 1 || name.length > USERNAME_MAX_LENGTH) return `username must be 1 to ${USERNAME_MAX_LENGTH} characters after trimming`;
  return null;
}

export function isRoomId(value: string): boolean {
  return ROOM_ID_PATTERN.test(value);
}

export function isRelayEvent(value: string): value is RelayEvent {
  return (RELAY_EVENTS as readonly string[]).includes(value);
}
