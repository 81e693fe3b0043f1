import { startServer, type RunningServer } from '../../server/listen.js';
import type { AppOptions } from '../../server/app.js';
import { silentLogger } from '../../server/log/log.js';
import { memberIdOf, type Member, type RelayEvent, type User } from '../../protocol/signaling.js';
import type { RelayedFrameGroup } from '../../protocol/relay-frames.js';
import { SseClient } from './sse-client.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

/**
 * Every test client comes from 127.0.0.1, and a test file makes hundreds of identities in seconds: the
 * per-client limits get their own tests (client-limits-http.test.ts) and stay out of the others' way.
 */
export const UNLIMITED_CLIENTS = {
  accessPerMinute: 1e9,
  accessBurst: 1e9,
  joinsPerMinute: 1e9,
  joinsBurst: 1e9,
  streamsPerClient: 1e9,
  instanceAccessPerSecond: 1e9,
  instanceJoinsPerSecond: 1e9,
  maxStreams: 1e9,
};

/**
 * One widget of a browser, as tests drive it: the browser's token, user and event stream (shared by all its
 * widgets), and the member key this widget joins rooms with.
 */
export interface Visitor {
  token: string;
  user: User;
  stream: SseClient;
  /** The widget's member key (JoinRequest.member). */
  key: string;
  /** The member its peers see once it joined with the token's name: {id: "<userId>.<key>", userId, username}. */
  member: Member;
}

/** The member key of a visitor's first widget. */
export const FIRST_WIDGET = 'widget-1';

/** The widget of `visitor`'s browser whose member key is `key`: the same token, user and stream. */
export function widgetOf(visitor: Pick<Visitor, 'token' | 'user' | 'stream'>, key: string): Visitor {
  const { token, user, stream } = visitor;
  return { token, user, stream, key, member: { id: memberIdOf(user.id, key), userId: user.id, username: user.username } };
}

/** A real server on a free loopback port, with helpers that speak its HTTP API. */
export class SignalingServer {
  private readonly streams: SseClient[] = [];

  private constructor(readonly running: RunningServer) {}

  static async start(options: Partial<AppOptions> = {}): Promise<SignalingServer> {
    const running = await startServer({ port: 0, host: '127.0.0.1', tokenSecret: TEST_SECRET, log: silentLogger, clientLimits: UNLIMITED_CLIENTS, leaveGraceMs: 0, ...options });
    return new SignalingServer(running);
  }

  get url(): string {
    return this.running.url;
  }

  request(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, { redirect: 'manual', ...init });
  }

  post(path: string, body: unknown, token?: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async access(username: string): Promise<{ token: string; user: User }> {
    const response = await this.post('/access', { username });
    if (response.status !== 200) throw new Error(`POST /access answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { token: string; user: User };
  }

  async connect(token: string): Promise<SseClient> {
    const stream = await SseClient.open(`${this.url}/connect?token=${encodeURIComponent(token)}`);
    this.streams.push(stream);
    return stream;
  }

  /** A user with a token and an open stream whose `connected` event has arrived: its first widget. */
  async visitor(username: string): Promise<Visitor> {
    const { token, user } = await this.access(username);
    const stream = await this.connect(token);
    await stream.next('connected');
    return widgetOf({ token, user, stream }, FIRST_WIDGET);
  }

  /** POST /:roomId/join for the visitor's widget; `username` is the name it shows there (the token's if absent). */
  async join(visitor: Visitor, roomId: string, username?: string): Promise<Response> {
    return this.post(`/${roomId}/join`, { member: visitor.key, ...(username === undefined ? {} : { username }) }, visitor.token);
  }

  async leave(visitor: Visitor, roomId: string): Promise<Response> {
    return this.post(`/${roomId}/leave`, { member: visitor.key }, visitor.token);
  }

  /** POST /relay/:peerId/:event from the visitor's widget. */
  async relay(from: Visitor, peerId: string, event: RelayEvent | string, data: object): Promise<Response> {
    return this.post(`/relay/${peerId}/${event}`, { from: from.member.id, data }, from.token);
  }

  /** POST /frames from the visitor's widget: groups of frames, each group for its `to`. */
  async frames(from: Visitor, groups: RelayedFrameGroup[]): Promise<Response> {
    return this.post('/frames', { from: from.member.id, groups }, from.token);
  }

  async close(): Promise<void> {
    for (const stream of this.streams) stream.close();
    // Tests need no long grace period for clients that keep connections open.
    await this.running.close(500);
  }
}

export async function errorOf(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: unknown };
  if (typeof body.error !== 'string' || body.error === '') throw new Error(`no {error} in ${JSON.stringify(body)}`);
  return body.error;
}
