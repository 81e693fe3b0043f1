import { build } from 'esbuild';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SEALED_OVERHEAD_BYTES, type SealContext } from '../../components/network/room-cipher.js';
import { launchChromium, newVisitorPage } from '../../test/support/browser.js';
import { BYTES_POINTS } from './relay-bytes.js';
import { recordStrokeTicks } from './stroke-frames.js';

// The seal part of `npm run bench:relay`: what sealing under the room key (issue 14) costs. Time in Chromium,
// with the widget's own RoomCipher bundled into a page: seals and opens of the messages that get sealed, each
// awaited before the next (as a sender seals one message at a time), and as many as possible in flight
// together. Bytes: what sealing adds per message, and per drawn point on each path. bench/README.md#relay says
// what the figures mean.

const SEALS_PER_BATCH = 2000;
const BATCHES = 5;
/** A page origin Chromium counts as a secure context (WebCrypto exists only there), answered without a server. */
const PAGE_URL = 'http://localhost/seal-cost';

/** An ICE candidate as the widget relays it: RTCIceCandidate.toJSON(), a server-reflexive one. */
const ICE_CANDIDATE = JSON.stringify({
  candidate: 'candidate:3437620510 1 udp 1685987071 203.0.113.74 51724 typ srflx raddr 192.168.1.23 rport 51724 generation 0 ufrag 7Kp1 network-id 1 network-cost 10',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: '7Kp1',
});

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Microseconds per operation of each batch, and their median. */
interface Timing {
  medianUs: number;
  batchesUs: number[];
}

interface MessageCost {
  bytes: number;
  sealAwaited: Timing;
  openAwaited: Timing;
  sealInFlight: Timing;
  openInFlight: Timing;
}

/** RoomCipher and the room-key helpers as one script that sets `window.sealBench`. */
async function cipherBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: "export { RoomCipher } from './room-cipher.js'; export { generateRoomKey } from './room-key.js';",
      resolveDir: fileURLToPath(new URL('../../components/network/', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'sealBench',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

/** A live-points frame of a recorded stroke, of median size: what one drawn point sends. */
function livePointFrame(): number[] {
  const frames = recordStrokeTicks(BYTES_POINTS).slice(1, -1).flatMap((tick) => tick.frames.map((frame) => Buffer.from(frame, 'base64')));
  frames.sort((a, b) => a.length - b.length);
  return [...frames[frames.length >> 1]!];
}

/** Bytes sealing adds to a drawn point on the relay path: the recorded stroke's frames, each sealed. */
function relayBytesPerPoint(): { decoded: number; base64: number } {
  const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);
  let decoded = 0;
  let base64 = 0;
  for (const tick of recordStrokeTicks(BYTES_POINTS)) {
    for (const frame of tick.frames) {
      const bytes = Buffer.from(frame, 'base64').length;
      decoded += SEALED_OVERHEAD_BYTES;
      base64 += base64Length(bytes + SEALED_OVERHEAD_BYTES) - base64Length(bytes);
    }
  }
  const perPoint = (total: number) => Math.round((total / BYTES_POINTS) * 10) / 10;
  return { decoded: perPoint(decoded), base64: perPoint(base64) };
}

/** Seal and open costs in Chromium, per message kind. */
async function timeInChromium(): Promise<{ chromium: string; messages: Record<string, MessageCost> }> {
  const browser = await launchChromium();
  try {
    const page = await newVisitorPage(browser);
    await page.route(PAGE_URL, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seal cost</title>' }));
    await page.goto(PAGE_URL);
    await page.addScriptTag({ content: await cipherBundle() });
    const frame = livePointFrame();
    const messages = await page.evaluate(async ({ frame, iceCandidate, perBatch, batches }) => {
      type Cipher = { seal(bytes: Uint8Array, context: SealContext): Promise<Uint8Array>; open(bytes: Uint8Array, context: SealContext): Promise<Uint8Array | null> };
      const bench = (window as unknown as { sealBench: { RoomCipher: { create(key: string, room: string): Promise<Cipher> }; generateRoomKey(): string } }).sealBench;
      const cipher = await bench.RoomCipher.create(bench.generateRoomKey(), 'team-sketches-7f3a9c');
      // A real offer for the widget's data channel, as {type, sdp} JSON: the session description it relays.
      const connection = new RTCPeerConnection();
      connection.createDataChannel('updates');
      const offer = await connection.createOffer();
      connection.close();
      const text = new TextEncoder();
      const memberA = 'a5c3e1f0-6b2d-4c8e-9f1a-2b3c4d5e6f70.9Kq3mZt7VbN2wLp5RfH1c';
      const memberB = '0f8fad5b-d9cb-469f-a165-70867728950e.x9Kq3mZt7VbN2wLp5RfH1d';
      const samples: Record<string, [Uint8Array, SealContext]> = {
        livePointFrame: [Uint8Array.from(frame), { purpose: 'frame', roomId: 'team-sketches-7f3a9c', from: memberA }],
        iceCandidate: [text.encode(iceCandidate), { purpose: 'signal', roomId: 'team-sketches-7f3a9c', from: memberA, to: memberB, event: 'ice-candidate' }],
        sessionDescription: [text.encode(JSON.stringify({ type: offer.type, sdp: offer.sdp })), { purpose: 'signal', roomId: 'team-sketches-7f3a9c', from: memberA, to: memberB, event: 'session-description' }],
      };
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
      const all = Array.from({ length: perBatch });
      const runs: Array<{ name: string; measure: keyof Omit<MessageCost, 'bytes'>; run: () => Promise<unknown> }> = [];
      for (const [name, [bytes, context]] of Object.entries(samples)) {
        const sealed = await cipher.seal(bytes, context);
        if ((await cipher.open(sealed, context))?.length !== bytes.length) throw new Error(`${name}: a sealed message did not open`);
        runs.push(
          { name, measure: 'sealAwaited', run: async () => { for (let i = 0; i < perBatch; i++) await cipher.seal(bytes, context); } },
          { name, measure: 'openAwaited', run: async () => { for (let i = 0; i < perBatch; i++) await cipher.open(sealed, context); } },
          { name, measure: 'sealInFlight', run: () => Promise.all(all.map(() => cipher.seal(bytes, context))) },
          { name, measure: 'openInFlight', run: () => Promise.all(all.map(() => cipher.open(sealed, context))) },
        );
      }
      // A warm-up batch of each (compiling, WebCrypto's threads starting), then the batches in rounds, so that
      // whatever else the machine does lands on every measure alike rather than on one.
      for (const { run } of runs) await run();
      const batchesUs = runs.map((): number[] => []);
      for (let round = 0; round < batches; round++) {
        for (const [i, { run }] of runs.entries()) {
          const start = performance.now();
          await run();
          batchesUs[i]!.push(Math.round(((performance.now() - start) * 1000 / perBatch) * 100) / 100);
        }
      }
      const costs: Record<string, MessageCost> = {};
      for (const [i, { name, measure }] of runs.entries()) {
        const cost = costs[name] ??= { bytes: samples[name]![0].length } as MessageCost;
        cost[measure] = { medianUs: median(batchesUs[i]!), batchesUs: batchesUs[i]! };
      }
      return costs;
    }, { frame, iceCandidate: ICE_CANDIDATE, perBatch: SEALS_PER_BATCH, batches: BATCHES });
    return { chromium: browser.version(), messages };
  } finally {
    await browser.close();
  }
}

/** The seal part: time per message in Chromium, bytes per message and per point on each path. */
export async function sealCost() {
  const loadBefore = loadavg()[0]!;
  const { chromium, messages } = await timeInChromium();
  return {
    chromium,
    // How busy the machine was (1-minute load average, 2 cores): the times move with it.
    loadAverage: [round2(loadBefore), round2(loadavg()[0]!)],
    sealsPerBatch: SEALS_PER_BATCH,
    batches: BATCHES,
    messages,
    bytesAddedPerMessage: SEALED_OVERHEAD_BYTES,
    // A relayed signaling payload goes as {"sealed":"<base64url>"} in place of its JSON.
    bytesAddedPerSignal: Object.fromEntries(['iceCandidate', 'sessionDescription'].map((name) => {
      const plain = messages[name]!.bytes;
      return [name, '{"sealed":""}'.length + Math.ceil(((plain + SEALED_OVERHEAD_BYTES) * 4) / 3) - plain];
    })),
    bytesAddedPerPoint: { relay: relayBytesPerPoint(), direct: 0 },
    goals: { sealUsPerMessage: 100, directBytesPerPoint: 0 },
  };
}
