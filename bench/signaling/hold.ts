import { readFileSync } from 'node:fs';
import { openClient, type Client } from './client.js';

// The idle half of `npm run bench:signaling`'s load generator: holds event streams open up to each step, reads
// the servers' RSS there, prints the steps as one JSON line and keeps the streams open until it is killed. Apart
// from the process that measures relays, so 10k sockets never slow the measuring itself (measured: see
// bench/README.md#load-generator).

interface Plan {
  urls: string[];
  pids: number[];
  steps: number[];
}

const plan = JSON.parse(process.argv[2]!) as Plan;
const rssKb = () => plan.pids.reduce((sum, pid) => sum + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]), 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens clients up to each step (spread over the servers) and reads the servers' memory there. */
async function idleClients(): Promise<{ clients: number; held: number; rssKbPerClient: number }[]> {
  await sleep(500);
  const before = rssKb();
  const clients: Client[] = [];
  const results = [];
  for (const step of plan.steps) {
    while (clients.length < step) {
      const batch = Array.from({ length: Math.min(200, step - clients.length) }, (_, i) =>
        openClient(plan.urls[(clients.length + i) % plan.urls.length]!, `idle${clients.length + i}`));
      clients.push(...(await Promise.all(batch)));
    }
    await Promise.all(clients.map((client) => Promise.race([client.connected, sleep(20_000)])));
    await sleep(1500);
    const held = clients.filter((client) => !client.socket.destroyed).length;
    results.push({ clients: step, held, rssKbPerClient: Math.round(((rssKb() - before) / step) * 100) / 100 });
  }
  return results;
}

const held = await idleClients();
console.log(JSON.stringify(held));
// The streams stay open until this process is killed.
setInterval(() => {}, 60_000);
