import { Hono } from 'hono';
import type { SnapshotAnswer, SnapshotInfo } from '../../protocol/room-entries.js';
import { base64FieldOf, base64Of } from '../http/base64-field.js';
import { HttpError } from '../http/errors.js';
import { readJsonObject } from '../http/json-body.js';
import { requireUser } from '../http/require-user.js';
import type { AppEnv, AppServices } from '../signaling/context.js';
import { roomIdOf } from './room-param.js';
import { memberInRoom, roomTooLarge, seqOf, storageOf, takeBoardWrite } from './room-storage.js';

/**
 * Compaction and the room's kept snapshots (issue 15), for the room's members only:
 * POST /:roomId/compact {member, upto, data} → {seq: upto}: the entries with seq ≤ upto become the snapshot
 * `data` (which a member holding the key merged from them), in one step; 409 `compacted-meanwhile` when another
 * compaction covers upto already, 400 past the last entry, 413 `room-too-large`, 429 past the member's board write
 * limits (takeBoardWrite, shared with appends).
 * GET /:roomId/snapshots?member= → [{seq, at}], newest first; GET /:roomId/snapshots/:seq?member= → {seq, at, data}.
 */
export function snapshotRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/:roomId/compact', requireUser(services), async (c) => {
    const roomId = roomIdOf(c.req.param('roomId'));
    c.set('roomId', roomId);
    const storage = storageOf(services);
    // A snapshot may be as large as the room may be.
    const body = await readJsonObject(c, Math.ceil(storage.maxRoomBytes / 3) * 4 + 1024);
    const memberId = await memberInRoom(services, c.get('user'), roomId, body.member);
    const { upto } = body;
    if (typeof upto !== 'number' || !Number.isSafeInteger(upto) || upto < 1) {
      throw new HttpError(400, `upto must be the seq of the last entry the snapshot holds, a whole number from 1 (got ${JSON.stringify(upto)?.slice(0, 40)})`);
    }
    const data = base64FieldOf(body, 'data', storage.maxRoomBytes);
    takeBoardWrite(services, c.get('user').id, memberId, roomId, data.length);
    const result = await storage.store.compact(roomId, upto, data, storage.maxRoomBytes, storage.now());
    if (result.compacted) return c.json({ seq: upto });
    if (result.reason === 'too-large') throw roomTooLarge(result.roomBytes, storage.maxRoomBytes);
    if (result.reason === 'beyond-last') throw new HttpError(400, `upto ${upto} is past room ${roomId}'s last entry (${result.lastSeq})`);
    throw new HttpError(409, `room ${roomId} was compacted up to ${result.base} meanwhile: read its entries again`, undefined, {
      code: 'compacted-meanwhile',
    });
  });
  app.get('/:roomId/snapshots', requireUser(services), async (c) => {
    const roomId = roomIdOf(c.req.param('roomId'));
    c.set('roomId', roomId);
    const storage = storageOf(services);
    await memberInRoom(services, c.get('user'), roomId, c.req.query('member'));
    const answer: SnapshotInfo[] = await storage.store.snapshots(roomId);
    return c.json(answer);
  });
  app.get('/:roomId/snapshots/:seq', requireUser(services), async (c) => {
    const roomId = roomIdOf(c.req.param('roomId'));
    c.set('roomId', roomId);
    const storage = storageOf(services);
    await memberInRoom(services, c.get('user'), roomId, c.req.query('member'));
    const seq = seqOf(c.req.param('seq'), 'seq');
    const snapshot = await storage.store.snapshot(roomId, seq);
    if (!snapshot) throw new HttpError(404, `room ${roomId} keeps no snapshot ${seq}`);
    const answer: SnapshotAnswer = { seq: snapshot.seq, at: snapshot.at, data: base64Of(snapshot.data) };
    return c.json(answer);
  });
  return app;
}
