import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

/** What a test runs: server/main.ts under tsx (the source), or dist/server.js (the build production runs). */
export type ServerEntry = 'source' | 'built';

const ENTRY_FILES: Record<ServerEntry, string> = {
  source: fileURLToPath(new URL('../../server/main.ts', import.meta.url)),
  built: fileURLToPath(new URL('../../dist/server.js', import.meta.url)),
};

/** What server/main.ts prints once it listens: "draw-room server listening: open http://host:port/ …" (https with TLS_CERT). */
const LISTENING = /listening: open (https?:\/\/[^\s/]+)\//;

export interface SpawnedServer {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** The URL it printed once it listens; rejects if it exits first. */
  listening: Promise<string>;
  /** Its exit code (null when a signal ended it), once it exited and its output is all read. */
  exited: Promise<number | null>;
}

/**
 * The one way tests start a server process: `entry` with nothing of this process's environment but PATH, plus
 * `env` (PORT, TOKEN_SECRET, REDIS_URL…).
 */
export function spawnServer(env: Record<string, string>, entry: ServerEntry = 'source'): SpawnedServer {
  const file = ENTRY_FILES[entry];
  if (!existsSync(file)) throw new Error(`${file} does not exist${entry === 'built' ? ': run npm run build first' : ''}`);
  const child = spawn(process.execPath, entry === 'source' ? ['--import', 'tsx', file] : [file], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // 'close', not 'exit': by then stdout and stderr are read to their end.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code: number | null) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    void exited.then((code) => reject(new Error(`${entry} server exited with ${code} before it listened: ${output.slice(-500)}`)));
  });
  // A test that expects the process to fail waits for `exited` only: its `listening` failing is no news.
  listening.catch(() => undefined);
  return { child, output: () => output, listening, exited };
}

/** server/main.ts with `env` on a port it picks, once it listens: its URL, the process and what it printed. */
export async function spawnMain(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; output(): string }> {
  const server = spawnServer({ PORT: '0', ...env });
  return { url: await server.listening, child: server.child, output: server.output };
}

/** A server process on a fixed port, so it can be killed and started again at the same URL. */
export class ServerProcess {
  private running: SpawnedServer | null = null;
  private earlier = '';

  /** Its DATA_DIR (rooms.sqlite): a fresh directory per ServerProcess, kept across restarts, so no run sees another's boards. */
  readonly dataDir = mkdtempSync(join(tmpdir(), 'draw-room-server-data-'));

  private constructor(
    readonly port: number,
    private readonly secret: string,
    private readonly entry: ServerEntry,
    private readonly env: Record<string, string>,
  ) {}

  /** `env` adds to (or overrides) what every run gets: REDIS_URL, say, to keep the boards in a shared Redis. */
  static async start(secret: string, entry: ServerEntry = 'source', env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = new ServerProcess(await freePort(), secret, entry, env);
    await server.restart();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What every run of the process printed. */
  get output(): string {
    return this.earlier + (this.running?.output() ?? '');
  }

  /** Starts the process (again) and resolves once it listens. */
  async restart(): Promise<void> {
    this.running = spawnServer({ PORT: String(this.port), HOST: '127.0.0.1', TOKEN_SECRET: this.secret, DATA_DIR: this.dataDir, ...this.env }, this.entry);
    await this.running.listening;
  }

  /** Ends the process, by default abruptly (SIGKILL, as a crash would). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = null;
    this.earlier += running.output();
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill(signal);
    await running.exited;
  }
}
