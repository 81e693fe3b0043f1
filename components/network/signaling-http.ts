import { iceServersAnswerOf, type IceServersAnswer } from '../../protocol/ice-servers.js';
import type { FramesReceipt, FramesUpload } from '../../protocol/relay-frames.js';
import {
  DEFAULT_MESH_PEERS,
  type AccessGrant,
  type ErrorBody,
  type JoinRequest,
  type LeaveRequest,
  type Member,
  type RelayEvent,
  type RelayRequest,
} from '../../protocol/signaling.js';

/** The part of `fetch` this client uses: injected so a test can stand in for the server. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

type RefusalCode = NonNullable<ErrorBody['code']>;

/**
 * Every `code` the server's refusals carry, as a record over the type so a code added to the protocol and not
 * here fails to compile: a code left out would reach the widget as no code at all.
 */
const REFUSAL_CODES = Object.keys({
  'room-full': true,
  'too-many-rooms': true,
  'room-too-large': true,
  'compacted-meanwhile': true,
  'no-storage': true,
} satisfies Record<RefusalCode, true>) as RefusalCode[];

/** A non-2xx answer from the draw-room server, with what its JSON body and headers said. */
export class ServerAnswerError extends Error {
  constructor(
    readonly request: string,
    readonly status: number,
    readonly body: ErrorBody | null,
    readonly retryAfterSeconds: number | null,
  ) {
    super(`${request} answered ${describeAnswer(status, body)}`);
  }

  /** "409 the room is full…": status and the server's own words. */
  get detail(): string {
    return describeAnswer(this.status, this.body);
  }

  static async from(request: string, response: Response): Promise<ServerAnswerError> {
    let body: ErrorBody | null = null;
    try {
      body = errorBodyOf(await response.json());
    } catch {
      // Not JSON (a proxy's error page, say): the status alone tells what to do.
    }
    return new ServerAnswerError(request, response.status, body, retryAfterSecondsOf(response.headers.get('Retry-After')));
  }
}

const describeAnswer = (status: number, body: ErrorBody | null) => `${status}${body?.error ? ` ${body.error}` : ''}`;

/**
 * The draw-room server's HTTP API as typed calls: builds each request and turns each answer into a value, or
 * into a ServerAnswerError carrying the server's `{error, code, limit}` and Retry-After. It knows nothing of
 * timing: when to call again is the reconnect machine's business. Network failures reject as `fetch` does.
 */
export class SignalingHttp {
  /** `baseUrl` is absolute and has no trailing slash, so every message names the server. */
  constructor(
    readonly baseUrl: string,
    readonly fetch: Fetch,
  ) {}

  /** POST /access: a token for a new user with this name. */
  async requestAccess(username: string): Promise<AccessGrant> {
    const request = 'POST /access';
    const response = await this.post('/access', { username });
    if (!response.ok) throw await ServerAnswerError.from(request, response);
    return accessGrantOf(await response.json(), request);
  }

  /** POST /access/refresh: the same user's token renewed, or null when the server no longer accepts this one. */
  async refreshAccess(token: string, username: string): Promise<AccessGrant | null> {
    const request = 'POST /access/refresh';
    const response = await this.post('/access/refresh', { username }, token);
    if (response.status === 401) return null;
    if (!response.ok) throw await ServerAnswerError.from(request, response);
    return accessGrantOf(await response.json(), request);
  }

  /**
   * POST /:roomId/join: one of this user's widgets joins as a member; the server then tells the user's stream who
   * else is in the room (add-peer events, in step with the others' streams). Answers the member as the others see
   * it and how many direct connections this browser may hold.
   */
  async join(roomId: string, token: string, request: JoinRequest): Promise<{ member: Member; peers: Member[]; meshPeers: number; storage: boolean }> {
    const response = await this.post(`/${encodeURIComponent(roomId)}/join`, request, token);
    if (!response.ok) throw await ServerAnswerError.from(`POST /${roomId}/join`, response);
    const answer: unknown = await response.json().catch(() => null);
    const member = isRecord(answer) ? memberOf(answer.member) : null;
    if (!member) throw new Error(`POST /${roomId}/join answered without the member it joined`);
    const listed = isRecord(answer) && Array.isArray(answer.peers) ? answer.peers.map(memberOf) : [];
    const storage = isRecord(answer) && answer.storage === true;
    return { member, peers: listed.filter((peer): peer is Member => peer !== null), meshPeers: meshPeersOf(answer), storage };
  }

  /**
   * POST /:roomId/leave: the widget leaves its room (removed from the page, or its tab closed). `keepalive` lets
   * the request outlive a page that is being closed.
   */
  async leave(roomId: string, token: string, request: LeaveRequest, keepalive = false): Promise<void> {
    const response = await this.post(`/${encodeURIComponent(roomId)}/leave`, request, token, keepalive);
    if (!response.ok) throw await ServerAnswerError.from(`POST /${roomId}/leave`, response);
  }

  /** POST /relay/:peerId/:event: hands `data` to that member's stream, as from member `from`. */
  async relay(token: string, peerId: string, event: RelayEvent, request: RelayRequest): Promise<void> {
    const response = await this.post(`/relay/${encodeURIComponent(peerId)}/${event}`, request, token);
    if (!response.ok) throw await ServerAnswerError.from(`POST /relay/${peerId}/${event}`, response);
  }

  /** POST /frames: drawing frames for peers no direct channel reaches; the receipt names those not reached. */
  async frames(token: string, upload: FramesUpload): Promise<FramesReceipt> {
    const response = await this.post('/frames', upload, token);
    if (!response.ok) throw await ServerAnswerError.from('POST /frames', response);
    const receipt = (await response.json()) as { unreachable?: unknown };
    const unreachable = Array.isArray(receipt.unreachable) ? receipt.unreachable.filter((id): id is string => typeof id === 'string') : [];
    return { unreachable };
  }

  /** GET /ice-servers: the STUN and TURN servers to connect peers through, with TURN credentials for this user. */
  async iceServers(token: string): Promise<IceServersAnswer> {
    const request = 'GET /ice-servers';
    const response = await this.fetch(`${this.baseUrl}/ice-servers`, { method: 'GET', headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) throw await ServerAnswerError.from(request, response);
    const answer = iceServersAnswerOf(await response.json());
    if (!answer) throw new Error(`${request} answered something other than {iceServers: [{urls, username?, credential?}], expiresAt}`);
    return answer;
  }

  /** GET /connect: EventSource cannot send headers, so the token rides in the query. */
  streamUrl(token: string): string {
    return `${this.baseUrl}/connect?token=${encodeURIComponent(token)}`;
  }

  private post(path: string, body: object | undefined, token?: string, keepalive = false): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    return this.fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(keepalive ? { keepalive } : {}),
    });
  }
}

/** The server's grant, checked: a token we could not use is a failed attempt, not a later crash. */
function accessGrantOf(value: unknown, request: string): AccessGrant {
  if (isRecord(value) && typeof value.token === 'string' && typeof value.expiresAt === 'number' && isRecord(value.user)) {
    const { id, username } = value.user;
    if (typeof id === 'string' && typeof username === 'string') {
      return { token: value.token, expiresAt: value.expiresAt, user: { id, username } };
    }
  }
  throw new Error(`${request} answered a grant without a token, user and expiry`);
}

/** The join answer's mesh size; a server that does not say (an older one) gets the default. */
function meshPeersOf(answer: unknown): number {
  const meshPeers = isRecord(answer) ? answer.meshPeers : undefined;
  return typeof meshPeers === 'number' && Number.isInteger(meshPeers) && meshPeers >= 1 ? meshPeers : DEFAULT_MESH_PEERS;
}

function memberOf(value: unknown): Member | null {
  if (!isRecord(value)) return null;
  const { id, userId, username } = value;
  return typeof id === 'string' && typeof userId === 'string' && typeof username === 'string' ? { id, userId, username } : null;
}

function errorBodyOf(value: unknown): ErrorBody | null {
  if (!isRecord(value) || typeof value.error !== 'string') return null;
  const body: ErrorBody = { error: value.error };
  const code = REFUSAL_CODES.find((known) => known === value.code);
  if (code) body.code = code;
  if (typeof value.limit === 'number' && Number.isFinite(value.limit)) body.limit = value.limit;
  return body;
}

/** Retry-After in seconds, or null when absent or not a number of seconds (the server never sends a date). */
function retryAfterSecondsOf(header: string | null): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
