import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../../protocol/signaling.js';
import type { Logger } from '../log/log.js';
import { HttpError, StoreUnavailableError } from './errors.js';

/** How a failed request is answered: status, JSON body and headers. */
export interface ErrorAnswer {
  status: ContentfulStatusCode;
  body: ErrorBody;
  headers: Readonly<Record<string, string>>;
}

const INTERNAL_ERROR: ErrorAnswer = Object.freeze({ status: 500, body: { error: 'internal server error' }, headers: {} });

/**
 * The one place a thrown error becomes an answer, for Hono's routes (app.onError) and node:http's (nodeRoute):
 * an HttpError answers its own status, message, details and headers; anything else is a 500 that tells the client
 * nothing and is logged with what went wrong. An unreachable store is logged too: the client's 503 says to retry,
 * the operator needs to know why.
 */
export function errorAnswer(error: unknown, log: Logger, request: { method: string; path: string; userId?: string }): ErrorAnswer {
  if (!(error instanceof HttpError)) {
    log('internal-error', { ...request, error: String(error) });
    return INTERNAL_ERROR;
  }
  if (error instanceof StoreUnavailableError) log('store-unavailable', { ...request, error: error.message });
  return { status: error.status, body: { error: error.message, ...error.details }, headers: error.headers };
}
