import type { Context } from 'hono';
import { HttpError } from './errors.js';
import type { NodeRequest } from './node-request.js';

const utf8 = new TextDecoder();

/**
 * How deeply a JSON body may nest. Signaling bodies nest two or three levels; an 8,000-deep one parsed fine but
 * overflowed the stack when it was serialized again for the peer (a 500 instead of a 400).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The request body as a JSON object, or the HttpError that says what is wrong with it: 415 when it is not
 * declared JSON, 413 over `maxBytes`, 400 when it is not a JSON object. Under node:http it is read straight
 * from node's request: Hono's body-limit middleware (and c.req.json()) make a web Request for every call,
 * which on the relay path cost as much as everything else together (measured: see
 * bench/README.md#json-body).
 */
export async function readJsonObject(c: Context, maxBytes: number): Promise<Record<string, unknown>> {
  const incoming = (c.env as { incoming?: NodeRequest } | undefined)?.incoming;
  if (incoming) return readNodeJsonObject(incoming, maxBytes);
  checkDeclared(c.req.header('content-type'), c.req.header('content-length'), maxBytes);
  return parseJsonObject(new Uint8Array(await c.req.arrayBuffer()), maxBytes);
}

/** The same, from node's request (POST /relay, served without Hono). */
export async function readNodeJsonObject(incoming: NodeRequest, maxBytes: number): Promise<Record<string, unknown>> {
  checkDeclared(incoming.headers['content-type'], incoming.headers['content-length'], maxBytes);
  return parseJsonObject(await readNodeBody(incoming, maxBytes), maxBytes);
}

const tooBig = (maxBytes: number) => new HttpError(413, `request body is over the ${maxBytes / 1024} KB limit`);

function checkDeclared(contentType: string | undefined, contentLength: string | undefined, maxBytes: number): void {
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? '')) throw new HttpError(415, 'Content-Type must be application/json');
  if (Number(contentLength ?? 0) > maxBytes) throw tooBig(maxBytes);
}

function parseJsonObject(bytes: Uint8Array | null, maxBytes: number): Record<string, unknown> {
  if (bytes === null || bytes.length > maxBytes) throw tooBig(maxBytes);
  if (nestingDepth(bytes) > MAX_JSON_DEPTH) throw new HttpError(400, `request body is nested too deeply: at most ${MAX_JSON_DEPTH} levels`);
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new HttpError(400, 'request body must be valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

const [QUOTE, BACKSLASH, OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT] = [0x22, 0x5c, 0x5b, 0x5d, 0x7b, 0x7d];

/**
 * The deepest nesting of brackets and braces outside strings, counted in one pass over the bytes: no recursion,
 * so a hostile depth cannot overflow the stack here. (UTF-8 continuation bytes are never ASCII, so a byte scan
 * is safe; malformed JSON is left for JSON.parse to refuse.)
 */
function nestingDepth(bytes: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) deepest = Math.max(deepest, ++depth);
    else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) depth--;
  }
  return deepest;
}

/**
 * The whole body, or null as soon as it grows past `maxBytes` (the rest is not read). Listeners rather than
 * `for await`: the async iterator was a tenth of what a relay allocated.
 */
function readNodeBody(incoming: NodeRequest, maxBytes: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      stop();
      // The rest flows on unread, so the 413 still reaches the client.
      incoming.resume();
      resolve(null);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    // The client cut its own request short: its doing (a 400 in the request log), not the server's error.
    const onClose = () => {
      stop();
      reject(new HttpError(400, 'the request was aborted before its body ended'));
    };
    const stop = () => {
      incoming.off('data', onData).off('end', onEnd).off('error', onClose).off('close', onClose);
    };
    incoming.on('data', onData).on('end', onEnd).on('error', onClose).on('close', onClose);
  });
}
