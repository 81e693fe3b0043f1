import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { machineBusyMs, othersShare, processCpuMs, untilQuiet } from './machine-cpu.js';
import { ourServer, root, runningPids, runPart, scriptServer, serveFlags, stopAll, type Server } from './processes.js';

// Only the latency phase of `npm run bench:signaling` (relays at 2,000 a second, with 10k idle streams held by
// another process), several times over, against one or more builds of our server and the floor, taking turns:
// a quick way to compare builds or flags in the same conditions (≈15 s a measurement instead of ≈2 min a run).
//
//   tsx bench/signaling/latency.ts [--runs 5] [--idle 10000] [--gc] [--detail dir]
//       [--ours 'name=path/to/server.js'] [--ours 'name=path/to/server.js --node --flags'] [--no-floor]
//
// Each --ours is a build to run (default: dist/server.js as `npm run serve` runs it); flags after the path replace
// production's node flags (a build elsewhere needs node_modules beside it or above it). --gc preloads gc-watch.mjs
// into every server and reports the collections that ran while relays were measured; --detail writes each
// measurement's slowest 1% and collections to a file in `dir`. One JSON line a measurement (with how busy the rest
// of the machine was), then one with every target's p99s and our p99 over the floor of each run.

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    idle: { type: 'string', default: '10000' },
    ours: { type: 'string', multiple: true, default: [`ours=dist/server.js ${serveFlags}`] },
    'no-floor': { type: 'boolean', default: false },
    gc: { type: 'boolean', default: false },
    detail: { type: 'string' },
  },
});

interface Target {
  name: string;
  start(env: Record<string, string>, flags: string): Promise<Server>;
}

const secret = randomBytes(32).toString('base64url');
const gcWatch = root('bench/signaling/gc-watch.mjs');
const targets: Target[] = options.ours.map((spec) => {
  const match = /^([^=]+)=(\S+)\s*(.*)$/.exec(spec);
  if (!match) throw new Error(`--ours "${spec}": expected name=path/to/server.js [node flags]`);
  const [, name, script, flags] = match as unknown as [string, string, string, string];
  return { name, start: (env, extra) => ourServer({ secret, env, script: resolve(script), flags: `${flags} ${extra}` }) };
});
if (!options['no-floor']) targets.push({ name: 'floor', start: (env, extra) => scriptServer('bench/signaling/floor-server.mjs', secret, extra, env) });

interface Latency {
  p50Ms: number;
  p99Ms: number;
  delivered: number;
  from: number;
  slowest: [number, number][];
}

/** Collections while relays were measured: how many, their total and longest pause, and the minor ones' spacing. */
function collectionsDuring(file: string, latency: Latency, seconds: number) {
  const all = JSON.parse(readFileSync(file, 'utf8')) as [number, number, number][];
  const during = all.filter(([at]) => at >= latency.from && at <= latency.from + seconds * 1000);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  // Of the slowest 1% of relays, how many were sent during a collection or in the 2 ms before one ended.
  const pausedSlowest = latency.slowest.filter(([sentAfter]) => {
    const sentAt = latency.from + sentAfter;
    return during.some(([at, ms]) => sentAt >= at - 2 && sentAt <= at + ms);
  }).length;
  const byKind = (kind: number) => during.filter(([, , k]) => k === kind);
  const summary = (entries: [number, number, number][]) => ({
    count: entries.length,
    totalMs: round(entries.reduce((sum, [, ms]) => sum + ms, 0)),
    maxMs: round(Math.max(0, ...entries.map(([, ms]) => ms))),
  });
  // Kinds as perf_hooks numbers them: 1 minor (scavenge), 4 major, 8 incremental marking, 16 weak callbacks.
  return { minor: summary(byKind(1)), major: summary(byKind(4)), incremental: summary(byKind(8)), pausedSlowest, slowest: latency.slowest.length };
}

const SECONDS = 5;
// Each measurement waits for a second with at most this share of the cores busy (up to 2 minutes).
const QUIET_SHARE = 0.1;
const runs = Number(options.runs);
const p99s: Record<string, number[]> = Object.fromEntries(targets.map((target) => [target.name, []]));
const gcDir = options.gc ? mkdtempSync(join(tmpdir(), 'gc-watch-')) : '';
try {
  for (let run = 1; run <= runs; run++) {
    // Who goes first turns with each run, so neither side always follows the other's leftovers.
    const order = targets.map((_, i) => targets[(i + run - 1) % targets.length]!);
    for (const target of order) {
      const gcFile = join(gcDir, `${target.name}-${run}.json`);
      const server = await target.start(options.gc ? { GC_WATCH_FILE: gcFile } : {}, options.gc ? `--import ${gcWatch}` : '');
      let latency: Latency;
      let others: number;
      let quiet: number;
      try {
        await runPart('bench/signaling/hold.ts', { urls: [server.url], pids: [server.pid], steps: [Number(options.idle)] }, 'first-line');
        quiet = await untilQuiet(QUIET_SHARE, 120_000);
        const pids = runningPids();
        const ownBefore = pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
        const busyBefore = machineBusyMs();
        const started = Date.now();
        let cpuMs: number;
        ({ latency, cpuMs } = await runPart<{ latency: Latency; cpuMs: number }>('bench/signaling/load.ts', { urls: [server.url], rate: 2000, seconds: SECONDS, pairs: 20, latencyOnly: true }, 'exit'));
        const own = pids.reduce((sum, pid) => sum + processCpuMs(pid), 0) - ownBefore + cpuMs;
        others = othersShare(machineBusyMs() - busyBefore, own, Date.now() - started);
      } finally {
        await stopAll(options.gc ? 'SIGTERM' : undefined);
      }
      p99s[target.name]!.push(latency.p99Ms);
      const gc = options.gc ? collectionsDuring(gcFile, latency, SECONDS) : undefined;
      if (options.detail) writeFileSync(join(options.detail, `${target.name}-${run}.json`), JSON.stringify({ latency, gc: options.gc ? JSON.parse(readFileSync(gcFile, 'utf8')) : [] }));
      // quietBefore, othersBusy: the share of the machine's cores busy with other work just before and during.
      console.log(JSON.stringify({ run, target: target.name, p50Ms: latency.p50Ms, p99Ms: latency.p99Ms, delivered: latency.delivered, quietBefore: quiet, othersBusy: others, gc }));
    }
  }
} finally {
  await stopAll();
  if (gcDir) rmSync(gcDir, { recursive: true, force: true });
}
const overFloor = p99s.floor
  ? Object.fromEntries(targets.filter((t) => t.name !== 'floor').map((t) => [t.name, p99s[t.name]!.map((p99, i) => Math.round((p99 - p99s.floor![i]!) * 100) / 100)]))
  : undefined;
console.log(JSON.stringify({ p99Ms: p99s, p99OverFloorMs: overFloor }));
