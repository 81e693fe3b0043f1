import { ServerResponse } from 'node:http';
import type { AppServices } from '../signaling/context.js';
import { corsHeaders, type AllowedOrigins } from './cors.js';
import { errorAnswer } from './error-answer.js';
import type { NodeRequest, NodeResponse } from './node-request.js';
import { logRequest } from './request-log.js';

/**
 * A route served on node:http directly. It answers with the JSON body it resolves to (200), or throws an HttpError
 * (any other error is a logged 500); a route that answers by itself (an event stream) resolves to undefined.
 */
export type NodeRouteHandler = (exchange: NodeExchange) => Promise<object | undefined>;

/** What every node:http route shares: the app's log and client addresses, and its CORS rule. */
export interface NodeRouteToolkit extends Pick<AppServices, 'log' | 'clientAddress'> {
  allowedOrigins: AllowedOrigins;
}

export type NodeMethod = 'GET' | 'POST';

/**
 * A node:http route as the route table holds it: what it matches and how it answers. Served over HTTP/2 too (by
 * node:http2's compatibility API) when the server has a certificate.
 */
export interface NodeRoute {
  method: NodeMethod;
  /** The path pattern's regex: one group per `:name` segment, then the query string or the end. */
  pattern: RegExp;
  serve(request: NodeRequest, response: NodeResponse, match: RegExpExecArray): void;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * One request to a node:http route, and the toolkit Hono's middleware gives Hono's routes: JSON answers with CORS
 * and nosniff, thrown errors answered as Hono's are (errorAnswer), the request log with its timing. One object per
 * request, its methods on the prototype: /relay is the hot path, and closures per request were a measurable part
 * of what it allocated.
 */
export class NodeExchange {
  readonly started = performance.now();
  /** The user the request came from, once the route knows: the request log names it. */
  userId: string | undefined = undefined;

  constructor(
    readonly request: NodeRequest,
    readonly response: NodeResponse,
    private readonly match: RegExpExecArray,
    private readonly route: CompiledRoute,
  ) {}

  /** The path segment matched by `:name`, percent-decoded as Hono decodes params (left as sent when invalid). */
  param(name: string): string {
    const segment = this.match[this.route.params.indexOf(name) + 1] ?? '';
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }

  /** Answers `body` as JSON, with CORS, nosniff and `headers`, and logs the request. */
  json(status: number, body: unknown, headers: Readonly<Record<string, string>> = NO_HEADERS): void {
    const text = JSON.stringify(body);
    // With its length, as Hono answers, rather than chunked (which writeHead alone would make it).
    const length = Buffer.byteLength(text);
    this.response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': length, 'X-Content-Type-Options': 'nosniff', ...this.cors(), ...headers });
    this.response.end(text);
    this.log(status);
  }

  /** Starts a 200 answer the route goes on writing (an event stream), with CORS and nosniff, and logs the request. */
  beginStream(headers: Readonly<Record<string, string>>): void {
    this.response.writeHead(200, { ...headers, 'X-Content-Type-Options': 'nosniff', ...this.cors() });
    // node:http holds the headers back for the first write; HTTP/2's writeHead has sent them already.
    if (this.response instanceof ServerResponse) this.response.flushHeaders();
    this.log(200);
  }

  /** Answers a thrown error: an HttpError with its own status, body and headers, anything else with a logged 500. */
  fail(error: unknown): void {
    const { toolkit } = this.route;
    const answer = errorAnswer(error, toolkit.log, { method: this.route.method, path: this.path(), userId: this.userId });
    // Failed after its answer began (a stream's): all that is left to do is to end it.
    if (this.response.headersSent) return void this.response.destroy();
    this.json(answer.status, answer.body, answer.headers);
  }

  private cors(): Readonly<Record<string, string>> {
    return corsHeaders(this.request.headers.origin, this.route.toolkit.allowedOrigins);
  }

  /** The path without the query string, which may carry a token (/connect's). */
  private path(): string {
    const url = this.request.url ?? '';
    const query = url.indexOf('?');
    return query === -1 ? url : url.slice(0, query);
  }

  private log(status: number): void {
    const answered = { method: this.route.method, path: this.path(), status, started: this.started, userId: this.userId };
    logRequest(this.route.toolkit, answered, this.request);
  }
}

/** What a route's exchanges share. */
interface CompiledRoute {
  method: NodeMethod;
  /** The names of the path's `:name` segments, in order. */
  params: readonly string[];
  toolkit: NodeRouteToolkit;
}

/**
 * A route served on node:http rather than through Hono, for measured reasons (README: the adapter's per-request
 * wrapping lived as long as /connect's streams, and cost /relay half its throughput), with Hono's toolkit all the
 * same. `path` is Hono's syntax, `/relay/:peerId/:event`; each `:name` matches one non-empty segment.
 */
export function nodeRoute(toolkit: NodeRouteToolkit, method: NodeMethod, path: string, handle: NodeRouteHandler): NodeRoute {
  const params: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(segment.slice(1));
      return '([^/?]+)';
    })
    .join('\\/');
  const route: CompiledRoute = { method, params, toolkit };
  return {
    method,
    pattern: new RegExp(`^${source}(?:\\?|$)`),
    serve: (request, response, match) => void run(handle, new NodeExchange(request, response, match, route)),
  };
}

/** Runs the route and answers what it resolves to or throws. An async function, not promise callbacks: no closures. */
async function run(handle: NodeRouteHandler, exchange: NodeExchange): Promise<void> {
  let body: object | undefined;
  try {
    body = await handle(exchange);
  } catch (error) {
    return exchange.fail(error);
  }
  if (body !== undefined) exchange.json(200, body);
}
