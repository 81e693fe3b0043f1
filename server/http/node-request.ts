import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';

/**
 * A request as node hands it to the app: node:http's, or node:http2's compatibility API's when the server has a
 * certificate (TLS_CERT). An HTTPS server with allowHTTP1 hands over either, by what each client negotiated.
 */
export type NodeRequest = IncomingMessage | Http2ServerRequest;

/** The answer that goes with a NodeRequest: node:http's for HTTP/1.1, the compatibility API's for HTTP/2. */
export type NodeResponse = ServerResponse | Http2ServerResponse;

/** The whole app as node:http and node:http2 both call it. */
export type NodeListener = (request: NodeRequest, response: NodeResponse) => void;
