import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { RawHttpPool } from './raw-http.js';

// The load generator of `npm run bench:signaling`, in its own process so its work never counts as the
// server's. Given the servers' URLs and pids, it holds idle event streams (reading the servers' RSS at each
// step), then measures relay latency at a fixed rate and the most relays a second. Prints one JSON line.

interface Plan {
  urls: string[];
  pids: number[];
  steps: number[];
  rate: number;
  seconds: number;
  pairs: number;
}

const plan = JSON.parse(process.argv[2]!) as Plan;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const now = () => performance.timeOrigin + performance.now();

function post(url: string, body: unknown, token?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

interface Client {
  token: string;
  id: string;
  socket: Socket;
  connected: Promise<void>;
}

/** POST /access then a raw-socket event stream; `onEvent` sees each event's name and data. */
async function openClient(url: string, name: string, onEvent?: (event: string, data: string) => void): Promise<Client> {
  const { text } = await post(`${url}/access`, { username: name });
  const { token } = JSON.parse(text) as { token: string };
  const id = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { id: string }).id;
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.setNoDelay(true);
  let buffer = '';
  let resolveConnected!: () => void;
  const connected = new Promise<void>((resolve) => (resolveConnected = resolve));
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      if (event === 'connected') resolveConnected();
      if (event && onEvent) onEvent(event, /^data: (.*)$/m.exec(frame)?.[1] ?? '');
    }
    // Idle clients keep no more than the last partial frame.
    if (!onEvent && buffer.length > 4096) buffer = buffer.slice(-4096);
  });
  socket.on('error', () => {});
  socket.write(`GET /connect?token=${token} HTTP/1.1\r\nHost: ${hostname}\r\nAccept: text/event-stream\r\n\r\n`);
  return { token, id, socket, connected };
}

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

interface Pair {
  sender: Client;
  receiverId: string;
  /** Which server the sender's relays go to: another one than the receiver's, when there are several. */
  url: string;
}

/** Sender/receiver pairs, each in a room of its own; receivers record each relay's delivery latency. */
async function pairs(latencies: number[], delivered: { count: number }): Promise<Pair[]> {
  const made: Pair[] = [];
  for (let i = 0; i < plan.pairs; i++) {
    const receiverUrl = plan.urls[i % plan.urls.length]!;
    const senderUrl = plan.urls[(i + 1) % plan.urls.length]!;
    const receiver = await openClient(receiverUrl, `receiver${i}`, (event, data) => {
      if (event !== 'ice-candidate') return;
      delivered.count++;
      const sentAt = (JSON.parse(data) as { data: { sentAt: number } }).data.sentAt;
      latencies.push(now() - sentAt);
    });
    const sender = await openClient(senderUrl, `sender${i}`);
    await Promise.all([receiver.connected, sender.connected]);
    const room = `bench-room-${i}-${Math.random().toString(36).slice(2, 10)}`;
    await post(`${receiverUrl}/${room}/join`, {}, receiver.token);
    await post(`${senderUrl}/${room}/join`, {}, sender.token);
    made.push({ sender, receiverId: receiver.id, url: senderUrl });
  }
  return made;
}

// As many connections as relays in flight at the most (maxThroughput), to each server.
const relayPools = new Map(plan.urls.map((url) => [url, new RawHttpPool(url, 64)]));
const relay = (pair: Pair) =>
  relayPools.get(pair.url)!.post(
    `/relay/${pair.receiverId}/ice-candidate`,
    JSON.stringify({ candidate: 'candidate:1 1 udp 2122260223 10.0.0.1 54321 typ host', sentAt: now() }),
    pair.sender.token,
  );

/** p50/p99 of delivery latency at a fixed rate of relays a second, after a second of the same to warm up. */
async function fixedRate(made: Pair[], latencies: number[]): Promise<{ rate: number; sent: number; delivered: number; p50Ms: number; p99Ms: number }> {
  await sendAtRate(made, plan.rate);
  await sleep(300);
  latencies.length = 0;
  const total = plan.rate * plan.seconds;
  await sendAtRate(made, total);
  await sleep(500);
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100;
  return { rate: plan.rate, sent: total, delivered: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** Sends `total` relays at plan.rate a second, round the pairs. */
async function sendAtRate(made: Pair[], total: number): Promise<void> {
  const started = now();
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / plan.rate;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    inFlight.push(relay(made[i % made.length]!));
  }
  await Promise.all(inFlight);
}

/** Relays a second delivered with 64 in flight for `plan.seconds`. */
async function maxThroughput(made: Pair[], delivered: { count: number }): Promise<number> {
  const until = now() + plan.seconds * 1000;
  const start = delivered.count;
  const started = now();
  let i = 0;
  const worker = async () => {
    while (now() < until) await relay(made[i++ % made.length]!);
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  await sleep(300);
  return Math.round((delivered.count - start) / ((now() - started) / 1000));
}

const idle = await idleClients();
const latencies: number[] = [];
const delivered = { count: 0 };
const made = await pairs(latencies, delivered);
const latency = await fixedRate(made, latencies);
const maxMsgsPerSecond = await maxThroughput(made, delivered);
console.log(JSON.stringify({ idle, latency, maxMsgsPerSecond }));
process.exit(0);
