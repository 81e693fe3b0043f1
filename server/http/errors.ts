import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error answered as `{ error }` JSON with its status. */
export function httpError(status: ContentfulStatusCode, message: string): HTTPException {
  return new HTTPException(status, { message, res: Response.json({ error: message }, { status }) });
}

export function errorResponse(c: Context, status: ContentfulStatusCode, message: string): Response {
  return c.json({ error: message }, status);
}

/**
 * The shared store (Redis) did not answer in time, or is unreachable: the request may work if sent again later,
 * so routes answer 503 with Retry-After instead of hanging or answering 500.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  readonly retryAfterSeconds = 2;

  constructor(operation: string, cause: unknown) {
    super(`the server cannot reach its shared store (${operation}: ${cause instanceof Error ? cause.message : String(cause)}): try again in a moment`);
  }
}

/** `promise`, with any failure turned into a StoreUnavailableError naming `operation`. */
export function storeCall<T>(operation: string, promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    throw new StoreUnavailableError(operation, error);
  });
}
