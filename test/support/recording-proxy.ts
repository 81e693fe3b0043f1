import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Which way a recorded chunk went: from a page to the server, or from the server to a page. */
export type Direction = 'to-server' | 'to-page';

export interface RecordedChunk {
  direction: Direction;
  /** Which request and answer this chunk belongs to: they are numbered 1, 2… as they come. */
  exchange: number;
  /** That request, as "METHOD /path" (the query left out: it may carry a token). */
  request: string;
  bytes: Buffer;
}

/** Rewrites the bodies of the requests it applies to on their way to the server: a server that tampers. */
export interface RequestRewrite {
  appliesTo(method: string, path: string): boolean;
  /** The body the server gets instead of `body`. */
  rewrite(body: string): string;
}

export interface RecordingProxy {
  /** Where pages reach the server through this proxy: use it as the widget's `server-url`. */
  url: string;
  /** Everything that went through so far, both ways, in the order it went. */
  recorded(): readonly RecordedChunk[];
  /** Starts a new recording, forgetting what went through before. */
  clearRecording(): void;
  /** Rewrites the bodies of the requests `rewrite` applies to from now on; null stops rewriting. */
  rewriteRequests(rewrite: RequestRewrite | null): void;
  close(): Promise<void>;
}

/** Headers as they went on the wire ("Name: value" lines), from Node's flat [name, value, …] list. */
function headerLines(rawHeaders: readonly string[]): string {
  let lines = '';
  for (let i = 0; i < rawHeaders.length; i += 2) lines += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return `${lines}\r\n`;
}

/** The page's headers as the server gets them: its own Host, and the length of a rewritten body. */
function forwardedHeaders(rawHeaders: readonly string[], host: string, rewrittenLength: number | undefined): string[] {
  const headers: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (name === 'host') headers.push(rawHeaders[i]!, host);
    else if (rewrittenLength !== undefined && (name === 'content-length' || name === 'transfer-encoding')) continue;
    else headers.push(rawHeaders[i]!, rawHeaders[i + 1]!);
  }
  if (rewrittenLength !== undefined) headers.push('Content-Length', String(rewrittenLength));
  return headers;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * An HTTP proxy in front of the server at `targetUrl` (plain HTTP) that forwards every request and answer as they
 * come, the event stream chunk by chunk, and records every byte both ways: request lines, headers, bodies and
 * stream chunks. What a server sees and says, for tests that check what it could read.
 */
export function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  let chunks: RecordedChunk[] = [];
  let rewrite: RequestRewrite | null = null;
  let exchanges = 0;

  const proxyExchange = async (request: IncomingMessage, response: ServerResponse) => {
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const path = url.split('?')[0]!;
    const exchange = ++exchanges;
    const record = (direction: Direction, bytes: Buffer | string) =>
      chunks.push({ direction, exchange, request: `${method} ${path}`, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes) });

    const rewriting = rewrite?.appliesTo(method, path) ? rewrite : null;
    const body = rewriting ? Buffer.from(rewriting.rewrite((await readBody(request)).toString('utf8'))) : null;
    const headers = forwardedHeaders(request.rawHeaders, target.host, body?.length);
    // What the server gets: the request line and headers as sent on, then the body.
    record('to-server', `${method} ${url} HTTP/${request.httpVersion}\r\n${headerLines(headers)}`);

    const upstream = forward({ hostname: target.hostname, port: target.port, method, path: url, headers }, (answer) => {
      record('to-page', `HTTP/${answer.httpVersion} ${answer.statusCode} ${answer.statusMessage}\r\n${headerLines(answer.rawHeaders)}`);
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      // Sent on chunk by chunk, never held back: the event stream must reach the page as the server writes it.
      response.flushHeaders();
      answer.on('data', (chunk: Buffer) => {
        record('to-page', chunk);
        response.write(chunk);
      });
      answer.on('end', () => response.end());
      answer.on('error', () => response.destroy());
    });
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'Content-Type': 'text/plain' }).end(`proxy could not reach ${targetUrl}: ${error.message}`);
      else response.destroy();
    });
    // A page that goes away (a closed tab, a closed stream) takes its request to the server with it.
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    if (body) {
      record('to-server', body);
      upstream.end(body);
      return;
    }
    request.on('data', (chunk: Buffer) => {
      record('to-server', chunk);
      upstream.write(chunk);
    });
    request.on('end', () => upstream.end());
  };

  const server = createServer((request, response) => {
    proxyExchange(request, response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        recorded: () => chunks,
        clearRecording: () => (chunks = []),
        rewriteRequests: (next) => (rewrite = next),
        close: () => new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
