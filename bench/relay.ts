import type { Page } from 'playwright-core';
import { randomId } from '../protocol/random-id.js';
import { startE2eStack, type E2eStack } from '../test/support/e2e-stack.js';
import { TurnServer } from '../test/support/turn-server.js';
import { rampUsers, P95_GOAL_MS } from './relay/capacity.js';
import { drawOnePointPerFrame, paintLatency, reachEachOther, RELAY_ONLY_ICE, roomVisitor } from './relay/paint-latency.js';
import { applicationBytes, recordStrokeTicks } from './relay/stroke-frames.js';
import { WireMeter } from './relay/wire-meter.js';
import { strokeWireBytes } from './wire-bytes.js';

// `npm run bench:relay`: the server relay against the direct and TURN paths. Paint-to-paint latency of a stroke
// between two Chromium pages connected directly, through a local coturn, and through the server relay; the
// bytes a drawn point costs on the wire over the relay; and the most users drawing at once that one server
// process relays within the p95 goal, with the do-nothing floor at the same counts. One JSON line;
// bench/README.md#relay says what each figure means.

const LATENCY_FRAMES = 240;
/** The stroke bench:document counts bytes for. */
const BYTES_POINTS = 200;
const USER_STEPS = (process.env.BENCH_RELAY_USERS ?? '50,100,200,400,800').split(',').map(Number);

/** Two pages in a new room on `stack`'s own room page, the second one prepared by `secondScript`. */
async function pair(stack: E2eStack, base: string, firstScript?: string, secondScript?: string): Promise<[Page, Page]> {
  const room = randomId();
  const a = await roomVisitor(stack.browser, `${base}/${room}`, firstScript);
  const b = await roomVisitor(stack.browser, `${base}/${room}`, secondScript);
  return [a, b];
}

async function closeAll(pages: Page[]): Promise<void> {
  for (const page of pages) await page.context().close();
}

/** Direct and relay latency, and the relay's bytes per point, on a stack with no ICE servers. */
async function withoutTurn(): Promise<{ direct: Awaited<ReturnType<typeof paintLatency>>; relay: Awaited<ReturnType<typeof paintLatency>>; relayWire: object }> {
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

    // Bytes: each page talks to the server through a meter of its own.
    const meters = [await WireMeter.start(stack.server.url), await WireMeter.start(stack.server.url)] as const;
    const room = randomId();
    const drawer = await roomVisitor(stack.browser, `${meters[0].url}/${room}`);
    const viewer = await roomVisitor(stack.browser, `${meters[1].url}/${room}`, RELAY_ONLY_ICE);
    await reachEachOther(drawer, viewer, 'relay');
    for (const meter of meters) meter.start();
    await drawOnePointPerFrame(drawer, BYTES_POINTS);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const [up, down] = meters.map((meter) => meter.stop());
    await closeAll([drawer, viewer]);
    for (const meter of meters) await meter.close();
    const perPoint = (bytes: number) => Math.round((bytes / BYTES_POINTS) * 10) / 10;
    return {
      direct,
      relay,
      relayWire: {
        points: BYTES_POINTS,
        // The drawer's uploads (POST /frames and what else it asked meanwhile) and the viewer's event stream.
        drawerRequestBytes: up!.requests,
        drawerRequests: up!.requestLines,
        viewerStreamBytes: down!.stream,
        perPoint: perPoint(up!.requests + down!.stream),
      },
    };
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

const { direct, relay, relayWire } = await withoutTurn();
const turn = await throughTurn();
// The same frames a widget sends for the stroke, decoded: the stroke itself, and with the cursor updates
// (presence, 20 a second) that go with it on either path.
const ticks = recordStrokeTicks(BYTES_POINTS);
const capacity = await rampUsers(USER_STEPS);
console.log(JSON.stringify({
  bench: 'relay',
  localToRemotePaintMs: { direct, turn, relay },
  bytesPerPoint: {
    relayOnTheWire: relayWire,
    directApplication: strokeWireBytes(1).perPoint,
    applicationWithPresence: Math.round((applicationBytes(ticks, { presence: true }) / BYTES_POINTS) * 10) / 10,
    applicationWithoutPresence: Math.round((applicationBytes(ticks, { presence: false }) / BYTES_POINTS) * 10) / 10,
  },
  capacity,
  goals: { relayPaintP95Ms: P95_GOAL_MS, usersPerProcess: 200, directBytesPerPoint: 8 },
}));
