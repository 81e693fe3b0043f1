import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.js';

/** Where a RedisServer keeps its data, if anywhere. */
export interface RedisPersistence {
  /**
   * A directory for its append-only file (`appendonly yes`, `appendfsync always`: every write is on disk before
   * Redis answers, so even kill -9 loses nothing), read back by every restart. Absent: no persistence at all.
   */
  appendOnlyDir?: string;
}

/**
 * A real redis-server on a free port that can be killed and started again: by default without persistence, so it
 * comes back empty; with an append-only directory, with everything it had answered.
 */
export class RedisServer {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly persistence: RedisPersistence,
  ) {}

  static async start(persistence: RedisPersistence = {}): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), persistence);
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  restart(): Promise<void> {
    const { appendOnlyDir } = this.persistence;
    const persistence = appendOnlyDir === undefined
      ? ['--appendonly', 'no']
      : ['--dir', appendOnlyDir, '--appendonly', 'yes', '--appendfsync', 'always'];
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/Ready to accept connections/.test(output)) resolve();
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output.slice(-300)}`)));
    });
  }

  /** Freezes the server (SIGSTOP): connections stay open and nothing is answered, as in a long stall. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Lets a paused server go on (SIGCONT), with its data. */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Kills the server abruptly (kill -9): connections drop, and its data is gone unless it has an append-only file. */
  stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
