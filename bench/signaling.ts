import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/free-port.js';

// `npm run bench:signaling`: idle event streams held and memory per client, relay latency at 2,000 msgs/s
// and the most relays a second, for our server (in memory, and two instances through Redis) and for the
// seed's Express design (bench/baseline, on the seed's own dependency versions) and a do-nothing relay server
// (the floor), all in this run. One JSON line; bench/README.md says what each figure means.

const STEPS = [1000, 5000, 10000];
const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
// Our server runs with the node flags `npm run serve` gives it (package.json), so these are production's figures.
const serveScript = (JSON.parse(readFileSync(root('package.json'), 'utf8')) as { scripts: { serve: string } }).scripts.serve;
const serveFlags = /^node (.*?) ?dist\/server\.js$/.exec(serveScript)?.[1] ?? '';
// BENCH_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" adds flags, here to profile our server processes (they
// are then ended with SIGTERM, so node writes the profile).
const extraFlags = process.env.BENCH_SERVER_FLAGS ?? '';
const secret = randomBytes(32).toString('base64url');
const running: ChildProcess[] = [];

/** A child process with the open-files limit raised (10k streams need 10k descriptors on each side). */
function launch(command: string, env: Record<string, string> = {}, output: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  const child = spawn('bash', ['-c', `ulimit -n 20000 && exec ${command}`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', output, 'inherit'],
  });
  running.push(child);
  return child;
}

async function waitForHttp(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`${url}/bench-probe-not-a-route`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${url} never answered`);
}

async function ourServer(env: Record<string, string> = {}): Promise<{ url: string; pid: number }> {
  const port = await freePort();
  const child = launch(`node ${serveFlags} ${extraFlags} ${root('dist/server.js')}`, {
    PORT: String(port),
    HOST: '127.0.0.1',
    TOKEN_SECRET: secret,
    RELAY_PER_SECOND: '100000',
    RELAY_BURST: '100000',
    // The load generator is one client address holding 10k streams: lift the per-client limits.
    ACCESS_PER_MINUTE_PER_CLIENT: '1000000',
    JOINS_PER_MINUTE_PER_CLIENT: '1000000',
    STREAMS_PER_CLIENT: '1000000',
    ACCESS_PER_SECOND: '1000000',
    JOINS_PER_SECOND: '1000000',
    MAX_STREAMS: '1000000',
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url);
  return { url, pid: child.pid! };
}

/** A comparison server (plain JavaScript, no flags) on a free port, once it answers. */
async function scriptServer(script: string): Promise<{ url: string; pid: number }> {
  const port = await freePort();
  const child = launch(`node ${root(script)}`, { PORT: String(port), TOKEN_SECRET: secret });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url);
  return { url, pid: child.pid! };
}

const baselineScript = 'bench/baseline/seed-server.cjs';
const baselineDependencies = ['express', 'jsonwebtoken', 'uuid'];

/**
 * The baseline runs on the seed's own dependency versions (bench/baseline/package.json), not the repo's:
 * jsonwebtoken 9 verifies a string-secret token an order of magnitude slower than the seed's 8.5 (see
 * bench/README.md#baseline), which alone made the seed look several times slower than it was. Installs them
 * beside the script when missing (its `require` then finds them first) and answers the versions its `require`
 * resolves, so the JSON line says what actually ran.
 */
function prepareBaseline(): Record<string, string> {
  if (!existsSync(root('bench/baseline/node_modules'))) {
    execFileSync('npm', ['ci', '--prefix', root('bench/baseline'), '--no-audit', '--no-fund'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const requireFromBaseline = createRequire(root(baselineScript));
  return Object.fromEntries(baselineDependencies.map((name) => {
    const manifest = requireFromBaseline.resolve(`${name}/package.json`);
    if (!manifest.startsWith(root('bench/baseline/node_modules/'))) {
      throw new Error(`the baseline would load ${name} from ${manifest}, not from bench/baseline/node_modules`);
    }
    return [name, (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version];
  }));
}

async function redisServer(): Promise<string> {
  const port = await freePort();
  const child = launch(`redis-server --port ${port} --bind 127.0.0.1 --save '' --appendonly no`, {}, 'pipe');
  await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => /Ready to accept/.test(chunk.toString()) && resolve()));
  return `redis://127.0.0.1:${port}`;
}

interface LoadResult {
  idle: { clients: number; held: number; rssKbPerClient: number }[];
  latency: { rate: number; sent: number; delivered: number; p50Ms: number; p99Ms: number };
  maxMsgsPerSecond: number;
}

/** A load-generator process: its last line of output, parsed, once `done` says the process has said it. */
function runPart<T>(script: string, plan: unknown, done: 'exit' | 'first-line'): Promise<T> {
  const child = launch(`node --import tsx ${root(script)} '${JSON.stringify(plan)}'`, {}, 'pipe');
  let output = '';
  return new Promise((resolve, reject) => {
    const parsed = () => {
      const line = output.trim().split('\n').pop() ?? '';
      return line.startsWith('{') || line.startsWith('[') ? (JSON.parse(line) as T) : undefined;
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const result = done === 'first-line' && output.includes('\n') ? parsed() : undefined;
      if (result !== undefined) resolve(result);
    });
    child.once('exit', (code) => {
      const result = code === 0 ? parsed() : undefined;
      if (result !== undefined) resolve(result);
      else reject(new Error(`${script} exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

/** Idle streams held by one process (it keeps them open), then relays measured by another. */
async function load(servers: { url: string; pid: number }[]): Promise<LoadResult> {
  const urls = servers.map((s) => s.url);
  const idle = await runPart<LoadResult['idle']>('bench/signaling/hold.ts', { urls, pids: servers.map((s) => s.pid), steps: STEPS }, 'first-line');
  const relays = await runPart<Omit<LoadResult, 'idle'>>('bench/signaling/load.ts', { urls, rate: 2000, seconds: 5, pairs: 20 }, 'exit');
  return { idle, ...relays };
}

async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(extraFlags ? 'SIGTERM' : 'SIGKILL');
  })));
}

/** Runs one setup alone on the machine, then stops it. */
async function measure(start: () => Promise<{ url: string; pid: number }[]>): Promise<LoadResult> {
  try {
    return await load(await start());
  } finally {
    await stopAll();
  }
}

const ratio = (ours: number, theirs: number) => Math.round((ours / theirs) * 100) / 100;
const at10k = (result: LoadResult) => result.idle.find((step) => step.clients === 10_000)!.rssKbPerClient;
const overBaseline = (ours: LoadResult, baseline: LoadResult) => ({
  rssPerClientAt10k: ratio(at10k(ours), at10k(baseline)),
  p99At2kMsgs: ratio(ours.latency.p99Ms, baseline.latency.p99Ms),
  maxMsgsPerSecond: ratio(ours.maxMsgsPerSecond, baseline.maxMsgsPerSecond),
});
// The floor's p99 moves by a millisecond or more between runs on this machine: only the difference within one
// run says what our relay path adds.
const p99OverFloor = (ours: LoadResult, floor: LoadResult) => Math.round((ours.latency.p99Ms - floor.latency.p99Ms) * 100) / 100;

try {
  const baselineVersions = prepareBaseline();
  const memory = await measure(async () => [await ourServer()]);
  const redis = await measure(async () => {
    const url = await redisServer();
    return [await ourServer({ REDIS_URL: url }), await ourServer({ REDIS_URL: url })];
  });
  const baseline = await measure(async () => [await scriptServer(baselineScript)]);
  const floor = await measure(async () => [await scriptServer('bench/signaling/floor-server.mjs')]);
  console.log(JSON.stringify({
    bench: 'signaling',
    serverNodeFlags: serveFlags,
    ours: { memoryBus: memory, redisBusTwoInstances: redis },
    baseline,
    baselineVersions,
    // What this machine and the load generator allow: a relay server that does nothing else (floor-server.mjs).
    floor,
    oursOverBaseline: overBaseline(memory, baseline),
    redisOverBaseline: overBaseline(redis, baseline),
    relayP99OverFloorMs: p99OverFloor(memory, floor),
    redisRelayP99OverFloorMs: p99OverFloor(redis, floor),
    goals: { clients: 10_000, rssKbPerClient: 10, relayP99OverFloorMs: 0.5, throughputOverBaseline: 3 },
  }));
} finally {
  await stopAll();
}
