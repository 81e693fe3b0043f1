import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { randomId } from '../../protocol/random-id.js';
import { boardDigest, drawLine, itemCount } from '../support/board.js';
import { newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, statusOf, type E2eStack } from '../support/e2e-stack.js';

const MESH_PEERS = 3;
const PAGES = 10;

/**
 * Counts this page's RTCPeerConnections that are not closed, now and at their most (each new one is counted with
 * those still open when it is made).
 */
const COUNT_PEER_CONNECTIONS = `
  const Native = window.RTCPeerConnection;
  const made = [];
  const open = () => made.filter((c) => c.connectionState !== 'closed' && c.signalingState !== 'closed').length;
  let most = 0;
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      made.push(this);
      most = Math.max(most, open());
    }
  };
  window.peerConnectionCount = () => ({ open: open(), most });
`;

/** Small pages: ten Chromium pages share two cores. The same size everywhere, so boards compare pixel for pixel. */
const SMALL = { viewport: { width: 480, height: 400 } };

const connectionsOf = (page: Page) => page.evaluate(() => window.peerConnectionCount!());

/** How each other member is reached, by state: e.g. { direct: 2, relay: 7 }. */
const reachOf = (page: Page) =>
  page.evaluate(() => {
    const states: Record<string, number> = {};
    for (const { state } of document.querySelector<DrawRoom>('draw-room')!.participants) if (state !== 'self') states[state] = (states[state] ?? 0) + 1;
    return states;
  });


describe(`a room bigger than the mesh (MAX_MESH_PEERS=${MESH_PEERS})`, () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack({ server: { limits: { maxMeshPeers: MESH_PEERS } } })));
  after(() => stack?.close());

  /** A visitor in a context of its own (each context has its own six connections per origin), counting its connections. */
  async function visit(room: string, name: string): Promise<Page> {
    const page = await newVisitorPage(stack.browser, SMALL);
    await page.addInitScript({ content: COUNT_PEER_CONNECTIONS });
    await page.goto(stack.site.roomPage(room, name));
    await eventually(`${name}'s widget is connected`, async () => (await statusOf(page)) === 'connected', 30_000);
    return page;
  }

  it('lets ten pages draw at once, each holding at most three connections, and ends pixel-identical, for a late joiner too', async () => {
    const room = randomId();
    const pages: Page[] = [];
    for (let i = 0; i < PAGES; i++) pages.push(await visit(room, `Member ${i}`));

    await eventually('every page reaches the nine others, directly or through the server', async () => {
      for (const page of pages) {
        const reach = await reachOf(page);
        const members = Object.values(reach).reduce((sum, count) => sum + count, 0);
        const waiting = (reach.connecting ?? 0) + (reach.unreachable ?? 0);
        if (members !== PAGES - 1 || waiting > 0 || (reach.relay ?? 0) < PAGES - 1 - MESH_PEERS) return false;
      }
      return true;
    }, 30_000);

    // Everyone draws at once with the real mouse, each a stroke of its own (upright, within the board's height on
    // a wide canvas).
    await Promise.all(pages.map((page, i) => drawLine(page, [0.08 + 0.09 * i, 0.35], [0.1 + 0.09 * i, 0.65])));
    await eventually('every page holds all ten strokes', async () => (await Promise.all(pages.map((page) => itemCount(page)))).every((count) => count === PAGES), 30_000);
    await eventually('the ten boards are pixel-identical', async () => new Set(await Promise.all(pages.map((page) => boardDigest(page)))).size === 1, 20_000);

    for (const [i, page] of pages.entries()) {
      const { open, most } = await connectionsOf(page);
      assert.ok(most <= MESH_PEERS, `Member ${i} held ${most} peer connections at once (open now: ${open}), more than ${MESH_PEERS}`);
      const reach = await reachOf(page);
      assert.ok((reach.relay ?? 0) >= PAGES - 1 - MESH_PEERS, `Member ${i} reaches at most ${MESH_PEERS} peers directly: ${JSON.stringify(reach)}`);
    }

    const late = await visit(room, 'Late');
    const expected = await boardDigest(pages[0]!);
    await eventually('the late joiner has every stroke', async () => (await itemCount(late)) === PAGES, 30_000);
    await eventually('the late joiner’s board is pixel-identical', async () => (await boardDigest(late)) === expected, 20_000);
    assert.ok((await connectionsOf(late)).most <= MESH_PEERS);
    for (const page of [...pages, late]) {
      const { most } = await connectionsOf(page);
      assert.ok(most <= MESH_PEERS, `a page held ${most} peer connections at once after the late join`);
    }
  });
});
