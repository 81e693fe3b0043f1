import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/free-port.js';

// The processes `npm run bench:signaling` and `bench/signaling/latency.ts` start: servers under test and the load
// generator's two halves, each a child process so that none of them measures another's work.

/** A path from the repository's root. */
export const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

// Our server runs with the node flags `npm run serve` gives it (package.json), so these are production's figures.
const serveScript = (JSON.parse(readFileSync(root('package.json'), 'utf8')) as { scripts: { serve: string } }).scripts.serve;
export const serveFlags = /^node (.*?) ?dist\/server\.js$/.exec(serveScript)?.[1] ?? '';
// BENCH_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" adds flags, here to profile our server processes (they
// are then ended with SIGTERM, so node writes the profile).
const extraFlags = process.env.BENCH_SERVER_FLAGS ?? '';

export interface Server {
  url: string;
  pid: number;
}

const running: ChildProcess[] = [];

/** A child process with the open-files limit raised (10k streams need 10k descriptors on each side). */
export function launch(command: string, env: Record<string, string> = {}, output: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
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

export interface OurServerOptions {
  /** Signs and checks the load generator's tokens. */
  secret: string;
  env?: Record<string, string>;
  /** The bundled server to run: dist/server.js unless given (an older build, to compare). */
  script?: string;
  /** Node flags instead of production's (`npm run serve`'s). */
  flags?: string;
}

/** Our server, with production's node flags and the limits a single load-generating address needs lifted. */
export async function ourServer({ secret, env = {}, script = root('dist/server.js'), flags = serveFlags }: OurServerOptions): Promise<Server> {
  const port = await freePort();
  const child = launch(`node ${flags} ${extraFlags} ${script}`, {
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

/** A comparison server (plain JavaScript, no flags unless given) on a free port, once it answers. */
export async function scriptServer(script: string, secret: string, flags = '', env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const child = launch(`node ${flags} ${root(script)}`, { PORT: String(port), TOKEN_SECRET: secret, ...env });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url);
  return { url, pid: child.pid! };
}

/** A load-generator process: its last line of output, parsed, once `done` says the process has said it. */
export function runPart<T>(script: string, plan: unknown, done: 'exit' | 'first-line'): Promise<T> {
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

/** The process ids of what runs now (the node processes themselves: bash `exec`s them). */
export const runningPids = (): number[] => running.filter((child) => child.exitCode === null).map((child) => child.pid!);

/** Ends every process started here and waits until they are gone; SIGTERM lets a server write what it measured. */
export async function stopAll(signal: NodeJS.Signals = extraFlags ? 'SIGTERM' : 'SIGKILL'): Promise<void> {
  await Promise.all(running.splice(0).map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  })));
}
