import { ServerAnswerError } from './signaling-http.js';

/** A refusal retrying cannot fix: the words for people, and whether it was the name (another may pass). */
export interface Refusal {
  reason: string;
  ofName: boolean;
}

/**
 * What to tell people when the server refused for a reason retrying cannot fix, or null when retrying may
 * help: network errors, 5xx, 429 and 503, and a join racing the stream's registration (409 without a code).
 */
export function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof ServerAnswerError)) return null;
  const { status, body, request } = error;
  if (status >= 500 || status === 429 || status === 401 || status === 408) return null;
  if (body?.code === 'room-full') return refusal(`This room is full (${body.limit ?? 'its limit of'} people)`);
  if (body?.code === 'too-many-rooms') return refusal(`This browser has too many boards in rooms at once (at most ${body.limit ?? 'a few'})`);
  if (status === 409) return null;
  if (request.endsWith('/join') && status === 404) return refusal('Invalid room id');
  if (request.startsWith('POST /access') && status === 400) return nameRefusal(body?.error ?? 'refused by the server');
  return refusal(`The server refused to let this board join (${error.detail})`);
}

const refusal = (reason: string): Refusal => ({ reason, ofName: false });

/** The server's (or the widget's own check of the server's) rule refused the name. */
export const nameRefusal = (problem: string): Refusal => ({ reason: `Invalid name: ${problem}`, ofName: true });

/** The wait the server asked for (Retry-After on a 503 or 429), in ms, if it asked. */
export function requestedWaitMs(error: unknown): number | null {
  if (!(error instanceof ServerAnswerError) || error.retryAfterSeconds === null) return null;
  return error.retryAfterSeconds * 1000;
}
