import { createHash } from 'node:crypto';

/**
 * A strong ETag for exactly these bytes: 16 base64url characters (96 bits) of their SHA-256, then `-<suffix>`
 * when given. The hash is of the bytes as sent, so two encodings (or two servers that compressed differently)
 * never share a tag, as a strong validator requires.
 */
export function strongEtag(bytes: Uint8Array, suffix?: string): string {
  const digest = createHash('sha256').update(bytes).digest('base64url').slice(0, 16);
  return suffix ? `"${digest}-${suffix}"` : `"${digest}"`;
}

/**
 * Whether If-None-Match lets a GET answer 304 (RFC 9110 §13.1.2): `*` matches any current representation,
 * otherwise any listed tag that equals `etag` by weak comparison (a `W/` prefix on either side is ignored).
 * Splitting the list at commas is enough here: our own tags hold none, so a foreign tag that does can only
 * split into pieces that match nothing.
 */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const opaque = withoutWeakPrefix(etag);
  return ifNoneMatch.split(',').some((element) => {
    const tag = element.trim();
    return tag === '*' || withoutWeakPrefix(tag) === opaque;
  });
}

const withoutWeakPrefix = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
