import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startRoundRobinProxy } from './round-robin-proxy.js';

// `npm run start:cluster`: redis-server, two draw-room instances sharing it, and a round-robin proxy in front.
const port = Number(process.env.PORT ?? 8787);
const redisPort = Number(process.env.REDIS_PORT ?? 6390);
const secret = process.env.TOKEN_SECRET ?? randomBytes(32).toString('base64url');
const children: ChildProcess[] = [];

function run(command: string, args: string[], env: Record<string, string>, ready: RegExp, name: string): Promise<void> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const watch = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) console.log(`[${name}] ${line}`);
      if (ready.test(chunk.toString())) resolve();
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.once('error', (error) => reject(new Error(`${name}: ${error.message} (is redis-server installed?)`)));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(0), 500).unref();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

try {
  await run('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {}, /Ready to accept connections/, 'redis');
  const main = fileURLToPath(new URL('../dist/server.js', import.meta.url));
  const instances = [port + 4, port + 5];
  await Promise.all(instances.map((instancePort, i) =>
    run(process.execPath, [main], { PORT: String(instancePort), TOKEN_SECRET: secret, REDIS_URL: `redis://127.0.0.1:${redisPort}` }, /listening/, `instance ${i + 1}`)));
  const proxy = await startRoundRobinProxy(port, instances.map((instancePort) => `http://127.0.0.1:${instancePort}`));
  console.log(`\ndraw-room cluster is running: redis on ${redisPort}, instances on ${instances.join(' and ')}.
  Draw: ${proxy.url}/   (each request goes to the next instance; rooms and events are shared through Redis)\n`);
} catch (error) {
  console.error(`draw-room cluster cannot start: ${error instanceof Error ? error.message : String(error)}`);
  stop();
}
