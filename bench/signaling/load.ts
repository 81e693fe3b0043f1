import { BENCH_MEMBER_KEY, openClient, now, post, type Client } from './client.js';
import { RawHttpPool } from './raw-http.js';

// The measuring half of `npm run bench:signaling`'s load generator, in its own process so its work never
// counts as the server's (and apart from hold.ts's idle streams): sender/receiver pairs measure relay latency at
// a fixed rate, then the most relays a second. Prints one JSON line.

interface Plan {
  urls: string[];
  rate: number;
  seconds: number;
  pairs: number;
  /** Measure latency only, and say when each of the slowest 1% was sent (bench/signaling/latency.ts). */
  latencyOnly?: boolean;
  /**
   * The seed's own API (bench/baseline): joins without a body, relays addressed to user ids with the relayed data
   * as the whole body. Ours, and the floor, take members: {member} joins, {from, data} relays to member ids.
   */
  seedProtocol?: boolean;
}

const plan = JSON.parse(process.argv[2]!) as Plan;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Pair {
  sender: Client;
  /** What relays are addressed to: the receiver's member id (its user id on the seed's API). */
  receiverId: string;
  /** Which server the sender's relays go to: another one than the receiver's, when there are several. */
  url: string;
}

interface Sample {
  sentAt: number;
  ms: number;
}

/** Sender/receiver pairs, each in a room of its own; receivers record each relay's delivery latency. */
async function pairs(latencies: Sample[], delivered: { count: number }): Promise<Pair[]> {
  const made: Pair[] = [];
  for (let i = 0; i < plan.pairs; i++) {
    const receiverUrl = plan.urls[i % plan.urls.length]!;
    const senderUrl = plan.urls[(i + 1) % plan.urls.length]!;
    const receiver = await openClient(receiverUrl, `receiver${i}`, (event, data) => {
      if (event !== 'ice-candidate') return;
      delivered.count++;
      const sentAt = (JSON.parse(data) as { data: { sentAt: number } }).data.sentAt;
      latencies.push({ sentAt, ms: now() - sentAt });
    });
    const sender = await openClient(senderUrl, `sender${i}`);
    await Promise.all([receiver.connected, sender.connected]);
    const room = `bench-room-${i}-${Math.random().toString(36).slice(2, 10)}`;
    const joinBody = plan.seedProtocol ? {} : { member: BENCH_MEMBER_KEY };
    await post(`${receiverUrl}/${room}/join`, joinBody, receiver.token);
    await post(`${senderUrl}/${room}/join`, joinBody, sender.token);
    made.push({ sender, receiverId: plan.seedProtocol ? receiver.id : receiver.memberId, url: senderUrl });
  }
  return made;
}

// As many connections as relays in flight at the most (maxThroughput), to each server.
const relayPools = new Map(plan.urls.map((url) => [url, new RawHttpPool(url, 64)]));
const relayBody = (pair: Pair, data: object) => JSON.stringify(plan.seedProtocol ? data : { from: pair.sender.memberId, data });
const relay = (pair: Pair) =>
  relayPools.get(pair.url)!.post(
    `/relay/${pair.receiverId}/ice-candidate`,
    relayBody(pair, { candidate: 'candidate:1 1 udp 2122260223 10.0.0.1 54321 typ host', sentAt: now() }),
    pair.sender.token,
  );

/** p50/p99 of delivery latency at a fixed rate of relays a second, after a second of the same to warm up. */
async function fixedRate(made: Pair[], latencies: Sample[]) {
  await sendAtRate(made, plan.rate);
  await sleep(300);
  latencies.length = 0;
  const total = plan.rate * plan.seconds;
  const from = now();
  await sendAtRate(made, total);
  await sleep(500);
  const sorted = [...latencies].sort((a, b) => a.ms - b.ms);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.ms);
  const figures = { rate: plan.rate, sent: total, delivered: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99) };
  if (!plan.latencyOnly) return figures;
  // When (epoch ms) the phase began, and each of the slowest 1% as [ms after that it was sent, its latency].
  const slowest = sorted.slice(Math.floor(0.99 * sorted.length)).map((sample) => [round(sample.sentAt - from), round(sample.ms)]);
  return { ...figures, from, slowest };
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

const latencies: Sample[] = [];
const delivered = { count: 0 };
const made = await pairs(latencies, delivered);
const latency = await fixedRate(made, latencies);
const maxMsgsPerSecond = plan.latencyOnly ? undefined : await maxThroughput(made, delivered);
// latency.ts counts this process's CPU as its own when it reckons how busy the rest of the machine was.
const cpuMs = plan.latencyOnly ? Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000) : undefined;
console.log(JSON.stringify({ latency, maxMsgsPerSecond, cpuMs }));
process.exit(0);
