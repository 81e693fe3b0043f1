import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BusMessage } from '../signaling/bus.js';
import type { AppServices } from '../signaling/context.js';
import { corsHeaders, type AllowedOrigins } from '../http/cors.js';
import { StoreUnavailableError } from '../http/errors.js';
import { answerJson, elapsedMs } from '../http/node-answer.js';
import type { RelayEvent, ServerEvent, User } from '../../protocol/signaling.js';
import { SSE_HEADERS, SseStream } from '../signaling/sse.js';
import { untilDone } from '../signaling/retry.js';

export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

type Refuse = (status: number, error: string, headers?: Record<string, string>) => void;

/**
 * GET /connect?token=… → the user's event stream (EventSource cannot send an Authorization header).
 * A plain node:http handler, not a Hono route: the adapter's per-request wrapping, alive as long as the
 * stream, cost more memory per client than the rest of its connection (measured: see
 * bench/README.md#connect); the API but POST /relay stays in Hono.
 */
export function connectHandler(services: AppServices, allowedOrigins: AllowedOrigins): NodeHandler {
  return (request, response) => {
    const started = performance.now();
    const cors = corsHeaders(request.headers.origin, allowedOrigins);
    const clientAddress = services.clientAddress(request.headers, request.socket.remoteAddress);
    const refuse: Refuse = (status, error, headers = {}) => {
      answerJson(response, status, { error }, { ...cors, ...headers });
      services.log('request', { method: 'GET', path: '/connect', status, ms: elapsedMs(started), clientAddress });
    };

    const token = new URL(request.url ?? '/', 'http://host').searchParams.get('token');
    // The request lives as long as the stream: it keeps no copy of the token (memory per client).
    request.url = '/connect';
    if (!token) return refuse(401, 'missing token: use /connect?token=<token from POST /access>');
    const check = services.tokens.verify(token);
    if ('refused' in check) return refuse(401, check.refused);
    if (services.streams.shuttingDown) return refuse(503, RESTARTING, { 'Retry-After': '2' });
    // Streams hold memory and a file descriptor each: one address may not take them all.
    const overLimit = services.clients.openStream(clientAddress);
    if (overLimit) return refuse(429, overLimit.error, { 'Retry-After': String(overLimit.retryAfterSeconds) });
    openStream(services, check.user, check.expiresAt, response, clientAddress, () => {
      response.writeHead(200, { ...SSE_HEADERS, 'X-Content-Type-Options': 'nosniff', ...cors });
      response.flushHeaders();
      services.log('request', { method: 'GET', path: '/connect', status: 200, ms: elapsedMs(started), userId: check.user.id });
    }, refuse);
  };
}

const RESTARTING = 'the server is restarting: connect again in a moment';

/**
 * Wires a user's new stream: claims the user for it across the cluster (an older stream anywhere is replaced),
 * and only then answers 200 and `connected`, so a client is never left on a stream that says nothing. Ends
 * with the token; when it closes while still the user's stream, the user leaves its rooms. Few objects per
 * stream (this holds one per connected client): closures sharing one context.
 */
function openStream(
  services: AppServices,
  user: User,
  expiresAt: number,
  response: ServerResponse,
  clientAddress: string,
  accept: () => void,
  refuse: Refuse,
): void {
  const stream = new SseStream(response, services.stream);
  // How to answer the request, needed only until the claim settles: the stream's closures would otherwise keep
  // the request's own closures (and what they hold) alive as long as the stream (memory per connected client).
  let answer: { accept: () => void; refuse: Refuse } | null = { accept, refuse };
  // Events that come between the claim and the answer's headers wait here, to follow `connected`.
  let early: BusMessage[] | null = [];
  const deliver = (message: BusMessage) => {
    if (early) early.push(message);
    else if (message.event === 'token-renewed') services.streams.extend(stream, message.data.expiresAt);
    else if (message.event === 'replaced') stream.close('replaced by a newer stream of the same user');
    else if (isRelayed(message)) {
      if (!stream.relay(message.data.peer.id, message)) services.log('relay-shed', { userId: message.data.peer.id, peerId: user.id });
    } else stream.send(message);
  };
  const { streamId, claimed } = services.bus.attach(user.id, deliver);
  response.on('close', () => stream.disconnected());
  stream.onClose((reason) => {
    services.clients.closeStream(clientAddress);
    services.log('stream-closed', { userId: user.id, reason });
    services.streams.remove(user.id, stream);
    // In a shutdown everyone reconnects to another instance, which takes their rooms over: nothing to leave.
    if (!services.streams.shuttingDown) void endStream(services, user, streamId);
  });
  claimed.then(
    () => {
      const { accept: acceptNow, refuse: refuseNow } = answer!;
      answer = null;
      if (!stream.isOpen) return;
      if (services.streams.shuttingDown) return refuseNow(503, RESTARTING, { 'Retry-After': '2' });
      acceptNow();
      // The user's older stream in this process, if any, closes now: the claim already moved the user here.
      services.streams.add(user.id, stream, expiresAt);
      stream.send({ event: 'connected', data: { user } });
      services.log('stream-opened', { userId: user.id });
      const waiting = early ?? [];
      early = null;
      for (const message of waiting) deliver(message);
    },
    (error: unknown) => {
      const { refuse: refuseNow } = answer!;
      answer = null;
      early = null;
      services.log('claim-failed', { userId: user.id, error: String(error) });
      if (!stream.isOpen) return;
      // The answer ends the response, which closes the stream: that releases the claim if it was made after all.
      if (error instanceof StoreUnavailableError) refuseNow(503, error.message, { 'Retry-After': String(error.retryAfterSeconds) });
      else refuseNow(500, 'internal server error');
    },
  );
}

/** The stream is gone: if it still held its user, the user leaves its rooms (once Redis answers, if it is away). */
async function endStream(services: AppServices, user: User, streamId: string): Promise<void> {
  const onFailure = (error: unknown, attempt: number) => services.log('leave-failed', { userId: user.id, attempt, error: String(error) });
  const held = await untilDone(() => services.bus.detach(user.id, streamId), onFailure);
  if (!held) return;
  const left = await untilDone(() => services.rooms.leaveAll(user.id), onFailure);
  for (const roomId of left ?? []) services.log('left-room', { userId: user.id, roomId });
}

/** A message one member relayed to another: shed when its sender has too much waiting unread. */
function isRelayed(message: BusMessage): message is ServerEvent<RelayEvent> {
  return message.event === 'session-description' || message.event === 'ice-candidate';
}
