import { Hono } from 'hono';
import { ENTRIES_PAGE_BYTES, MAX_ENTRY_BYTES, type AppendAnswer, type EntriesAnswer } from '../../protocol/room-entries.js';
import { base64FieldOf, base64Of } from '../http/base64-field.js';
import { readJsonObject } from '../http/json-body.js';
import { requireUser } from '../http/require-user.js';
import type { AppEnv, AppServices } from '../signaling/context.js';
import { roomIdOf } from './room-param.js';
import { memberInRoom, roomTooLarge, seqOf, storageOf, takeBoardWrite } from './room-storage.js';

/** An append body: one entry in base64 (4 characters per 3 bytes) and the member key, with room to spare. */
const APPEND_BODY_LIMIT_BYTES = Math.ceil(MAX_ENTRY_BYTES / 3) * 4 + 1024;

/**
 * The room's stored board (issue 15), for the room's members only:
 * GET /:roomId/entries?member=<key>&after=<seq> → {entries: [{seq, data}], lastSeq, more?}, the entries with
 * seq > after (0: all, the snapshot first when the room was compacted), at most about ENTRIES_PAGE_BYTES at once;
 * POST /:roomId/entries {member, data} → {seq}, or 413 `room-too-large` past MAX_ROOM_BYTES, 429 past the member's
 * board write limits (takeBoardWrite). Data is base64 of
 * bytes the server does not read: sealed under the room key by the widget when the room has one.
 */
export function entryRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/:roomId/entries', requireUser(services), async (c) => {
    const roomId = roomIdOf(c.req.param('roomId'));
    c.set('roomId', roomId);
    const storage = storageOf(services);
    await memberInRoom(services, c.get('user'), roomId, c.req.query('member'));
    const after = seqOf(c.req.query('after') ?? '0', 'after');
    const page = await storage.store.read(roomId, after, ENTRIES_PAGE_BYTES, storage.now());
    const answer: EntriesAnswer = { entries: page.entries.map(({ seq, data }) => ({ seq, data: base64Of(data) })), lastSeq: page.lastSeq };
    if (page.more) answer.more = true;
    return c.json(answer);
  });
  app.post('/:roomId/entries', requireUser(services), async (c) => {
    const roomId = roomIdOf(c.req.param('roomId'));
    c.set('roomId', roomId);
    const storage = storageOf(services);
    const body = await readJsonObject(c, APPEND_BODY_LIMIT_BYTES);
    const memberId = await memberInRoom(services, c.get('user'), roomId, body.member);
    const data = base64FieldOf(body, 'data', MAX_ENTRY_BYTES);
    takeBoardWrite(services, c.get('user').id, memberId, roomId, data.length);
    const result = await storage.store.append(roomId, data, storage.maxRoomBytes, storage.now());
    if (!result.appended) throw roomTooLarge(result.roomBytes + data.length, storage.maxRoomBytes);
    const answer: AppendAnswer = { seq: result.seq };
    return c.json(answer);
  });
  return app;
}
