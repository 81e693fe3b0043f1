// The signaling wire format, shared by the server and the widget.
// This file must stay free of Node imports: the browser bundle uses it too.
import type { StorageRefusalCode } from './room-entries.js';

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

/**
 * One widget in one room. A user is a browser's signaling session, shared by all its tabs and widgets over one
 * event stream; each widget joins its room as a member of its own, and peers are members: they connect to,
 * relay to and draw with one another by member id.
 */
export interface Member {
  /** "<userId>.<member key>": what peers address it by. */
  id: string;
  userId: string;
  username: string;
}

/** The key a widget picks for its membership (random, kept across reconnects so peers keep their connections). */
export const MEMBER_KEY_PATTERN = /^[A-Za-z0-9_-]{8,32}$/;

export function memberIdOf(userId: string, memberKey: string): string {
  return `${userId}.${memberKey}`;
}

/** The user part of a member id, or null when `memberId` is not "<user id>.<member key>". */
export function userIdOfMember(memberId: string): string | null {
  const dot = memberId.indexOf('.');
  if (dot <= 0 || !MEMBER_KEY_PATTERN.test(memberId.slice(dot + 1))) return null;
  return memberId.slice(0, dot);
}

/** POST /:roomId/join's body: which of the user's widgets joins, and the name it shows there. */
export interface JoinRequest {
  member: string;
  /** The widget's name in this room; the token's name when absent. */
  username?: string;
}

/** What POST /:roomId/join answers. */
export interface JoinAnswer {
  roomId: string;
  /** The joiner, as the others see it. */
  member: Member;
  /** The members already there; each also comes as add-peer on the event stream. */
  peers: Member[];
  /** Direct peer connections each browser may hold (MAX_MESH_PEERS); the other pairs talk through the relay. */
  meshPeers: number;
  /** Whether this server keeps boards (GET/POST /:roomId/entries): a widget asks for its room's entries only then. */
  storage: boolean;
}

/** What POST /access and POST /access/refresh answer. */
export interface AccessGrant {
  token: string;
  user: User;
  /** When the token stops being accepted, in ms since the epoch. */
  expiresAt: number;
}

/** POST /:roomId/leave's body: the user's widget that leaves (its tab closed, or it was removed). */
export interface LeaveRequest {
  member: string;
}

/** POST /relay/:peerId/:event's body: the sending member and what it relays. */
export interface RelayRequest {
  from: string;
  data: object;
}

// Events for a member carry `to`, its member id: one stream serves all the widgets of a user.
export interface ServerEvents {
  connected: { user: User };
  'add-peer': { to: string; peer: Member; roomId: string; offer: boolean };
  'remove-peer': { to: string; peer: Member; roomId: string };
  'session-description': { to: string; peer: Member; data: unknown };
  'ice-candidate': { to: string; peer: Member; data: unknown };
  /** The stream's token expired: the stream ends; get a new token and reconnect. */
  expired: { reason: string };
  /** The server is shutting down: the stream ends; reconnect after `retryAfterMs`. Peer connections may stay. */
  'server-restart': { reason: string; retryAfterMs: number };
  /** Drawing frames a peer sent through the server (POST /frames), in order; see relay-frames.ts. */
  frames: { to: string; peer: Member; frames: string[] };
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
  code?: JoinRefusalCode | StorageRefusalCode;
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
