import type { Page } from 'playwright-core';
import { randomId } from '../protocol/random-id.js';
import { startE2eStack, type E2eStack } from '../test/support/e2e-stack.js';
import { roomLink } from '../test/support/room-link.js';
import { TurnServer } from '../test/support/turn-server.js';
import { rampUsers, P95_GOAL_MS } from './relay/capacity.js';
import { paintLatency, reachEachOther, RELAY_ONLY_ICE, roomVisitor } from './relay/paint-latency.js';
import { BYTES_POINTS, relayWireBytes } from './relay/relay-bytes.js';
import { sealCost } from './relay/seal-cost.js';
import { applicationBytes, recordStrokeTicks } from './relay/stroke-frames.js';
import { strokeWireBytes } from './wire-bytes.js';

// `npm run bench:relay`: the server relay against the direct and TURN paths. Paint-to-paint latency of a stroke
// between two Chromium pages connected directly, through a local coturn, and through the server relay
// (`latency`); the bytes a drawn point costs on the wire over the relay, over HTTP/1.1 and HTTP/2 (`bytes`); the
// most users drawing at once that one server process relays within the p95 goal, with the do-nothing floor at
// the same counts (`capacity`); and what sealing under a room key costs per message and per point (`seal`). One
// JSON line; bench/README.md#relay says what each figure means.

const LATENCY_FRAMES = 240;
const USER_STEPS = (process.env.BENCH_RELAY_USERS ?? '50,100,200,400,800').split(',').map(Number);

/** `BENCH_RELAY_PARTS=bytes` (say) runs only that part, in well under a minute; the others print null. */
const ALL_PARTS = ['latency', 'bytes', 'capacity', 'seal'];
const PARTS = new Set((process.env.BENCH_RELAY_PARTS ?? ALL_PARTS.join(',')).split(',').map((part) => part.trim()).filter(Boolean));
const unknownParts = [...PARTS].filter((part) => !ALL_PARTS.includes(part));
if (unknownParts.length > 0) throw new Error(`BENCH_RELAY_PARTS names ${unknownParts.join(', ')}: the parts are ${ALL_PARTS.join(', ')}`);

/** Two pages in a new room on `stack`'s own room page, the second one prepared by `secondScript`. */
async function pair(stack: E2eStack, base: string, firstScript?: string, secondScript?: string): Promise<[Page, Page]> {
  const room = randomId();
  const a = await roomVisitor(stack.browser, roomLink(base, room), firstScript);
  const b = await roomVisitor(stack.browser, roomLink(base, room), secondScript);
  return [a, b];
}

async function closeAll(pages: Page[]): Promise<void> {
  for (const page of pages) await page.context().close();
}

/** Direct and relay latency, on a stack with no ICE servers. */
async function withoutTurn(): Promise<{ direct: Awaited<ReturnType<typeof paintLatency>>; relay: Awaited<ReturnType<typeof paintLatency>> }> {
  const stack = await startE2eStack();
  try {
    const [a, b] = await pair(stack, stack.server.url);
    await reachEachOther(a, b, 'direct');
    const direct = await paintLatency(a, b, LATENCY_FRAMES);
    await closeAll([a, b]);

    // Relay-only ICE with no TURN server gathers no candidates: the widgets fall back to the server relay.
    const [c, d] = await pair(stack, stack.server.url, undefined, RELAY_ONLY_ICE);
    await reachEachOther(c, d, 'relay');
    const relay = await paintLatency(c, d, LATENCY_FRAMES);
    await closeAll([c, d]);
    return { direct, relay };
  } finally {
    await stack.close();
  }
}

/** TURN latency: both pages relay-only, given credentials for a local coturn by the server. */
async function throughTurn(): Promise<Awaited<ReturnType<typeof paintLatency>>> {
  const turn = await TurnServer.start();
  try {
    const stack = await startE2eStack({ server: { iceServers: { stunUrls: [], turnUrls: [turn.url], turnSecret: turn.secret, turnTtlSeconds: 3600 } } });
    try {
      const [a, b] = await pair(stack, stack.server.url, RELAY_ONLY_ICE, RELAY_ONLY_ICE);
      await reachEachOther(a, b, 'turn');
      const latency = await paintLatency(a, b, LATENCY_FRAMES);
      await closeAll([a, b]);
      return latency;
    } finally {
      await stack.close();
    }
  } finally {
    await turn.stop();
  }
}

/** Paint latency on each path. */
async function latencyPart() {
  const { direct, relay } = await withoutTurn();
  return { direct, turn: await throughTurn(), relay };
}

/** Wire bytes over the relay on both protocols, beside the application bytes of the same stroke. */
async function bytesPart() {
  const { http1, http2 } = await relayWireBytes();
  // The same frames a widget sends for the stroke, decoded: the stroke itself, and with the cursor updates
  // (presence, 20 a second) that go with it on either path.
  const ticks = recordStrokeTicks(BYTES_POINTS);
  return {
    relayOnTheWire: http1,
    relayOnTheWireH2: http2,
    directApplication: strokeWireBytes(1).perPoint,
    applicationWithPresence: Math.round((applicationBytes(ticks, { presence: true }) / BYTES_POINTS) * 10) / 10,
    applicationWithoutPresence: Math.round((applicationBytes(ticks, { presence: false }) / BYTES_POINTS) * 10) / 10,
  };
}

console.log(JSON.stringify({
  bench: 'relay',
  parts: [...PARTS],
  localToRemotePaintMs: PARTS.has('latency') ? await latencyPart() : null,
  bytesPerPoint: PARTS.has('bytes') ? await bytesPart() : null,
  capacity: PARTS.has('capacity') ? await rampUsers(USER_STEPS) : null,
  sealing: PARTS.has('seal') ? await sealCost() : null,
  goals: { relayPaintP95Ms: P95_GOAL_MS, usersPerProcess: 200, directBytesPerPoint: 8 },
}));
