import type { DrawRoom } from '../../components/elements/draw-room.js';
import type { Browser, Page } from 'playwright-core';
import { randomId } from '../../protocol/random-id.js';
import { startServer } from '../../server/listen.js';
import { silentLogger } from '../../server/log/log.js';
import { launchChromium } from '../../test/support/browser.js';
import { makeTestCertificate } from '../../test/support/tls.js';
import { COUNT_PAYLOAD, takePayload, type PagePayload } from './page-payload.js';
import { drawOnePointPerFrame, reachEachOther, RELAY_ONLY_ICE, roomVisitor } from './paint-latency.js';
import { WireMeter, type WireBytes } from './wire-meter.js';
import { roomLink } from '../../test/support/room-link.js';

// The wire-bytes part of `npm run bench:relay`: two Chromium pages in one room, the second unable to open a
// data channel, so the stroke the first draws reaches it through the server relay; each page talks to the
// server through a WireMeter of its own. Once over plain HTTP/1.1, once over HTTPS with HTTP/2 (a test
// certificate, as production is told to serve it). bench/README.md#relay says what each figure counts.

/** The stroke bench:document counts bytes for. */
export const BYTES_POINTS = 200;

/**
 * Chromium keeps 250 resource timings by default; a stroke over the relay makes about one POST /frames a point,
 * and each is needed to tell the protocol the uploads went over.
 */
const KEEP_RESOURCE_TIMINGS = 'performance.setResourceTimingBufferSize(100000);';
const INSTRUMENTS = KEEP_RESOURCE_TIMINGS + COUNT_PAYLOAD;

/** A page's loads from the server: by protocol (nextHopProtocol), and by path for those started while metering. */
interface PageLoads {
  protocols: Record<string, number>;
  whileMetering: Record<string, number>;
}

interface MeteredPage {
  wire: WireBytes;
  loads: PageLoads;
  payload: PagePayload;
}

function loadsOf(page: Page, origin: string, since: number): Promise<PageLoads> {
  return page.evaluate(({ origin, since }) => {
    const loads = { protocols: {} as Record<string, number>, whileMetering: {} as Record<string, number> };
    for (const entry of [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]) {
      if (!(entry instanceof PerformanceResourceTiming) || new URL(entry.name).origin !== origin) continue;
      loads.protocols[entry.nextHopProtocol] = (loads.protocols[entry.nextHopProtocol] ?? 0) + 1;
      if (entry.startTime < since) continue;
      const path = new URL(entry.name).pathname;
      loads.whileMetering[path] = (loads.whileMetering[path] ?? 0) + 1;
    }
    return loads;
  }, { origin, since });
}

/** A relayed stroke of BYTES_POINTS points from a drawer to a viewer, each page's bytes metered. */
async function meterRelayedStroke(browser: Browser, serverUrl: string): Promise<{ drawer: MeteredPage; viewer: MeteredPage }> {
  const meters = [await WireMeter.start(serverUrl), await WireMeter.start(serverUrl)] as const;
  const pages: Page[] = [];
  try {
    const room = randomId();
    const drawer = await roomVisitor(browser, roomLink(meters[0].url, room), INSTRUMENTS);
    pages.push(drawer);
    // Relay-only ICE with no TURN server gathers no candidates: both widgets fall back to the server relay.
    const viewer = await roomVisitor(browser, roomLink(meters[1].url, room), INSTRUMENTS + RELAY_ONLY_ICE);
    pages.push(viewer);
    await reachEachOther(drawer, viewer, 'relay');
    const since = await Promise.all(pages.map((page) => page.evaluate(() => performance.now())));
    await Promise.all(pages.map(takePayload));
    for (const meter of meters) meter.start();
    await drawOnePointPerFrame(drawer, BYTES_POINTS);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const [drawerWire, viewerWire] = meters.map((meter) => meter.stop());
    const [drawerPayload, viewerPayload] = await Promise.all(pages.map(takePayload));
    const items = await viewer.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.drawing.items.length);
    if (items !== 1) throw new Error(`the viewer holds ${items} items after the relayed stroke, not 1: the relay did not carry it`);
    const [drawerLoads, viewerLoads] = await Promise.all(pages.map((page, i) => loadsOf(page, new URL(meters[i]!.url).origin, since[i]!)));
    return {
      drawer: { wire: drawerWire!, loads: drawerLoads!, payload: drawerPayload! },
      viewer: { wire: viewerWire!, loads: viewerLoads!, payload: viewerPayload! },
    };
  } finally {
    for (const page of pages) await page.context().close();
    for (const meter of meters) await meter.close();
  }
}

const perPoint = (bytes: number) => Math.round((bytes / BYTES_POINTS) * 10) / 10;
const bothWays = (page: MeteredPage) => page.wire.toServer + page.wire.toPage;

/** Payload a page sent or received; the rest of its wire bytes are what HTTP and TLS add. */
const payloadBytes = (page: MeteredPage) => page.payload.uploadBodyBytes + page.payload.answerBodyBytes + page.payload.eventDataBytes;

function pageFigures(page: MeteredPage) {
  const { toServer, toPage, connections, tls } = page.wire;
  return {
    toServer,
    toPage,
    connections,
    tlsRecords: tls?.records ?? null,
    payload: page.payload,
    protocolBytes: toServer + toPage - payloadBytes(page),
    loadsWhileMetering: page.loads.whileMetering,
    loadsByProtocol: page.loads.protocols,
  };
}

/** Figures of both protocols: everything, by direction, and the payload's share. */
function commonFigures(drawer: MeteredPage, viewer: MeteredPage) {
  const all = bothWays(drawer) + bothWays(viewer);
  return {
    points: BYTES_POINTS,
    // Everything both pages exchanged with the server while the stroke was drawn: the drawer's uploads with
    // its own stream, the viewer's stream with whatever it asked meanwhile.
    allBytesPerPoint: perPoint(all),
    // By direction: the drawer's way up is its uploads' requests; the viewer's way down its stream.
    drawerUpPerPoint: perPoint(drawer.wire.toServer),
    viewerDownPerPoint: perPoint(viewer.wire.toPage),
    payloadPerPoint: perPoint(payloadBytes(drawer) + payloadBytes(viewer)),
    protocolPerPoint: perPoint(all - payloadBytes(drawer) - payloadBytes(viewer)),
    // Per upload, both ways on the drawer's side beyond the bodies: what one POST /frames costs in HTTP (and TLS).
    protocolBytesPerUpload: drawer.payload.uploads === 0 ? null : Math.round((bothWays(drawer) - payloadBytes(drawer)) / drawer.payload.uploads),
  };
}

/** Over plain HTTP/1.1, where the meter tells each page's requests from its event stream. */
async function overHttp1(browser: Browser) {
  const server = await startServer({ port: 0, host: '127.0.0.1', tokenSecret: 'bench-secret-of-at-least-32-characters', log: silentLogger });
  try {
    const { drawer, viewer } = await meterRelayedStroke(browser, server.url);
    return {
      ...commonFigures(drawer, viewer),
      // The drawer's uploads (POST /frames and what else it asked meanwhile) and the viewer's event stream.
      drawerRequestBytes: drawer.wire.requests,
      drawerRequests: drawer.wire.requestLines,
      viewerStreamBytes: viewer.wire.stream,
      perPoint: perPoint(drawer.wire.requests + viewer.wire.stream),
      // What perPoint leaves out, and HTTP/2 cannot: the drawer's own stream and the viewer's requests meanwhile.
      drawerStreamBytes: drawer.wire.stream,
      viewerRequestBytes: viewer.wire.requests,
      drawer: pageFigures(drawer),
      viewer: pageFigures(viewer),
    };
  } finally {
    await server.close();
  }
}

/** Over HTTPS with HTTP/2: every request and the stream of a page share one encrypted connection. */
async function overHttp2(browser: Browser) {
  const certificate = await makeTestCertificate();
  try {
    const server = await startServer({ port: 0, host: '127.0.0.1', tokenSecret: 'bench-secret-of-at-least-32-characters', log: silentLogger, tls: certificate });
    try {
      const { drawer, viewer } = await meterRelayedStroke(browser, server.url);
      for (const [name, page] of Object.entries({ drawer, viewer })) {
        const notH2 = Object.keys(page.loads.protocols).filter((protocol) => protocol !== 'h2');
        if (notH2.length > 0) throw new Error(`the ${name} page loaded over ${notH2.join(', ')}, not only h2: ${JSON.stringify(page.loads.protocols)}`);
      }
      const all = bothWays(drawer) + bothWays(viewer);
      const tls = drawer.wire.tls!;
      const viewerTls = viewer.wire.tls!;
      const recordOverheadBytes = tls.recordOverheadBytes === null || viewerTls.recordOverheadBytes === null ? null : tls.recordOverheadBytes + viewerTls.recordOverheadBytes;
      return {
        ...commonFigures(drawer, viewer),
        tls: {
          version: tls.version,
          cipherSuite: tls.cipherSuite,
          records: tls.records + viewerTls.records,
          recordOverheadBytes,
          recordOverheadShare: recordOverheadBytes === null ? null : Math.round((recordOverheadBytes / all) * 1000) / 1000,
        },
        drawer: pageFigures(drawer),
        viewer: pageFigures(viewer),
      };
    } finally {
      await server.close();
    }
  } finally {
    await certificate.remove();
  }
}

/** The relay's wire bytes per point over HTTP/1.1 and HTTP/2, in one Chromium that accepts the test certificate. */
export async function relayWireBytes(): Promise<{ http1: Awaited<ReturnType<typeof overHttp1>>; http2: Awaited<ReturnType<typeof overHttp2>> }> {
  const browser = await launchChromium(['--ignore-certificate-errors']);
  try {
    return { http1: await overHttp1(browser), http2: await overHttp2(browser) };
  } finally {
    await browser.close();
  }
}
