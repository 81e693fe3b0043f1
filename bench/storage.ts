import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEALED_OVERHEAD_BYTES } from '../components/network/room-cipher.js';
import { ENTRIES_PAGE_BYTES, type EntriesAnswer } from '../protocol/room-entries.js';
import { randomId } from '../protocol/random-id.js';
import { base64Of } from '../server/http/base64-field.js';
import { SqliteRoomStore } from '../server/storage/sqlite-room-store.js';
import { launchChromium } from '../test/support/browser.js';
import { startE2eStack } from '../test/support/e2e-stack.js';
import { startHostSite } from '../test/support/host-page.js';
import { lateJoin } from './document/late-join.js';
import { ourServer, scriptServer, stopAll } from './signaling/processes.js';
import { appendLoad, inProcessAppends, persistentRedis } from './storage/append-cost.js';
import { coldOpen, type ColdOpen } from './storage/cold-open.js';
import { floorRead, type FloorRead } from './storage/read-floor.js';
import { buildBenchBoard, SHAPES, storeBoard, storedBytes, type BenchBoard, type StoredShape } from './storage/stored-board.js';

// `npm run bench:storage`: the board on the server (issue 15). The cold open of a stored, sealed 100k-point room in
// a fresh Chromium profile, split into its steps, against a late joiner getting the same board from a peer
// (bench:document's late join) and a page that only fetches and decodes the same bytes (`coldOpen`); the bytes a
// point takes in SQLite, sealed and not, against the document's own (`bytesPerPoint`); and what appending a stroke
// costs the server, SQLite and Redis, against a do-nothing server and a bare INSERT (`append`). One JSON line;
// bench/README.md#storage says what each figure means.

/** Cold opens of each shape, and floor pages: the median is reported, every run's paint beside it. */
const REPEATS = 5;
const COLD_OPEN_GOAL_MS = 500;
const BYTES_PER_POINT_GOAL = 8;

const progress = (message: string) => console.error(`[bench:storage] ${message}`);
// Every store, Redis file and database of the run, in one directory removed at its end.
const runDir = mkdtempSync(join(tmpdir(), 'bench-storage-'));
const tempDir = (name: string) => mkdtempSync(join(runDir, `${name}-`));
const round2 = (value: number) => Math.round(value * 100) / 100;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The median of every figure over the runs, field by field. */
function medianOf<T extends object>(runs: T[]): T {
  const fields = Object.keys(runs[0]!) as Array<keyof T>;
  return Object.fromEntries(fields.map((field) => [field, median(runs.map((run) => Number(run[field])))])) as T;
}

interface PointBytes {
  /** Per point: the data in the `entries` table, and rooms.sqlite after a checkpoint. */
  entriesTable: number;
  file: number;
  entriesTableBytes: number;
  fileBytes: number;
}

/** Bytes a point takes in rooms.sqlite, per shape, sealed and not: a store of its own for each. */
async function bytesPart(board: BenchBoard) {
  const perPoint = (bytes: number) => round2(bytes / board.points);
  const measure = async (shape: StoredShape, sealed: boolean): Promise<PointBytes> => {
    const dir = tempDir(`bytes-${shape}`);
    const store = SqliteRoomStore.open(dir);
    await storeBoard(store, 'bench-bytes-room', board, shape, sealed);
    await store.close();
    const { entriesTableBytes, fileBytes } = storedBytes(dir);
    return { entriesTable: perPoint(entriesTableBytes), file: perPoint(fileBytes), entriesTableBytes, fileBytes };
  };
  const byShape = {} as Record<StoredShape, { sealed: PointBytes; unsealed: PointBytes }>;
  for (const shape of SHAPES) byShape[shape] = { sealed: await measure(shape, true), unsealed: await measure(shape, false) };
  const strokeBytes = board.strokeUpdates.reduce((sum, update) => sum + update.length, 0);
  return {
    document: perPoint(board.snapshot.length),
    ...byShape,
    strokeUpdatesUnsealed: perPoint(strokeBytes),
    sealedOverheadPerEntry: SEALED_OVERHEAD_BYTES,
  };
}

/** REPEATS cold opens of each shape (taking turns) in one Chromium, then the floor page on the same bytes. */
async function coldOpenPart(board: BenchBoard) {
  const dir = tempDir('cold-open');
  const store = SqliteRoomStore.open(dir);
  const rooms = new Map<StoredShape, string[]>(SHAPES.map((shape) => [shape, []]));
  const warmUpRoom = randomId();
  await storeBoard(store, warmUpRoom, board, 'snapshot', true);
  for (const shape of SHAPES) {
    for (let run = 0; run < REPEATS; run++) {
      const room = randomId();
      await storeBoard(store, room, board, shape, true);
      rooms.get(shape)!.push(room);
    }
  }
  const answers = new Map<StoredShape, EntriesAnswer>();
  for (const shape of SHAPES) {
    const page = await store.read(rooms.get(shape)![0]!, 0, ENTRIES_PAGE_BYTES, Date.now());
    answers.set(shape, { entries: page.entries.map(({ seq, data }) => ({ seq, data: base64Of(data) })), lastSeq: page.lastSeq });
  }
  await store.close();

  const server = await ourServer({ secret: randomBytes(32).toString('base64url'), env: { DATA_DIR: dir } });
  const site = await startHostSite(server.url);
  const browser = await launchChromium();
  try {
    // The browser's first page pays for starting its renderer and compiling the widget: not what a visitor whose
    // browser already runs waits for.
    await coldOpen(browser, site, warmUpRoom, board.items);
    const runs = new Map<StoredShape, ColdOpen[]>(SHAPES.map((shape) => [shape, []]));
    const floors = new Map<StoredShape, FloorRead[]>(SHAPES.map((shape) => [shape, []]));
    for (let run = 0; run < REPEATS; run++) {
      for (const shape of SHAPES) {
        runs.get(shape)!.push(await coldOpen(browser, site, rooms.get(shape)![run]!, board.items));
        progress(`cold open, ${shape}, run ${run + 1}: painted at ${runs.get(shape)!.at(-1)!.paintedMs} ms`);
      }
    }
    for (let run = 0; run < REPEATS; run++) {
      for (const shape of SHAPES) floors.get(shape)!.push(await floorRead(browser, answers.get(shape)!));
    }
    const summary = (shape: StoredShape) => ({
      median: medianOf(runs.get(shape)!),
      paintedMsRuns: runs.get(shape)!.map((run) => run.paintedMs),
      storedBytes: floors.get(shape)![0]!.bytes,
      floor: { median: medianOf(floors.get(shape)!), decodedMsRuns: floors.get(shape)!.map((floor) => floor.decodedMs) },
    });
    return Object.fromEntries(SHAPES.map((shape) => [shape, summary(shape)])) as Record<StoredShape, ReturnType<typeof summary>>;
  } finally {
    await browser.close();
    await site.close();
    await stopAll();
  }
}

/** bench:document's late join: the same board from a peer over a data channel (a server that keeps no boards). */
async function lateJoinBaseline() {
  const stack = await startE2eStack();
  try {
    return await lateJoin(stack);
  } finally {
    await stack.close();
  }
}

/** POST /:roomId/entries against our server on SQLite and on Redis, and the floor; then the store in process. */
async function appendPart(board: BenchBoard) {
  const secret = randomBytes(32).toString('base64url');
  // Each bench member appends as fast as its answers come, far beyond a page's two a second: the per-member limits
  // on board writes are lifted, as bench:signaling lifts the relay's (a server without them ignores these).
  const unlimited = { BOARD_WRITES_PER_SECOND: '1000000', BOARD_BYTES_PER_SECOND: String(1024 ** 3), BOARD_BYTES_BURST: String(1024 ** 3) };
  const measure = async (start: () => Promise<{ server: Awaited<ReturnType<typeof ourServer>>; redisPid?: number }>) => {
    try {
      const { server, redisPid } = await start();
      return await appendLoad(server, board.strokeUpdates, redisPid);
    } finally {
      await stopAll();
    }
  };
  const sqlite = await measure(async () => ({ server: await ourServer({ secret, env: { ...unlimited, DATA_DIR: tempDir('append-sqlite') } }) }));
  progress(`append, SQLite: ${sqlite.appendsPerSecond}/s, ${sqlite.serverCpuUsPerAppend} µs of server CPU each`);
  const redis = await measure(async () => {
    const redis = await persistentRedis(tempDir('append-redis'));
    return { server: await ourServer({ secret, env: { ...unlimited, REDIS_URL: redis.url, DATA_DIR: tempDir('append-unused') } }), redisPid: redis.pid };
  });
  progress(`append, Redis: ${redis.appendsPerSecond}/s, ${redis.serverCpuUsPerAppend} + ${redis.redisCpuUsPerAppend} µs of server and Redis CPU each`);
  const floor = await measure(async () => ({ server: await scriptServer('bench/signaling/floor-server.mjs', secret) }));
  progress(`append, floor: ${floor.appendsPerSecond}/s, ${floor.serverCpuUsPerAppend} µs of server CPU each`);
  const inProcess = await inProcessAppends(board.strokeUpdates, tempDir('append-in-process'));
  const sealedUpdateBytes = Math.round(board.strokeUpdates.reduce((sum, update) => sum + update.length + SEALED_OVERHEAD_BYTES, 0) / board.strokeUpdates.length);
  return {
    sealedUpdateBytes,
    sqlite,
    redis,
    floor,
    inProcess,
    cpuOverFloorUs: { sqlite: sqlite.serverCpuUsPerAppend - floor.serverCpuUsPerAppend, redis: redis.serverCpuUsPerAppend + (redis.redisCpuUsPerAppend ?? 0) - floor.serverCpuUsPerAppend },
  };
}

try {
  const loadBefore = round2(loadavg()[0]!);
  progress('building the 100k-point board');
  const board = buildBenchBoard();
  const bytesPerPoint = await bytesPart(board);
  progress(`bytes per point: document ${bytesPerPoint.document}, snapshot ${bytesPerPoint.snapshot.sealed.entriesTable}, entries ${bytesPerPoint.entries.sealed.entriesTable} (sealed)`);
  const stored = await coldOpenPart(board);
  progress('late join from a peer (baseline)');
  const baseline = await lateJoinBaseline();
  const append = await appendPart(board);
  const overBaseline = (shape: StoredShape) => round2(stored[shape].median.paintedMs / baseline.navigationToPaintedMs);
  const overFloor = (shape: StoredShape) => round2(stored[shape].median.paintedMs / stored[shape].floor.median.decodedMs);
  console.log(JSON.stringify({
    bench: 'storage',
    points: board.points,
    items: board.items,
    coldOpenMs: {
      snapshot: stored.snapshot,
      entries: stored.entries,
      baselineLateJoin: baseline,
      paintedOverBaseline: { snapshot: overBaseline('snapshot'), entries: overBaseline('entries') },
      paintedOverFloor: { snapshot: overFloor('snapshot'), entries: overFloor('entries') },
    },
    bytesPerPoint,
    append,
    loadAverage: [loadBefore, round2(loadavg()[0]!)],
    goals: {
      // The phases: server read, open, apply and paint (readToPaintedMs). From navigation start (paintedMs)
      // it also holds the page's own start and the join, reported beside it and against the late-join baseline.
      coldOpenMs: {
        goal: COLD_OPEN_GOAL_MS,
        measured: 'readToPaintedMs',
        met: { snapshot: stored.snapshot.median.readToPaintedMs <= COLD_OPEN_GOAL_MS, entries: stored.entries.median.readToPaintedMs <= COLD_OPEN_GOAL_MS },
        fromNavigationMet: { snapshot: stored.snapshot.median.paintedMs <= COLD_OPEN_GOAL_MS, entries: stored.entries.median.paintedMs <= COLD_OPEN_GOAL_MS },
      },
      bytesPerPoint: {
        goal: BYTES_PER_POINT_GOAL,
        met: { snapshot: bytesPerPoint.snapshot.sealed.file <= BYTES_PER_POINT_GOAL, entries: bytesPerPoint.entries.sealed.file <= BYTES_PER_POINT_GOAL },
      },
    },
  }));
} finally {
  await stopAll();
  rmSync(runDir, { recursive: true, force: true });
}
