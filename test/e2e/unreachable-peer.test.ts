import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';

/**
 * Makes a direct connection impossible from this page while signaling works (RECIPES: relay-only ICE with no
 * TURN server gathers no candidates), until the test lifts it with `window.directBlocked = false`: the
 * network coming back.
 */
const BLOCK_DIRECT = `
  window.directBlocked = true;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config = {}) {
      super(window.directBlocked ? { ...config, iceTransportPolicy: 'relay' } : config);
    }
  };
`;

interface Member {
  name: string;
  state: string;
}

const membersOf = (page: Page) =>
  page.evaluate(() =>
    document.querySelector<DrawRoom>('draw-room')!.participants
      .map(({ name, state }) => ({ name, state }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  ) as Promise<Member[]>;
const statusLine = (page: Page) =>
  page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim());
const peerCount = (page: Page) => page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.peers.length);

describe('members that no direct connection reaches', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  it('are reached through the server relay, never "0 peers", and move to a direct connection once the network allows it', async () => {
    const room = 'unreachable-room-01';
    const ada = await stack.visit(room, 'Ada');
    const blocked = await newVisitorPage(stack.browser);
    await blocked.addInitScript({ content: BLOCK_DIRECT });
    await blocked.goto(stack.site.roomPage(room, 'Bea'));

    await eventually('each page lists the other from signaling, while connecting', async () =>
      (await membersOf(ada)).some((m) => m.name === 'Bea') && (await membersOf(blocked)).some((m) => m.name === 'Ada'));
    await eventually('both reach the other through the server, and say so', async () =>
      (await statusLine(ada)) === 'Connected · 1 peer (1 through the server)' &&
      (await statusLine(blocked)) === 'Connected · 1 peer (1 through the server)', 30_000);
    assert.deepEqual(await membersOf(ada), [{ name: 'Ada', state: 'self' }, { name: 'Bea', state: 'relay' }]);
    assert.deepEqual(await membersOf(blocked), [{ name: 'Ada', state: 'relay' }, { name: 'Bea', state: 'self' }]);

    // The network comes back: the next retry of the backoff connects them directly, with nobody reloading.
    await blocked.evaluate(() => (window.directBlocked = false));
    await eventually('the two pages connect directly by themselves', async () =>
      (await membersOf(ada)).some((m) => m.name === 'Bea' && m.state === 'direct') &&
      (await membersOf(blocked)).some((m) => m.name === 'Ada' && m.state === 'direct'), 90_000);
    assert.equal(await peerCount(ada), 1);
    await eventually('the status lines say a direct peer', async () =>
      (await statusLine(ada)) === 'Connected · 1 peer' && (await statusLine(blocked)) === 'Connected · 1 peer');
    for (const page of [ada, blocked]) await page.context().close();
  });
});
