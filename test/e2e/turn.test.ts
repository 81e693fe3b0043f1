import type { DrawRoom } from '../../components/elements/draw-room.js';
import type { IceServersAnswer } from '../../protocol/ice-servers.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { randomId } from '../../protocol/random-id.js';
import { countPixels, drawLine, pickColor } from '../support/board.js';
import { newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, statusOf, type E2eStack } from '../support/e2e-stack.js';
import { TurnServer } from '../support/turn-server.js';
import { roomLink } from '../support/room-link.js';

const RED = '#cf1717';
const BLUE = '#1760cf';

/**
 * A page that can connect only through a TURN relay (RECIPES: relay-only ICE), as behind a network that blocks
 * every direct path. It keeps its connections in `window.peerConnections` so the test can read their stats.
 */
const RELAY_ONLY = `
  window.peerConnections = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config = {}) {
      super({ ...config, iceTransportPolicy: 'relay' });
      window.peerConnections.push(this);
    }
    setConfiguration(config = {}) {
      super.setConfiguration({ ...config, iceTransportPolicy: 'relay' });
    }
  };
`;

interface SelectedPair {
  local: string;
  remote: string;
}

/** The candidate types of the pair each connected peer connection uses now, from its getStats. */
function selectedPairs(page: Page): Promise<SelectedPair[]> {
  return page.evaluate(async () => {
    const connections = window.peerConnections!;
    const pairs: Array<{ local: string; remote: string }> = [];
    for (const connection of connections.filter((c) => c.connectionState === 'connected')) {
      const stats = [...(await connection.getStats()).values()] as Array<Record<string, string>>;
      const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
      const typeOf = (id: string | undefined) => stats.find((s) => s.id === id)?.candidateType ?? 'none';
      pairs.push({ local: typeOf(pair?.localCandidateId), remote: typeOf(pair?.remoteCandidateId) });
    }
    return pairs;
  });
}

const peerCount = (page: Page) => page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.peers.length);
/** "name:state" of each participant but this page's own. */
const statesOf = (page: Page) =>
  page.evaluate(() =>
    document.querySelector<DrawRoom>('draw-room')!.participants.filter((p) => !p.local).map(({ name, state }) => `${name}:${state}`),
  );
const statusLine = (page: Page) =>
  page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim());

/** Each page lists the other as reached through TURN, and its status line says so. */
async function saysTurn(pages: Page[]): Promise<void> {
  await eventually('each page lists the other as reached through TURN', async () => {
    for (const page of pages) {
      const states = await statesOf(page);
      if (states.length !== 1 || !states[0]!.endsWith(':turn')) return false;
    }
    return true;
  }, 20_000);
  // A stroke just drawn is counted as not shared until the peer's receipt comes back (within a moment).
  for (const page of pages) {
    await eventually('the status line says the peer is reached through TURN', async () => (await statusLine(page)) === 'Connected · 1 peer (1 through TURN)', 5_000);
  }
}

/** The answers to this page's GET /ice-servers, with when each was asked (ms since the epoch). */
function watchIceServerAnswers(page: Page): Array<IceServersAnswer & { askedAt: number }> {
  const answers: Array<IceServersAnswer & { askedAt: number }> = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET' || new URL(request.url()).pathname !== '/ice-servers') return;
    const askedAt = Date.now();
    void request.response().then(async (response) => {
      if (response?.ok()) answers.push({ ...((await response.json()) as IceServersAnswer), askedAt });
    });
  });
  return answers;
}

describe('connecting through TURN (a real coturn)', () => {
  let turn: TurnServer;
  before(async () => (turn = await TurnServer.start()));
  after(() => turn?.stop());

  /** A relay-only visitor on the server's own room page, which sets no ice-servers: the widget asks the server. */
  async function relayOnlyVisitor(stack: E2eStack, room: string): Promise<{ page: Page; answers: Array<IceServersAnswer & { askedAt: number }> }> {
    const page = await newVisitorPage(stack.browser);
    await page.addInitScript({ content: RELAY_ONLY });
    const answers = watchIceServerAnswers(page);
    await page.goto(roomLink(stack.server.url, room));
    await eventually(`the page in ${room} is connected`, async () => (await statusOf(page)) === 'connected', 30_000);
    return { page, answers };
  }

  async function strokeCrosses(from: Page, to: Page, color: string): Promise<void> {
    await pickColor(from, color);
    await drawLine(from, [0.2, 0.3], [0.7, 0.6]);
    const drawn = await countPixels(from, color);
    assert.ok(drawn > 500, `the stroke painted on the page drawing it (${drawn} pixels)`);
    await eventually('the stroke paints on the other page', async () => (await countPixels(to, color)) >= drawn * 0.9, 20_000);
  }

  describe('with credentials that last an hour', () => {
    let stack: E2eStack;
    before(async () => {
      stack = await startE2eStack({ server: { iceServers: { stunUrls: [], turnUrls: [turn.url], turnSecret: turn.secret, turnTtlSeconds: 3600 } } });
    });
    after(() => stack?.close());

    it('connects two pages that allow only relayed candidates, and a stroke drawn with the mouse crosses through the relay', async () => {
      const room = randomId();
      const a = await relayOnlyVisitor(stack, room);
      const b = await relayOnlyVisitor(stack, room);
      await eventually('both pages have a peer', async () =>
        (await peerCount(a.page)) === 1 && (await peerCount(b.page)) === 1, 30_000);
      assert.equal(a.answers.length, 1, 'page A asked the server for its ICE servers once');
      assert.deepEqual(a.answers[0]!.iceServers.map((server) => server.urls), [[turn.url]]);

      await strokeCrosses(a.page, b.page, RED);
      for (const page of [a.page, b.page]) {
        const pairs = await selectedPairs(page);
        assert.equal(pairs.length, 1, 'one connected peer connection');
        assert.equal(pairs[0]!.local, 'relay', 'this side sends through its TURN allocation');
        assert.equal(pairs[0]!.remote, 'relay', 'to the other side\'s TURN allocation');
      }
      await saysTurn([a.page, b.page]);
      for (const { page } of [a, b]) await page.context().close();
    });
  });

  describe('with credentials that last 4 seconds', () => {
    let stack: E2eStack;
    before(async () => {
      stack = await startE2eStack({ server: { iceServers: { stunUrls: [], turnUrls: [turn.url], turnSecret: turn.secret, turnTtlSeconds: 4 } } });
    });
    after(() => stack?.close());

    it('renews them before they expire, and a peer joining after the first ones expired connects through TURN', async () => {
      const room = randomId();
      const a = await relayOnlyVisitor(stack, room);
      await eventually('page A renewed its ICE servers twice', async () => a.answers.length >= 3, 20_000);
      for (let i = 1; i < a.answers.length; i++) {
        const [previous, next] = [a.answers[i - 1]!, a.answers[i]!];
        assert.ok(next.askedAt < previous.expiresAt, `renewal ${i} was asked before the credentials it replaced expired`);
        assert.notEqual(next.iceServers[0]!.username, previous.iceServers[0]!.username, 'with a new TURN username');
      }
      const firstExpiry = a.answers[0]!.expiresAt;
      await eventually('the first credentials have expired', () => Promise.resolve(Date.now() > firstExpiry + 500));

      const b = await relayOnlyVisitor(stack, room);
      await eventually('both pages have a peer', async () =>
        (await peerCount(a.page)) === 1 && (await peerCount(b.page)) === 1, 30_000);
      await strokeCrosses(a.page, b.page, BLUE);
      for (const page of [a.page, b.page]) assert.deepEqual(await selectedPairs(page), [{ local: 'relay', remote: 'relay' }]);
      await saysTurn([a.page, b.page]);
      for (const { page } of [a, b]) await page.context().close();
    });
  });
});
