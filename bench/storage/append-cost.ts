import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteRoomStore } from '../../server/storage/sqlite-room-store.js';
import { base64Of } from '../../server/http/base64-field.js';
import { freePort } from '../../test/support/free-port.js';
import { processCpuMs } from '../signaling/machine-cpu.js';
import { BENCH_MEMBER_KEY, openClient, post } from '../signaling/client.js';
import { launch, type Server } from '../signaling/processes.js';
import { sealingFor } from './stored-board.js';

// bench:storage's append part: what POST /:roomId/entries costs the server per stroke-sized update. Rooms of one
// member each append sealed stroke updates back to back, APPENDERS at once; the server's CPU comes from
// /proc/<pid>/stat (and redis-server's, beside it). Then the store alone in this process: SqliteRoomStore.append
// against a bare better-sqlite3 INSERT of the same bytes, with the same pragmas.

/** Members appending at once, each waiting for its answer: a room's page has one append in flight at a time. */
const APPENDERS = 8;
// The first second warms the server's JIT and SQLite's page cache; what follows is measured.
const WARM_UP_MS = 1000;
const MEASURED_MS = 5000;

/** A redis-server on a free port keeping an append-only file in `dir`, as README's Storage asks (everysec). */
export async function persistentRedis(dir: string): Promise<Server> {
  const port = await freePort();
  const child = launch(`redis-server --port ${port} --bind 127.0.0.1 --save '' --dir ${dir} --appendonly yes --appendfsync everysec`, {}, 'pipe');
  await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => /Ready to accept/.test(chunk.toString()) && resolve()));
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid! };
}

/** What the members' appends cost one server, over the measured seconds. */
export interface AppendLoad {
  appendsPerSecond: number;
  /** Server CPU (user + system) per append, µs: node's, and redis-server's when it runs beside. */
  serverCpuUsPerAppend: number;
  redisCpuUsPerAppend?: number;
  p50Ms: number;
  p99Ms: number;
  appends: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** APPENDERS members, each in its own room, appending `updates` (sealed for that room) one after another. */
export async function appendLoad(server: Server, updates: Uint8Array[], redisPid?: number): Promise<AppendLoad> {
  const appenders = await Promise.all(Array.from({ length: APPENDERS }, async (_, i) => {
    const room = `bench-append-${i}-${Date.now().toString(36)}`;
    const client = await openClient(server.url, `appender-${i}`);
    await client.connected;
    const joined = await post(`${server.url}/${room}/join`, { member: BENCH_MEMBER_KEY }, client.token);
    if (joined.status !== 200) throw new Error(`join ${room} answered ${joined.status}: ${joined.text}`);
    const sealing = sealingFor(room, true);
    const bodies = await Promise.all(updates.map(async (update) => ({ member: BENCH_MEMBER_KEY, data: base64Of(await sealing.seal(update)) })));
    return { room, client, bodies };
  }));
  let phase: 'warm-up' | 'measured' | 'done' = 'warm-up';
  const latencies: number[] = [];
  const running = appenders.map(async ({ room, client, bodies }) => {
    for (let n = 0; phase !== 'done'; n++) {
      const started = performance.now();
      const answer = await post(`${server.url}/${room}/entries`, bodies[n % bodies.length], client.token);
      if (answer.status !== 200) throw new Error(`POST /${room}/entries answered ${answer.status}: ${answer.text}`);
      if (phase === 'measured') latencies.push(performance.now() - started);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  const cpuBefore = [processCpuMs(server.pid), redisPid === undefined ? 0 : processCpuMs(redisPid)];
  const startedAt = performance.now();
  phase = 'measured';
  await new Promise((resolve) => setTimeout(resolve, MEASURED_MS));
  const appends = latencies.length;
  const elapsedMs = performance.now() - startedAt;
  const cpuAfter = [processCpuMs(server.pid), redisPid === undefined ? 0 : processCpuMs(redisPid)];
  phase = 'done';
  await Promise.all(running);
  for (const { client } of appenders) client.socket.destroy();
  latencies.sort((a, b) => a - b);
  const usPerAppend = (ms: number) => Math.round((ms * 1000) / appends);
  return {
    appendsPerSecond: Math.round((appends * 1000) / elapsedMs),
    serverCpuUsPerAppend: usPerAppend(cpuAfter[0]! - cpuBefore[0]!),
    ...(redisPid === undefined ? {} : { redisCpuUsPerAppend: usPerAppend(cpuAfter[1]! - cpuBefore[1]!) }),
    p50Ms: Math.round(quantile(latencies, 0.5) * 100) / 100,
    p99Ms: Math.round(quantile(latencies, 0.99) * 100) / 100,
    appends,
  };
}

/** Appends timed in this process, for each of the store and the bare INSERT. */
const IN_PROCESS_APPENDS = 5000;

/**
 * µs per append, in this process (its files in `dir`): SqliteRoomStore.append, and a bare INSERT of the same sealed
 * bytes; the mean, the slowest 1% and the slowest one.
 */
export async function inProcessAppends(updates: Uint8Array[], dir: string) {
  const sealing = sealingFor('bench-append-in-process', true);
  const entries = await Promise.all(updates.map((update) => sealing.seal(update)));
  // As the store gets them from the route: views of the same bytes, no copies.
  const buffers = entries.map((entry) => Buffer.from(entry.buffer, entry.byteOffset, entry.byteLength));
  const store = SqliteRoomStore.open(join(dir, 'store'));
  const bare = new Database(join(dir, 'bare.sqlite'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = NORMAL');
  bare.exec('CREATE TABLE entries (room TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (room, seq))');
  const insert = bare.prepare<[string, number, Buffer]>('INSERT INTO entries (room, seq, data) VALUES (?, ?, ?)');
  const timed = async (append: (seq: number) => Promise<unknown> | unknown) => {
    const times: number[] = [];
    for (let seq = 1; seq <= IN_PROCESS_APPENDS; seq++) {
      const started = performance.now();
      await append(seq);
      times.push((performance.now() - started) * 1000);
    }
    const us = (value: number) => Math.round(value * 10) / 10;
    times.sort((a, b) => a - b);
    return { meanUs: us(times.reduce((sum, time) => sum + time, 0) / times.length), p99Us: us(quantile(times, 0.99)), maxUs: us(times.at(-1)!) };
  };
  try {
    const roomStore = await timed((seq) => store.append('bench-append-in-process', entries[seq % entries.length]!, Number.MAX_SAFE_INTEGER, Date.now()));
    const bareInsert = await timed((seq) => insert.run('bench-append-in-process', seq, buffers[seq % buffers.length]!));
    return { roomStore, bareInsert, appends: IN_PROCESS_APPENDS };
  } finally {
    await store.close();
    bare.close();
  }
}
