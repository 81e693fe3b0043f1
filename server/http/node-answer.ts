import type { ServerResponse } from 'node:http';

/** A JSON answer from the routes served on node:http directly (/connect's refusals, /relay). */
export function answerJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff', ...headers });
  response.end(JSON.stringify(body));
}

/** Milliseconds since `started` (performance.now()), to a tenth, for the request log. */
export const elapsedMs = (started: number) => Math.round((performance.now() - started) * 10) / 10;
