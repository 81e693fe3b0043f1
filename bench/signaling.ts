import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freePort } from '../test/support/free-port.js';
import { launch, ourServer as startOurServer, root, runPart, scriptServer as startScriptServer, serveFlags, stopAll, type Server } from './signaling/processes.js';

// `npm run bench:signaling`: idle event streams held and memory per client, relay latency at 2,000 msgs/s
// and the most relays a second, for our server (in memory, and two instances through Redis) and for the
// seed's Express design (bench/baseline, on the seed's own dependency versions) and a do-nothing relay server
// (the floor), all in this run. One JSON line; bench/README.md says what each figure means.

const STEPS = [1000, 5000, 10000];
const secret = randomBytes(32).toString('base64url');
const ourServer = (env: Record<string, string> = {}) => startOurServer({ secret, env });
const scriptServer = (script: string) => startScriptServer(script, secret);

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

/** Idle streams held by one process (it keeps them open), then relays measured by another. */
async function load(servers: Server[], seedProtocol: boolean): Promise<LoadResult> {
  const urls = servers.map((s) => s.url);
  const idle = await runPart<LoadResult['idle']>('bench/signaling/hold.ts', { urls, pids: servers.map((s) => s.pid), steps: STEPS }, 'first-line');
  const relays = await runPart<Omit<LoadResult, 'idle'>>('bench/signaling/load.ts', { urls, rate: 2000, seconds: 5, pairs: 20, seedProtocol }, 'exit');
  return { idle, ...relays };
}

/** Runs one setup alone on the machine, then stops it; `seedProtocol` for the seed's own API (bench/baseline). */
async function measure(start: () => Promise<Server[]>, seedProtocol = false): Promise<LoadResult> {
  try {
    return await load(await start(), seedProtocol);
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
  const baseline = await measure(async () => [await scriptServer(baselineScript)], true);
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
