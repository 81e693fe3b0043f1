import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { errorResponse } from '../errors.js';
import { isRoomId } from '../protocol.js';

export interface PageFiles {
  /** The built widget bundle served at /draw-room.js. */
  widgetFile: string;
  /** The full-page room served at /<roomId>. */
  roomPageFile: string;
}

/** 16 random bytes as base64url: 22 URL-safe characters, 128 bits nobody can guess. */
export function newRoomId(): string {
  return randomBytes(16).toString('base64url');
}

export function pageRoutes(files: PageFiles): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', (c) => c.redirect(`/${newRoomId()}`, 302));

  app.get('/draw-room.js', async (c) => {
    const script = await readOptional(files.widgetFile);
    if (script === null) return errorResponse(c, 503, 'the widget is not built yet: run `npm run build`');
    return c.body(script, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
    });
  });

  app.get('/:roomId', async (c) => {
    const roomId = c.req.param('roomId');
    if (!isRoomId(roomId)) return c.notFound();
    const page = await readOptional(files.roomPageFile);
    if (page === null) return errorResponse(c, 503, 'the room page is missing');
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
