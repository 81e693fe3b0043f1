import type { BusMessage } from '../signaling/bus.js';
import type { AppServices } from '../signaling/context.js';
import { overLimit } from '../http/client-limit.js';
import { HttpError } from '../http/errors.js';
import type { NodeExchange, NodeRouteHandler } from '../http/node-route.js';
import type { RelayEvent, ServerEvent, User } from '../../protocol/signaling.js';
import { SseStream, sseHeaders } from '../signaling/sse.js';
import { untilDone } from '../signaling/retry.js';

/**
 * GET /connect?token=… → the user's event stream (EventSource cannot send an Authorization header).
 * On node:http (nodeRoute), not in Hono: the adapter's per-request wrapping, alive as long as the stream, cost
 * more memory per client than the rest of its connection (measured: see bench/README.md#connect).
 */
export function connectRoute(services: AppServices): NodeRouteHandler {
  return async (exchange) => {
    const { request } = exchange;
    const token = new URL(request.url ?? '/', 'http://host').searchParams.get('token');
    // The request lives as long as the stream: it keeps no copy of the token (memory per client).
    request.url = '/connect';
    if (!token) throw new HttpError(401, 'missing token: use /connect?token=<token from POST /access>');
    const check = services.tokens.verify(token);
    if ('refused' in check) throw new HttpError(401, check.refused);
    if (services.streams.shuttingDown) throw restarting();
    // Streams hold memory and a file descriptor each: one address may not take them all.
    const clientAddress = services.clientAddress(request.headers, request.socket.remoteAddress);
    const refusal = services.clients.openStream(clientAddress);
    if (refusal) throw overLimit(refusal);
    openStream(services, check.user, check.expiresAt, exchange, clientAddress);
    // The stream answers by itself, once the user is claimed for it.
    return undefined;
  };
}

const restarting = () => new HttpError(503, 'the server is restarting: connect again in a moment', { 'Retry-After': '2' });

/**
 * Wires a user's new stream: claims the user for it across the cluster (an older stream anywhere is replaced),
 * and only then answers 200 and `connected`, so a client is never left on a stream that says nothing. Ends
 * with the token; when it closes while still the user's stream, the user leaves its rooms. Few objects per
 * stream (this holds one per connected client): closures sharing one context.
 */
function openStream(services: AppServices, user: User, expiresAt: number, exchange: NodeExchange, clientAddress: string): void {
  const { response } = exchange;
  const stream = new SseStream(response, services.stream);
  // The request's exchange, needed only until the claim settles to answer it: the stream's closures would
  // otherwise keep it (and what it holds) alive as long as the stream (memory per connected client).
  let answering: NodeExchange | null = exchange;
  // Events that come between the claim and the answer's headers wait here, to follow `connected`.
  let early: BusMessage[] | null = [];
  const deliver = (message: BusMessage) => {
    if (early) early.push(message);
    else if (message.event === 'token-renewed') services.streams.extend(stream, message.data.expiresAt);
    else if (message.event === 'replaced') stream.close('replaced by a newer stream of the same user');
    else if (isRelayed(message)) {
      const { peer, to } = message.data;
      if (!stream.relay(peer.id, message)) services.log('relay-shed', { userId: peer.userId, memberId: peer.id, peerId: to });
    } else stream.send(message);
  };
  const { streamId, claimed } = services.bus.attach(user.id, deliver);
  response.on('close', () => stream.disconnected());
  stream.onClose((reason) => {
    services.clients.closeStream(clientAddress);
    services.log('stream-closed', { userId: user.id, reason });
    services.streams.remove(user.id, stream);
    // In a shutdown everyone reconnects to another instance, which takes their rooms over: nothing to leave.
    if (services.streams.shuttingDown) return;
    // Another tab of the browser takes the stream over within a moment when this one's tab closed: the user
    // leaves only if no newer stream came by then.
    afterGrace(services.leaveGraceMs, () => {
      if (!services.streams.shuttingDown) void endStream(services, user, streamId);
    });
  });
  claimed.then(
    () => {
      const answer = answering!;
      answering = null;
      if (!stream.isOpen) return;
      if (services.streams.shuttingDown) return answer.fail(restarting());
      answer.userId = user.id;
      answer.beginStream(sseHeaders(answer.request.httpVersionMajor));
      // The user's older stream in this process, if any, closes now: the claim already moved the user here.
      services.streams.add(user.id, stream, expiresAt);
      stream.send({ event: 'connected', data: { user } });
      services.log('stream-opened', { userId: user.id });
      const waiting = early ?? [];
      early = null;
      for (const message of waiting) deliver(message);
    },
    (error: unknown) => {
      const answer = answering!;
      answering = null;
      early = null;
      services.log('claim-failed', { userId: user.id, error: String(error) });
      if (!stream.isOpen) return;
      // The answer ends the response, which closes the stream: that releases the claim if it was made after all.
      answer.fail(error);
    },
  );
}

/** Runs `then` after `ms` (at once for 0); the timer does not keep the process alive. */
function afterGrace(ms: number, then: () => void): void {
  if (ms <= 0) return then();
  setTimeout(then, ms).unref();
}

/**
 * The stream is gone: if it still held its user, every member of the user (each of its widgets) leaves its room,
 * once Redis answers if it is away.
 */
async function endStream(services: AppServices, user: User, streamId: string): Promise<void> {
  const onFailure = (error: unknown, attempt: number) => services.log('leave-failed', { userId: user.id, attempt, error: String(error) });
  const held = await untilDone(() => services.bus.detach(user.id, streamId), onFailure);
  if (!held) return;
  const left = await untilDone(() => services.rooms.leaveAll(user.id), onFailure);
  for (const { memberId, roomId } of left ?? []) services.log('left-room', { userId: user.id, memberId, roomId });
}

/** A message one member relayed to another (signaling or drawing frames): shed when its sender has too much waiting unread. */
function isRelayed(message: BusMessage): message is ServerEvent<RelayEvent | 'frames'> {
  return message.event === 'session-description' || message.event === 'ice-candidate' || message.event === 'frames';
}
