import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { now } from '../signaling/client.js';
import { LatencyHistogram } from './latency-histogram.js';
import { machineCpu, ServerUnderLoad, type ServerKind } from './server-under-load.js';

// The server-capacity half of `npm run bench:relay`: N simulated drawing users (bench/relay/drawers.ts, in two
// processes apart from the server) through one server process, N stepping up until the relay's p95 passes the
// goal; the do-nothing floor at the same N in the same run.

export const P95_GOAL_MS = 100;
const ROOM_SIZE = 4;
const GENERATORS = 2;
const timing = { warmupSeconds: 3, windowSeconds: 10, drainSeconds: 2 };

interface GeneratorResult {
  users: number;
  framesQueued: number;
  framesDelivered: number;
  points: number;
  uploads: number;
  refused: Record<string, number>;
  latencies: Array<[number, number]>;
  sinceUpload: Array<[number, number]>;
  bytes: number;
  cpuPercent: number;
  loopDelayP99Ms: number;
}

export interface Step {
  users: number;
  /** A point's frames from the widget queueing them (the frame it is drawn) to their arrival on each recipient's stream. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  /** The same from the upload carrying them being written. */
  sinceUploadMs: { p50: number | null; p95: number | null };
  /** Frames delivered of those owed (each frame once per other member of the room). */
  delivered: number;
  uploadsPerSecond: number;
  refusedUploads: Record<string, number>;
  /** Points drawn a second, all users together. */
  pointsPerSecond: number;
  /** The server process's CPU (100 = one core), and per drawing user. */
  serverCpuPercent: number;
  serverCpuPercentPerUser: number;
  serverLoopDelayMs: { p50: number; p99: number; max: number };
  /** The load generators' CPU (each, 100 = one core) and event loop p99: the measuring side must not be the limit. */
  generatorCpuPercent: number[];
  generatorLoopDelayP99Ms: number[];
  /** The whole machine's CPU in use (100 a core: 200 on 2 cores). */
  machineCpuPercent: number;
  /** Upload and stream bytes (HTTP included) per drawn point, as the generators' sockets counted them. */
  bytesPerPoint: number;
}

const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;

/** A load-generator process; resolves `ready` once its users are in their rooms, `result` once it reported. */
function generator(plan: object): { ready: Promise<void>; start(at: number): void; result: Promise<GeneratorResult> } {
  const script = fileURLToPath(new URL('./drawers.ts', import.meta.url));
  const child = spawn('bash', ['-c', `ulimit -n 20000 && exec node --import tsx ${script} '${JSON.stringify(plan)}'`], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const result = new Promise<GeneratorResult>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('{"ready":true}\n')) markReady();
    });
    child.once('exit', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{"users"')) resolve(JSON.parse(last) as GeneratorResult);
      else reject(new Error(`bench/relay/drawers.ts exited with ${code}: ${output.slice(-500)}`));
    });
  });
  // A generator that fails while connecting must not leave `ready` waiting for ever.
  void result.catch(() => markReady());
  return { ready, start: (at) => child.stdin.end(`${at}\n`), result };
}

/** N users drawing through one fresh server process of `kind`. */
export async function measureStep(kind: ServerKind, users: number): Promise<Step> {
  const server = await ServerUnderLoad.start(kind);
  try {
    // Rooms stay whole within a generator: the first takes a multiple of the room size, the second the rest.
    const first = Math.floor(users / GENERATORS / ROOM_SIZE) * ROOM_SIZE;
    const generators = [first, users - first].map((count, index) =>
      generator({ url: server.url, users: count, roomSize: ROOM_SIZE, strokePoints: 60, label: `${kind}${users}g${index}`, ...timing }));
    await Promise.all(generators.map((g) => g.ready));
    const startAt = now() + 500;
    for (const g of generators) g.start(startAt);
    const windowStart = startAt + timing.warmupSeconds * 1000;
    const windowEnd = windowStart + timing.windowSeconds * 1000;
    await new Promise((resolve) => setTimeout(resolve, windowStart - now()));
    const [cpuAtStart, machineAtStart] = [server.cpuSeconds(), machineCpu()];
    server.resetLoopDelay();
    await new Promise((resolve) => setTimeout(resolve, windowEnd - now()));
    const [cpuAtEnd, machineAtEnd] = [server.cpuSeconds(), machineCpu()];
    const serverLoopDelayMs = await server.loopDelay();
    const results = await Promise.all(generators.map((g) => g.result));

    const latencies = new LatencyHistogram();
    const sinceUpload = new LatencyHistogram();
    for (const result of results) {
      latencies.merge(result.latencies);
      sinceUpload.merge(result.sinceUpload);
    }
    const sum = (field: 'framesQueued' | 'framesDelivered' | 'points' | 'uploads' | 'bytes') => results.reduce((total, result) => total + result[field], 0);
    const refusedUploads: Record<string, number> = {};
    for (const result of results) for (const [status, count] of Object.entries(result.refused)) refusedUploads[status] = (refusedUploads[status] ?? 0) + count;
    const serverCpuPercent = ((cpuAtEnd - cpuAtStart) / timing.windowSeconds) * 100;
    return {
      users,
      latencyMs: { p50: latencies.at(0.5), p95: latencies.at(0.95), p99: latencies.at(0.99) },
      sinceUploadMs: { p50: sinceUpload.at(0.5), p95: sinceUpload.at(0.95) },
      delivered: round(sum('framesDelivered') / Math.max(1, sum('framesQueued')), 4),
      uploadsPerSecond: Math.round(sum('uploads') / timing.windowSeconds),
      refusedUploads,
      pointsPerSecond: Math.round(sum('points') / timing.windowSeconds),
      serverCpuPercent: round(serverCpuPercent),
      serverCpuPercentPerUser: round(serverCpuPercent / users, 3),
      serverLoopDelayMs,
      generatorCpuPercent: results.map((result) => result.cpuPercent),
      generatorLoopDelayP99Ms: results.map((result) => result.loopDelayP99Ms),
      machineCpuPercent: round(((machineAtEnd.busy - machineAtStart.busy) / (machineAtEnd.total - machineAtStart.total)) * 100 * cpus().length),
      bytesPerPoint: round(sum('bytes') / Math.max(1, sum('points'))),
    };
  } finally {
    await server.stop();
  }
}

/** A step meets the goal when its p95 is within it and (nearly) every frame arrived. */
export const meetsGoal = (step: Step) => step.latencyMs.p95 !== null && step.latencyMs.p95 <= P95_GOAL_MS && step.delivered >= 0.999;

/**
 * Ours at `steps` users until a step misses the goal (that one included, to show what gave), and the floor at
 * the same counts.
 */
export async function rampUsers(steps: number[]): Promise<{ ours: Step[]; floor: Step[]; mostUsersWithinGoal: number }> {
  const ours: Step[] = [];
  for (const users of steps) {
    const step = await measureStep('ours', users);
    ours.push(step);
    if (!meetsGoal(step)) break;
  }
  const floor: Step[] = [];
  for (const { users } of ours) floor.push(await measureStep('floor', users));
  const mostUsersWithinGoal = Math.max(0, ...ours.filter(meetsGoal).map((step) => step.users));
  return { ours, floor, mostUsersWithinGoal };
}
