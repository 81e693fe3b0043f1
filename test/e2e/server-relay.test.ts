import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { randomId } from '../../protocol/random-id.js';
import { boardDigest, countPixels, drawLine, pickColor } from '../support/board.js';
import { newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';

/** No direct connection from this page (RECIPES: relay-only ICE with no TURN server gathers no candidates). */
const BLOCK_DIRECT = `
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config = {}) {
      super({ ...config, iceTransportPolicy: 'relay' });
    }
  };
`;

/** A browser with WebRTC disabled. */
const NO_WEBRTC = `delete window.RTCPeerConnection; delete window.webkitRTCPeerConnection;`;

const statesOf = (page: Page) =>
  page.evaluate(() =>
    document.querySelector<DrawRoom>('draw-room')!.participants.filter((p) => !p.local).map(({ name, state }) => `${name}:${state}`).sort(),
  );
const statusLine = (page: Page) =>
  page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim());

describe('the server relay, when no direct connection can be made', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  async function visitWith(initScript: string, room: string, name: string): Promise<Page> {
    const page = await newVisitorPage(stack.browser);
    await page.addInitScript({ content: initScript });
    await page.goto(stack.site.roomPage(room, name));
    return page;
  }

  it('carries strokes both ways between a page and one that cannot connect directly, and says so', async () => {
    const room = randomId();
    const openedAt = Date.now();
    const ada = await stack.visit(room, 'Ada');
    const errors: string[] = [];
    await ada.exposeFunction('reportError', (message: string) => void errors.push(message));
    await ada.evaluate(() =>
      document.querySelector('draw-room')!.addEventListener('draw-room-error', (event) => window.reportError!(event.detail.message)),
    );
    const bea = await visitWith(BLOCK_DIRECT, room, 'Bea');
    await eventually('each lists the other as reached through the server', async () =>
      (await statesOf(ada)).join() === 'Bea:relay' && (await statesOf(bea)).join() === 'Ada:relay', 30_000);
    assert.equal(await statusLine(ada), 'Connected · 1 peer (1 through the server)');

    await pickColor(ada, '#1760cf');
    await drawLine(ada, [0.2, 0.3], [0.7, 0.3]);
    await pickColor(bea, '#cf1717');
    await drawLine(bea, [0.2, 0.6], [0.7, 0.6]);
    await eventually('each page paints the other one’s stroke', async () =>
      (await countPixels(bea, '#1760cf')) > 100 && (await countPixels(ada, '#cf1717')) > 100, 20_000);
    await eventually('the boards are pixel-identical', async () => (await boardDigest(ada)) === (await boardDigest(bea)), 20_000);
    // The mesh gives up on a direct connection after 10 s: with the relay carrying the peer, that is no error.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, openedAt + 12_000 - Date.now())));
    assert.deepEqual(errors.filter((message) => message.includes("can't reach")), []);
    for (const page of [ada, bea]) await page.context().close();
  });

  it('lets a browser without WebRTC draw with everyone, a late joiner getting the whole board', async () => {
    const room = randomId();
    const ada = await stack.visit(room, 'Ada');
    await pickColor(ada, '#1760cf');
    await drawLine(ada, [0.1, 0.2], [0.9, 0.8]);
    const cal = await visitWith(NO_WEBRTC, room, 'Cal');
    assert.equal(await cal.evaluate(() => typeof window.RTCPeerConnection), 'undefined');
    await eventually('the page without WebRTC has the board drawn before it came', async () => (await countPixels(cal, '#1760cf')) > 100, 20_000);
    await pickColor(cal, '#cf1717');
    await drawLine(cal, [0.1, 0.8], [0.9, 0.2]);
    await eventually('its stroke reaches the other page', async () => (await countPixels(ada, '#cf1717')) > 100, 20_000);
    await eventually('the boards are pixel-identical', async () => (await boardDigest(ada)) === (await boardDigest(cal)), 20_000);
    assert.deepEqual(await statesOf(cal), ['Ada:relay']);
    for (const page of [ada, cal]) await page.context().close();
  });
});
