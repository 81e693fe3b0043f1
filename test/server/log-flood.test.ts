import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Writable } from 'node:stream';
import { v4 as uuidv4 } from 'uuid';
import { createJsonLineLogger } from '../../server/log/log.js';
import type { User } from '../../protocol/signaling.js';
import { eventually } from '../support/eventually.js';
import { spawnMain } from '../support/server-process.js';
import { SignalingServer } from '../support/signaling-server.js';

type Line = Record<string, unknown>;
const parseLines = (text: string): Line[] =>
  text.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Line);

async function post(url: string, path: string, body: unknown, token?: string): Promise<Response> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response;
}

/** A user of `url` with an open stream, and its widget `memberId`, in `roomId` when given. */
async function member(url: string, username: string, roomId?: string): Promise<{ token: string; user: User; memberId: string; close(): void }> {
  const access = (await (await fetch(`${url}/access`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username }) })).json()) as { token: string; user: User };
  const stream = new AbortController();
  const response = await fetch(`${url}/connect?token=${encodeURIComponent(access.token)}`, { signal: stream.signal });
  const reader = response.body!.getReader();
  let seen = '';
  while (!seen.includes('event: connected')) seen += new TextDecoder().decode((await reader.read()).value);
  if (roomId) assert.equal((await post(url, `/${roomId}/join`, { member: 'widget-1' }, access.token)).status, 200);
  return { ...access, memberId: `${access.user.id}.widget-1`, close: () => stream.abort() };
}

/** In batches, so a flood of thousands does not open thousands of sockets at once. */
async function flood(count: number, send: (i: number) => Promise<Response>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => send(i + j)));
    statuses.push(...batch.map((response) => response.status));
  }
  return statuses;
}

/** A log output whose reader stalls: its first write never completes, the rest queue behind it, until catchUp(). */
class StalledOutput extends Writable {
  readonly received: string[] = [];
  private release: (() => void) | undefined;
  private stalled = true;
  constructor() {
    super({ decodeStrings: false });
  }
  override _write(chunk: string, _encoding: BufferEncoding, done: () => void): void {
    this.received.push(String(chunk));
    if (this.stalled) this.release = done;
    else done();
  }
  catchUp(): void {
    this.stalled = false;
    this.release?.();
  }
}

describe('log amplification', () => {
  const closers: Array<() => unknown> = [];
  after(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('writes a few lines for 1,500 refused relays from three clients, and one line for each request that succeeds', async () => {
    const { url, child, output } = await spawnMain({ TOKEN_SECRET: 'log-flood-secret-of-at-least-32-characters' });
    closers.push(() => child.kill('SIGKILL'));
    const alice = await member(url, 'alice', 'log-flood-room');
    const bob = await member(url, 'bob', 'log-flood-room');
    const eve = await member(url, 'eve', 'log-flood-eves-room');
    closers.push(alice.close, bob.close, eve.close);

    const refused = [
      // Alice to peers that are not connected: 404, then 429 once past her burst of 400.
      ...(await flood(500, () => post(url, `/relay/${uuidv4()}.widget-1/ice-candidate`, { from: alice.memberId, data: { candidate: 'x' } }, alice.token))),
      // Eve to Bob, who is in no room of hers: 404, then 429.
      ...(await flood(500, () => post(url, `/relay/${bob.memberId}/ice-candidate`, { from: eve.memberId, data: { candidate: 'x' } }, eve.token))),
      // Nobody in particular, with a forged token: 401.
      ...(await flood(500, () => post(url, `/relay/${bob.memberId}/ice-candidate`, { from: eve.memberId, data: { candidate: 'x' } }, 'forged.token.here'))),
    ];
    assert.ok(refused.every((status) => status >= 400 && status < 500), 'all refused');
    const delivered = await flood(30, (i) => post(url, `/relay/${alice.memberId}/ice-candidate`, { from: bob.memberId, data: { candidate: `ok ${i}` } }, bob.token));
    assert.ok(delivered.every((status) => status === 200), 'Bob\'s relays are delivered');

    const successes = () => parseLines(output()).filter((line) => line.event === 'request' && line.status === 200 && line.userId === bob.user.id && String(line.path).startsWith('/relay/'));
    await eventually('every delivered relay is logged', () => successes().length === 30, 5000);
    const refusalLines = parseLines(output()).filter((line) => (line.event === 'request' && Number(line.status) >= 400) || /refused|rate-limited/.test(String(line.event)));
    assert.ok(refusalLines.length <= 12, `${refusalLines.length} lines for 1,500 refusals:\n${refusalLines.slice(0, 20).map((line) => JSON.stringify(line)).join('\n')}`);
  });

  it('says how many refusals of each client and reason it left out, once their interval is over', async () => {
    const collected: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => done(void collected.push(chunk.toString())) });
    // Long enough that the flood below fits in one interval even on a loaded machine (300 ms did not, in CI).
    const server = await SignalingServer.start({ log: createJsonLineLogger(sink, { refusalIntervalMs: 2000 }).log });
    closers.push(() => server.close());
    const alice = await server.visitor('alice');
    await flood(100, () => server.relay(alice, `${uuidv4()}.widget-1`, 'ice-candidate', { candidate: 'x' }));
    await flood(20, () => server.post('/x-room-id/join', {}, 'forged'));
    await eventually('the interval is over and both summaries are out', () =>
      parseLines(collected.join('')).filter((line) => line.event === 'refusals-suppressed').length >= 2, 8000);
    const lines = parseLines(collected.join(''));
    const refusedRelays = lines.filter((line) => line.event === 'request' && line.status === 404);
    assert.equal(refusedRelays.length, 1, 'the first refusal is logged as it is');
    assert.equal(refusedRelays[0]!.userId, alice.user.id);
    const summaries = lines.filter((line) => line.event === 'refusals-suppressed');
    const forAlice = summaries.find((line) => line.userId === alice.user.id);
    assert.deepEqual({ refused: forAlice?.refused, count: forAlice?.count }, { refused: 'POST relay 404', count: 99 });
    const forAnonymous = summaries.find((line) => line.refused === 'POST join 401');
    assert.equal(forAnonymous?.count, 19, 'refusals without a user are counted per client address');
    assert.match(String(forAnonymous?.clientAddress), /127\.0\.0\.1/);

    await server.relay(alice, `${uuidv4()}.widget-1`, 'ice-candidate', { candidate: 'x' });
    await eventually('a refusal after the interval is logged again', () => parseLines(collected.join('')).filter((line) => line.status === 404).length === 2, 6000);
  });

  it('drops lines and counts them instead of holding them when its output does not drain, then reports the count', async () => {
    const output = new StalledOutput();
    const { log } = createJsonLineLogger(output, { maxBufferedBytes: 64 * 1024 });
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 2000; i++) log('request', { method: 'GET', path: `/favicon.svg?${'x'.repeat(100)}`, status: 200, round, i });
      await new Promise((resolve) => setImmediate(resolve));
    }
    // What the logger handed over is all that is held: the rest was dropped, not kept waiting.
    assert.ok(output.writableLength <= 64 * 1024, `${output.writableLength} bytes held for the output`);
    assert.ok(output.received.join('').length <= 64 * 1024, 'no more than the cap was written while the output stalled');

    output.catchUp();
    await new Promise((resolve) => setImmediate(resolve));
    log('request', { method: 'GET', path: '/after-the-stall', status: 200 });
    await eventually('the next line is written', () => output.received.join('').includes('/after-the-stall'), 2000);
    const lines = parseLines(output.received.join(''));
    const kept = lines.filter((line) => line.event === 'request' && line.path !== '/after-the-stall').length;
    const dropped = lines.find((line) => line.event === 'log-lines-dropped');
    assert.ok(kept > 0 && kept < 100_000, `${kept} lines kept`);
    assert.equal(dropped?.count, 100_000 - kept, 'every line is either written or counted as dropped');
  });
});
