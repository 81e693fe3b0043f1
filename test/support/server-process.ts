import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

const mainFile = fileURLToPath(new URL('../../server/main.ts', import.meta.url));

/** server/main.ts in a child process on a fixed port, so it can be killed and started again at the same URL. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  output = '';

  private constructor(
    readonly port: number,
    private readonly secret: string,
  ) {}

  static async start(secret: string): Promise<ServerProcess> {
    const server = new ServerProcess(await freePort(), secret);
    await server.restart();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process (again) and resolves once it listens. */
  restart(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', mainFile], {
      env: { PATH: process.env.PATH ?? '', PORT: String(this.port), HOST: '127.0.0.1', TOKEN_SECRET: this.secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (/listening: open/.test(chunk.toString())) resolve();
      };
      child.stdout!.on('data', collect);
      child.stderr!.on('data', collect);
      child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${this.output.slice(-500)}`)));
    });
  }

  /** Ends the process, by default abruptly (SIGKILL, as a crash would). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}

/** server/main.ts with `env` on a port it picks, once it listens: its URL, the process and what it printed. */
export async function spawnMain(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; output(): string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainFile], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening: open (http:\/\/localhost:\d+)\//.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => reject(new Error(`server/main.ts exited early: ${output}`)));
  });
  return { url, child, output: () => output };
}
