import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { EntriesAnswer } from '../../protocol/room-entries.js';
import { freePort } from '../support/free-port.js';
import { spawnServer, type SpawnedServer } from '../support/server-process.js';
import { TEST_SECRET } from '../support/signaling-server.js';
import { SseClient } from '../support/sse-client.js';

const json = { 'Content-Type': 'application/json' };

/** A browser's first widget joined to `roomId` on the server at `url`: its token, member key and stream. */
async function memberOf(url: string, roomId: string): Promise<{ token: string; member: string; stream: SseClient }> {
  const access = await fetch(`${url}/access`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'ada' }) });
  const { token } = (await access.json()) as { token: string };
  const stream = await SseClient.open(`${url}/connect?token=${encodeURIComponent(token)}`);
  await stream.next('connected');
  const member = 'widget-crash';
  const joined = await fetch(`${url}/${roomId}/join`, { method: 'POST', headers: { ...json, Authorization: `Bearer ${token}` }, body: JSON.stringify({ member }) });
  assert.equal(joined.status, 200, await joined.text());
  return { token, member, stream };
}

describe('the SQLite store in a server process (DATA_DIR)', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('keeps every entry it answered for through a SIGKILL of the server, in DATA_DIR made at start, in WAL mode', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'draw-room-crash-'));
    dirs.push(parent);
    const dataDir = join(parent, 'not', 'there', 'yet');
    const port = await freePort();
    // 50 appends back to back: past the per-member write limit, which is not what this test is about.
    const start = (): SpawnedServer =>
      spawnServer({ PORT: String(port), HOST: '127.0.0.1', TOKEN_SECRET: TEST_SECRET, DATA_DIR: dataDir, BOARD_WRITES_PER_SECOND: '1000000' });
    const roomId = 'entries-survive-sigkill';

    let server = start();
    const url = await server.listening;
    const first = await memberOf(url, roomId);
    const stored: string[] = [];
    for (let i = 0; i < 50; i++) {
      const data = Buffer.from(`update ${i} `.repeat(1 + i)).toString('base64');
      const response = await fetch(`${url}/${roomId}/entries`, {
        method: 'POST',
        headers: { ...json, Authorization: `Bearer ${first.token}` },
        body: JSON.stringify({ member: first.member, data }),
      });
      assert.equal(response.status, 200);
      stored.push(data);
    }
    first.stream.close();
    server.child.kill('SIGKILL');
    assert.equal(await server.exited, null, 'killed, not closed');
    assert.ok(existsSync(join(dataDir, 'rooms.sqlite')), 'DATA_DIR was made, with its database in it');

    server = start();
    try {
      const again = await memberOf(await server.listening, roomId);
      const read = await fetch(`${url}/${roomId}/entries?member=${again.member}`, { headers: { Authorization: `Bearer ${again.token}` } });
      const answer = (await read.json()) as EntriesAnswer;
      assert.equal(answer.lastSeq, 50);
      assert.deepEqual(answer.entries.map((e) => e.data), stored, 'every entry, in order, byte for byte');
      again.stream.close();
      const db = new Database(join(dataDir, 'rooms.sqlite'), { readonly: true });
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      db.close();
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
