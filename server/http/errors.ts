import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../../protocol/signaling.js';

/** What an error body may carry besides its message: a join refusal's `code` and `limit`. */
export type ErrorDetails = Omit<ErrorBody, 'error'>;

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
const NO_DETAILS: Readonly<ErrorDetails> = Object.freeze({});

/**
 * A request that cannot be answered as asked: thrown by body reading, auth, limits and routes alike, and answered
 * in one place for both kinds of route (errorAnswer) as `{error, ...details}` JSON with `status` and `headers`
 * (Retry-After, WWW-Authenticate).
 */
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = NO_HEADERS,
    readonly details: Readonly<ErrorDetails> = NO_DETAILS,
  ) {
    // An answer, not a bug: no stack trace. Capturing one costs microseconds, a good part of what a refused relay
    // costs, and a flood of refusals is what a misbehaving client sends.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/**
 * The shared store (Redis) did not answer in time, or is unreachable: the request may work if sent again later,
 * so routes answer 503 with Retry-After instead of hanging or answering 500.
 */
export class StoreUnavailableError extends HttpError {
  override name = 'StoreUnavailableError';

  constructor(operation: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(503, `the server cannot reach its shared store (${operation}: ${reason}): try again in a moment`, STORE_RETRY);
  }
}

const STORE_RETRY: Readonly<Record<string, string>> = Object.freeze({ 'Retry-After': '2' });

/** `promise`, with any failure turned into a StoreUnavailableError naming `operation`. */
export function storeCall<T>(operation: string, promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    throw new StoreUnavailableError(operation, error);
  });
}
