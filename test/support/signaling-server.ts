import { startServer, type RunningServer } from '../../server/listen.js';
import type { AppOptions } from '../../server/app.js';
import { silentLogger } from '../../server/log/log.js';
import type { User } from '../../protocol/signaling.js';
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

export interface Visitor {
  token: string;
  user: User;
  stream: SseClient;
}

/** A real server on a free loopback port, with helpers that speak its HTTP API. */
export class SignalingServer {
  private readonly streams: SseClient[] = [];

  private constructor(readonly running: RunningServer) {}

  static async start(options: Partial<AppOptions> = {}): Promise<SignalingServer> {
    const running = await startServer({ port: 0, host: '127.0.0.1', tokenSecret: TEST_SECRET, log: silentLogger, clientLimits: UNLIMITED_CLIENTS, ...options });
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

  /** A user with a token and an open stream whose `connected` event has arrived. */
  async visitor(username: string): Promise<Visitor> {
    const { token, user } = await this.access(username);
    const stream = await this.connect(token);
    await stream.next('connected');
    return { token, user, stream };
  }

  async join(visitor: Visitor, roomId: string): Promise<Response> {
    return this.post(`/${roomId}/join`, {}, visitor.token);
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
