import type { NonSharedBuffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StaticRepresentation } from './conditional-answer.js';
import { strongEtag } from './entity-tag.js';

/**
 * A week: the icon seldom changes, and a browser that kept it revalidates cheaply (ETag → 304) after that.
 * Not `immutable` with a year, because the URLs carry no version and a new icon must reach people some day.
 */
const FAVICON_CACHE_CONTROL = 'public, max-age=604800';

/** The favicons, by path: an SVG for the `<link rel="icon">` of our pages, an ICO holding a 32×32 PNG for the rest. */
export type Favicons = Readonly<Record<'/favicon.svg' | '/favicon.ico', StaticRepresentation>>;

/** Read once, at the first request for either, from `assetsDir` (server/assets). */
export function loadFavicons(assetsDir: string): Favicons {
  const asset = (name: string) => readFileSync(join(assetsDir, name));
  const served = (body: NonSharedBuffer, contentType: string): StaticRepresentation => ({
    body,
    etag: strongEtag(body),
    contentType,
    cacheControl: FAVICON_CACHE_CONTROL,
  });
  return {
    '/favicon.svg': served(asset('favicon.svg'), 'image/svg+xml'),
    '/favicon.ico': served(asset('favicon.ico'), 'image/x-icon'),
  };
}
