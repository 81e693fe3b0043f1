import type { ErrorBody } from '../../protocol/signaling.js';

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
      const parsed = (await response.json()) as Partial<ErrorBody>;
      if (typeof parsed.error === 'string') body = parsed as ErrorBody;
    } catch {
      // Not JSON (a proxy's error page, say): the status alone tells what to do.
    }
    const retryAfter = Number(response.headers.get('Retry-After'));
    return new ServerAnswerError(request, response.status, body, Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null);
  }
}

const describeAnswer = (status: number, body: ErrorBody | null) => `${status}${body?.error ? ` ${body.error}` : ''}`;

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
  if (body?.code === 'too-many-rooms') return refusal(`You are in too many rooms at once (at most ${body.limit ?? 'a few'})`);
  if (status === 409) return null;
  if (request.endsWith('/join') && status === 404) return refusal('Invalid room id');
  if (request.startsWith('POST /access') && status === 400) return nameRefusal(body?.error ?? 'refused by the server');
  return refusal(`The server refused to let this board join (${error.detail})`);
}

const refusal = (reason: string): Refusal => ({ reason, ofName: false });

/** The server's (or the widget's own check of the server's) rule refused the name. */
export const nameRefusal = (problem: string): Refusal => ({ reason: `Invalid name: ${problem}`, ofName: true });

/** The wait the server asked for (Retry-After), in ms, if any. */
export function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof ServerAnswerError) || error.retryAfterSeconds === null) return null;
  return error.retryAfterSeconds * 1000 * (1 + Math.random() / 2);
}
