import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/free-port.js';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
/** Our server runs with the node flags `npm run serve` gives it (package.json), so the figures are production's. */
export const serveFlags = (() => {
  const serve = (JSON.parse(readFileSync(root('package.json'), 'utf8')) as { scripts: { serve: string } }).scripts.serve;
  return /^node (.*?) ?dist\/server\.js$/.exec(serve)?.[1] ?? '';
})();
const CLOCK_TICKS_PER_SECOND = 100;

export type ServerKind = 'ours' | 'floor';

/** CPU seconds a process has used (user + system), from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number): number {
  // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th, stime the 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Busy and total CPU time of the whole machine (all cores), from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const numbers = values.map(Number);
  const idle = numbers[3]! + numbers[4]!;
  const total = numbers.reduce((sum, value) => sum + value, 0);
  return { busy: (total - idle) / CLOCK_TICKS_PER_SECOND, total: total / CLOCK_TICKS_PER_SECOND };
}

/**
 * One server process under measurement: `dist/server.js` with the serve flags (limits for one client address
 * lifted: the load generator is one address; the frame limits stay the product's), or the do-nothing floor.
 * Its CPU is read from /proc and its event loop delay through bench/relay/loop-watch.mjs.
 */
export class ServerUnderLoad {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly dir: string,
  ) {}

  static async start(kind: ServerKind): Promise<ServerUnderLoad> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'bench-relay-'));
    const watch = `--import ${root('bench/relay/loop-watch.mjs')}`;
    const command = kind === 'ours'
      ? `node ${serveFlags} ${watch} ${root('dist/server.js')}`
      : `node ${watch} ${root('bench/relay/floor-server.mjs')}`;
    const child = spawn('bash', ['-c', `ulimit -n 20000 && exec ${command}`], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        TOKEN_SECRET: randomBytes(32).toString('base64url'),
        BENCH_LOOP_DELAY_FILE: join(dir, 'loop-delay.json'),
        ACCESS_PER_MINUTE_PER_CLIENT: '1000000',
        JOINS_PER_MINUTE_PER_CLIENT: '1000000',
        STREAMS_PER_CLIENT: '1000000',
        ACCESS_PER_SECOND: '1000000',
        JOINS_PER_SECOND: '1000000',
        MAX_STREAMS: '1000000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const server = new ServerUnderLoad(child, `http://127.0.0.1:${port}`, dir);
    await server.answering();
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  cpuSeconds(): number {
    return cpuSecondsOf(this.pid);
  }

  /** Starts the event loop delay figures afresh. */
  resetLoopDelay(): void {
    this.child.kill('SIGUSR2');
  }

  /** Event loop delay (p50, p99, max in ms) since the last reset. */
  async loopDelay(): Promise<{ p50: number; p99: number; max: number }> {
    const file = join(this.dir, 'loop-delay.json');
    rmSync(file, { force: true });
    this.child.kill('SIGUSR2');
    for (let i = 0; i < 100; i++) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as { p50: number; p99: number; max: number };
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    throw new Error(`the server (pid ${this.pid}) wrote no event loop figures to ${file}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGKILL');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async answering(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (this.child.exitCode !== null) throw new Error(`the server exited with ${this.child.exitCode} before it answered`);
      try {
        await fetch(`${this.url}/bench-probe-not-a-route`);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`${this.url} never answered`);
  }
}
