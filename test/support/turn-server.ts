import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** How many relay ports coturn may hand out: two pages need one each per connection, and a few spare. */
const RELAY_PORTS = 40;

/**
 * A real coturn (Debian's `turnserver`) on free loopback ports, checking TURN REST credentials made with a
 * random secret (use-auth-secret), as a production one configured by examples/turnserver.conf does.
 */
export class TurnServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly port: number,
    readonly secret: string,
    private readonly output: () => string,
  ) {}

  static async start(): Promise<TurnServer> {
    const port = await freePort();
    const minPort = 40_000 + Math.floor(Math.random() * 20_000);
    const secret = randomBytes(24).toString('base64url');
    const dir = mkdtempSync(join(tmpdir(), 'draw-room-turn-'));
    const child = spawn(
      process.env.TURNSERVER_PATH ?? 'turnserver',
      [
        // No config file: /etc/turnserver.conf must not change what the tests run against.
        '-c', '/dev/null', '-n',
        '--listening-ip', '127.0.0.1', '--listening-port', String(port),
        '--relay-ip', '127.0.0.1', '--min-port', String(minPort), '--max-port', String(minPort + RELAY_PORTS),
        // Both pages are on loopback; without this, CREATE_PERMISSION for a loopback peer is refused (403).
        '--allow-loopback-peers',
        '--use-auth-secret', '--static-auth-secret', secret, '--realm', 'draw-room.test',
        '--fingerprint', '--no-tls', '--no-dtls', '--no-cli',
        '--pidfile', join(dir, 'turn.pid'), '--log-file', 'stdout', '--simple-log',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    const server = new TurnServer(child, dir, port, secret, () => output);
    await server.listening();
    return server;
  }

  /** The URL a TURN_URLS entry names this server by (UDP). */
  get url(): string {
    return `turn:127.0.0.1:${this.port}`;
  }

  /** What coturn printed, for a failure message. */
  get log(): string {
    return this.output();
  }

  /** Resolves once coturn accepts TCP connections on its port (it opens UDP and TCP listeners together). */
  private async listening(): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`turnserver exited with ${this.child.exitCode}: ${this.output().slice(-500)}`);
      if (await accepts(this.port)) return;
      if (Date.now() > deadline) throw new Error(`turnserver did not listen on ${this.port} within 10 s: ${this.output().slice(-500)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  stop(): Promise<void> {
    const { child } = this;
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    return exited.finally(() => rmSync(this.dir, { recursive: true, force: true }));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
