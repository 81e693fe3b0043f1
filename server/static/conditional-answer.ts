import type { Context } from 'hono';
import { ifNoneMatchHits } from './entity-tag.js';

/** A file held in memory, answered as-is. */
export interface StaticRepresentation {
  body: Uint8Array<ArrayBuffer>;
  /** Strong, and different for every body and encoding. */
  etag: string;
  contentType: string;
  cacheControl: string;
  /** Set when the body is compressed. */
  contentEncoding?: 'br' | 'gzip';
  /** Set when other requests may get another encoding of the same resource. */
  vary?: string;
}

/**
 * 200 with the body, or 304 without it when If-None-Match already names this ETag. The 304 carries only the
 * validator and the fields that steer caches (ETag, Cache-Control, Vary), as RFC 9110 §15.4.5 asks. HEAD is
 * answered by Hono from the GET answer, without the body and with its Content-Length.
 */
export function answerRepresentation(c: Context, representation: StaticRepresentation): Response {
  const cacheFields: Record<string, string> = { ETag: representation.etag, 'Cache-Control': representation.cacheControl };
  if (representation.vary) cacheFields['Vary'] = representation.vary;
  if (ifNoneMatchHits(c.req.header('if-none-match'), representation.etag)) return c.body(null, 304, cacheFields);
  const bodyFields: Record<string, string> = {
    'Content-Type': representation.contentType,
    'Content-Length': String(representation.body.byteLength),
  };
  if (representation.contentEncoding) bodyFields['Content-Encoding'] = representation.contentEncoding;
  return c.body(representation.body, 200, { ...cacheFields, ...bodyFields });
}
