import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { answerRepresentation } from '../static/conditional-answer.js';
import { negotiateContentCoding } from '../static/content-coding.js';
import type { AppEnv } from '../signaling/context.js';
import { HttpError } from '../http/errors.js';
import { loadFavicons, type Favicons } from '../static/favicon.js';
import { isRoomId } from '../../protocol/signaling.js';
import { randomId } from '../../protocol/random-id.js';
import { WidgetBundle } from '../static/widget-bundle.js';

export interface PageFiles {
  /** The built widget bundle served at /draw-room.js (with its `.br` and `.gz` next to it when built). */
  widgetFile: string;
  /** The full-page room served at /<roomId>. */
  roomPageFile: string;
  /** The folder of favicon.svg and favicon.ico. */
  assetsDir: string;
}

/**
 * Host pages load the widget by this fixed URL, so a cache must ask before reusing it: a new release then
 * reaches every visitor at once, and asking costs a 304 of a few hundred bytes. `no-cache` says exactly that
 * (store, but revalidate every time); it is also what the widget was served with before it had an ETag.
 */
const WIDGET_CACHE_CONTROL = 'no-cache';

export function pageRoutes(files: PageFiles): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const widget = new WidgetBundle(files.widgetFile);
  let favicons: Favicons | undefined;

  // A new room: the widget's own random ids (22 URL-safe characters, 128 bits nobody can guess). `#new` asks the
  // room page to make the room key in the browser and put it in the fragment: the key must be one this server
  // never knew, so the redirect carries no secret, only the request to make one.
  app.get('/', (c) => c.redirect(`/${randomId()}#new`, 302));

  app.get('/draw-room.js', async (c) => {
    const bundle = await widget.current();
    if (bundle === null) throw new HttpError(503, 'the widget is not built yet: run `npm run build`');
    const encoded = bundle[negotiateContentCoding(c.req.header('accept-encoding'))];
    return answerRepresentation(c, {
      body: encoded.body,
      etag: encoded.etag,
      contentType: 'text/javascript; charset=utf-8',
      cacheControl: WIDGET_CACHE_CONTROL,
      ...(encoded.coding === 'identity' ? {} : { contentEncoding: encoded.coding }),
      // Every encoding's answer says so, identity's too, or a cache could hand brotli to a client without it.
      vary: 'Accept-Encoding',
    });
  });

  // Registered before /:roomId, which would answer these paths 404.
  for (const path of ['/favicon.svg', '/favicon.ico'] as const) {
    app.get(path, (c) => answerRepresentation(c, (favicons ??= loadFavicons(files.assetsDir))[path]));
  }

  app.get('/:roomId', async (c) => {
    const roomId = c.req.param('roomId');
    if (!isRoomId(roomId)) return c.notFound();
    const page = await readOptional(files.roomPageFile);
    if (page === null) throw new HttpError(503, 'the room page is missing');
    return c.html(page);
  });

  return app;
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}
