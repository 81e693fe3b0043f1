import { once } from 'node:events';
import { connect, type ClientHttp2Session, type IncomingHttpHeaders as Http2Headers } from 'node:http2';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest, type Agent } from 'node:https';
import type { Readable } from 'node:stream';
import { TLSSocket } from 'node:tls';

/** What a test sends: a method, headers and a text body, as fetch takes them. */
export interface TestRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** An HTTP/2 connection to `url` (TLS, h2 by ALPN) that trusts `ca`, once it is up. */
export async function connectHttp2(url: string, ca: Buffer): Promise<ClientHttp2Session> {
  const session = connect(url, { ca });
  await once(session, 'connect');
  return session;
}

/**
 * One request on `session`, answered as a web Response whose body streams as it arrives (an event stream
 * too); `cancel` resets the request's stream.
 */
export async function fetchHttp2(session: ClientHttp2Session, path: string, init: TestRequest = {}): Promise<{ response: Response; cancel: () => void }> {
  const stream = session.request({ ':method': init.method ?? 'GET', ':path': path, ...init.headers });
  stream.end(init.body);
  const headers = await new Promise<Http2Headers>((resolve, reject) => stream.once('response', resolve).once('error', reject));
  const response = new Response(webStream(stream), { status: Number(headers[':status']), headers: toHeaders(headers) });
  return { response, cancel: () => stream.close() };
}

/**
 * One request over HTTPS/1.1 (no ALPN offered, as an older client does), answered as a web Response, with the
 * protocol its connection negotiated (false: none, so HTTP/1.1). `agent` keeps its connection alive.
 */
export function fetchHttps1(url: string, ca: Buffer, init: TestRequest = {}, agent?: Agent): Promise<{ response: Response; alpnProtocol: string | false; cancel: () => void }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { ca, method: init.method ?? 'GET', headers: init.headers, agent: agent ?? false }, (incoming) => {
      const { socket } = incoming;
      const alpnProtocol = socket instanceof TLSSocket ? (socket.alpnProtocol ?? false) : false;
      const response = new Response(webStream(incoming), { status: incoming.statusCode ?? 0, headers: toHeaders(incoming.headers) });
      resolve({ response, alpnProtocol, cancel: () => incoming.destroy() });
    });
    request.once('error', reject);
    request.end(init.body);
  });
}

/** Node's headers as web Headers, without HTTP/2's pseudo-headers (`:status`). */
function toHeaders(headers: IncomingHttpHeaders | Http2Headers): Headers {
  const web = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    web.set(name, Array.isArray(value) ? value.join(', ') : String(value));
  }
  return web;
}

/**
 * A node stream as a web one, for a Response's body. Not Readable.toWeb: its type is node's own ReadableStream,
 * which the DOM's Response (the tests that drive pages see that one) does not take.
 */
function webStream(readable: Readable): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        if (error) controller.error(error);
        else controller.close();
      };
      readable.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
      readable.once('end', () => settle());
      readable.once('error', settle);
      // Reset or cut without an end: the body ends all the same.
      readable.once('close', () => settle(readable.readableEnded ? undefined : new Error('the stream closed before its end')));
    },
    cancel() {
      readable.destroy();
    },
  });
}
