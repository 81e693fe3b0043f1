import { nextRetryDelay, requestedRetryDelay, restartRetryDelay } from './reconnect-timing.js';
import { refusalOf, requestedWaitMs, type Refusal } from './server-refusal.js';

/**
 * The reconnect policy as data: which state signaling is in, and what each happening turns it into. Pure
 * functions, no timers and no I/O: the SignalingClient does what a state asks (schedule the retry at
 * `retryAt`, run an attempt, close the stream) and feeds back what happened.
 *
 * `failures` counts failed attempts since the room was last joined and picks the backoff step;
 * `everConnected` tells a first connection from a reconnection, which the status shows.
 */
export type ReconnectState =
  /** Not started, or stopped. */
  | { kind: 'idle' }
  /** Getting a token, opening the stream, joining the room. */
  | { kind: 'connecting'; failures: number; everConnected: boolean }
  /** Joined: the stream is open and the server tells us who comes and goes. */
  | { kind: 'connected' }
  /** Between attempts: the next one starts at `retryAt`. */
  | { kind: 'waiting'; failures: number; everConnected: boolean; retryAt: number; reason: string }
  /** The browser has no network: nothing to try until it says it has one again. */
  | { kind: 'offline'; failures: number; everConnected: boolean }
  /** The server refused for a reason retrying cannot fix: final, never left except by stopping. */
  | { kind: 'refused'; refusal: Refusal; cause: string };

export type ReconnectStateKind = ReconnectState['kind'];
export type ConnectingState = Extract<ReconnectState, { kind: 'connecting' }>;

/**
 * connecting: the first connection is being made; connected: signaling is up; reconnecting: it dropped and is
 * being made again (peer connections may still carry the drawing); offline: the browser has no network.
 */
export type SignalingStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** What a transition may consult: the time, whether there is a network, and a draw in [0, 1) for the jitter. */
export interface Circumstances {
  now: number;
  online: boolean;
  random: number;
}

/** How an open stream ended, as the client saw it. */
export type StreamLoss =
  /** The connection failed or closed without a word (network flap, proxy timeout, server crash). */
  | { kind: 'dropped' }
  /** The server said it is going away and when to come back. */
  | { kind: 'server-restart'; retryAfterMs: number }
  /** The server ended the stream because its token expired: a new token is all it takes. */
  | { kind: 'expired' };

export const IDLE: ReconnectState = { kind: 'idle' };

export function started(at: Circumstances): ReconnectState {
  return attemptOrOffline(0, false, at);
}

/** The room is joined: the backoff starts over. */
export function joined(state: ReconnectState): ReconnectState {
  return state.kind === 'connecting' ? { kind: 'connected' } : state;
}

/**
 * An attempt failed (token, stream or join): a final refusal, or a wait for the server's Retry-After when it
 * sent one (503, 429), else for the next step of the backoff.
 */
export function attemptFailed(state: ReconnectState, error: unknown, at: Circumstances): ReconnectState {
  if (state.kind !== 'connecting') return state;
  const refusal = refusalOf(error);
  if (refusal) return { kind: 'refused', refusal, cause: messageOf(error) };
  const requested = requestedWaitMs(error);
  const delay = requested === null ? nextRetryDelay(state.failures, at.random) : requestedRetryDelay(requested, at.random);
  return waitOrOffline(state.failures + 1, state.everConnected, delay, messageOf(error), at);
}

export function streamLost(state: ReconnectState, loss: StreamLoss, at: Circumstances): ReconnectState {
  if (state.kind !== 'connecting' && state.kind !== 'connected') return state;
  const failures = state.kind === 'connecting' ? state.failures : 0;
  const everConnected = state.kind === 'connected' || state.everConnected;
  switch (loss.kind) {
    case 'dropped':
      return waitOrOffline(failures + 1, everConnected, nextRetryDelay(failures, at.random), 'the event stream dropped', at);
    case 'server-restart':
      // A planned restart is no failure of ours: the backoff starts over.
      return waitOrOffline(0, everConnected, restartRetryDelay(loss.retryAfterMs, at.random), 'the server restarted', at);
    case 'expired':
      return waitOrOffline(failures, everConnected, 0, 'the token expired', at);
  }
}

/** The wait is over. The timer decides when, not a comparison with `now`: timers may fire a millisecond early. */
export function retryDue(state: ReconnectState, at: Circumstances): ReconnectState {
  if (state.kind !== 'waiting') return state;
  return attemptOrOffline(state.failures, state.everConnected, at);
}

export function wentOffline(state: ReconnectState): ReconnectState {
  switch (state.kind) {
    case 'connecting':
    case 'waiting':
      return { kind: 'offline', failures: state.failures, everConnected: state.everConnected };
    case 'connected':
      return { kind: 'offline', failures: 0, everConnected: true };
    case 'idle':
    case 'offline':
    case 'refused':
      return state;
  }
}

/** Back online: try now rather than at the end of the backoff (an attempt or stream under way needs nothing). */
export function cameOnline(state: ReconnectState, at: Circumstances): ReconnectState {
  if (state.kind !== 'offline' && state.kind !== 'waiting') return state;
  return attemptOrOffline(state.failures, state.everConnected, at);
}

/** The status people see for a state; null when signaling is not running (the session says local or refused). */
export function statusOf(state: ReconnectState): SignalingStatus | null {
  switch (state.kind) {
    case 'connecting':
    case 'waiting':
      return state.everConnected ? 'reconnecting' : 'connecting';
    case 'connected':
      return 'connected';
    case 'offline':
      return 'offline';
    case 'idle':
    case 'refused':
      return null;
  }
}

/** Whether signaling is still trying or connected: false once stopped or refused. */
export const isRunning = (state: ReconnectState): boolean => state.kind !== 'idle' && state.kind !== 'refused';

function attemptOrOffline(failures: number, everConnected: boolean, at: Circumstances): ReconnectState {
  return at.online ? { kind: 'connecting', failures, everConnected } : { kind: 'offline', failures, everConnected };
}

function waitOrOffline(failures: number, everConnected: boolean, delayMs: number, reason: string, at: Circumstances): ReconnectState {
  if (!at.online) return { kind: 'offline', failures, everConnected };
  return { kind: 'waiting', failures, everConnected, retryAt: at.now + delayMs, reason };
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
