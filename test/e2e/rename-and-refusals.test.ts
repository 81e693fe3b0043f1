import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/listen.js';
import { silentLogger } from '../../server/log/log.js';
import { launchChromium, newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { startHostSite, type HostSite } from '../support/host-page.js';
import type { Browser } from 'playwright-core';
import { roomLink } from '../support/room-link.js';

interface RoomView {
  status: string;
  statusReason: string;
  statusLine: string;
  userId: string | null;
  names: string[];
}

function viewOf(page: Page): Promise<RoomView> {
  return page.evaluate(() => {
    const room = document.querySelector<DrawRoom>('draw-room')!;
    return {
      status: room.status,
      statusReason: room.statusReason,
      statusLine: room.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim(),
      userId: room.user?.id ?? null,
      names: room.participants.map((p) => p.name).sort(),
    };
  });
}

/** Records the widget's connection events from the moment of the call, to read back later. */
async function recordEvents(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    window.seen = seen;
    for (const type of ['draw-room-peer-left', 'draw-room-peer-joined', 'draw-room-status', 'draw-room-connected'] as const) {
      document.addEventListener(type, (event) => seen.push(`${type} ${JSON.stringify(event.detail)}`));
    }
  });
}
const recorded = (page: Page) => page.evaluate(() => window.seen!);

describe('renaming, and refusals that retrying cannot fix', () => {
  let server: RunningServer;
  let site: HostSite;
  let browser: Browser;
  const requestsTo = new Map<Page, string[]>();
  before(async () => {
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      tokenSecret: 'e2e-secret-of-at-least-32-characters',
      log: silentLogger,
      limits: { maxMembersPerRoom: 2 },
    });
    site = await startHostSite(server.url);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
  });

  async function open(url: string): Promise<Page> {
    const page = await newVisitorPage(browser);
    const requests: string[] = [];
    requestsTo.set(page, requests);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === server.url && url.pathname !== '/draw-room.js') requests.push(`${request.method()} ${url.pathname}`);
    });
    await page.goto(url);
    return page;
  }

  it('renames through presence only: same user id, same connections, everyone sees the new name', async () => {
    const roomUrl = roomLink(server.url, 'RenameRoom_0123456789ab');
    const ann = await open(roomUrl);
    const bob = await open(roomUrl);
    await eventually('both pages are connected to each other', async () =>
      (await viewOf(ann)).statusLine === 'Connected · 1 peer' && (await viewOf(bob)).statusLine === 'Connected · 1 peer');
    const before = await viewOf(ann);
    assert.match(await ann.inputValue('#name'), /^Guest [A-Za-z0-9_-]{4}$/, 'the name field shows the name in use');
    assert.ok(before.names.includes(await ann.inputValue('#name')), 'and it is the name the others see');
    await recordEvents(ann);
    await recordEvents(bob);

    await ann.locator('#name').fill('Ann Lovelace');
    await ann.locator('#name').press('Enter');
    await ann.locator('#name').press('Tab');
    await eventually('bob lists the new name', async () => (await viewOf(bob)).names.includes('Ann Lovelace'), 5000);
    await eventually('ann lists herself by the new name', async () => (await viewOf(ann)).names.includes('Ann Lovelace'), 5000);
    // Give a reconnect, had there been one, the time to show.
    await ann.waitForTimeout(1500);
    const after = await viewOf(ann);
    assert.equal(after.userId, before.userId, 'the renamer keeps its user id');
    assert.equal(after.statusLine, 'Connected · 1 peer');
    assert.deepEqual(await recorded(ann), [], 'no peer-left, peer-joined or status change on the renamer');
    assert.deepEqual(await recorded(bob), [], 'nor on the other page');
    assert.equal((await viewOf(bob)).names.length, 2, 'bob still lists two people');
    assert.equal(await ann.inputValue('#name'), 'Ann Lovelace');
    for (const page of [ann, bob]) await page.context().close();
  });

  it('tells the visitor over the limit that the room is full, and stops trying', async () => {
    const room = 'full-room-0123456789';
    const first = await open(site.roomPage(room, 'first'));
    const second = await open(site.roomPage(room, 'second'));
    await eventually('two members are connected', async () =>
      (await viewOf(first)).status === 'connected' && (await viewOf(second)).status === 'connected');
    const third = await open(site.roomPage(room, 'third'));
    await eventually('the third is refused', async () => (await viewOf(third)).status === 'refused');
    const view = await viewOf(third);
    assert.equal(view.statusReason, 'This room is full (2 people)');
    assert.match(view.statusLine, /^This room is full \(2 people\)/);
    const joins = () => requestsTo.get(third)!.filter((request) => request.endsWith('/join')).length;
    const joinsThen = joins();
    await third.waitForTimeout(3000);
    assert.equal(joins(), joinsThen, 'no more join attempts after the refusal');
    assert.equal((await viewOf(third)).status, 'refused');
    for (const page of [first, second, third]) await page.context().close();
  });

  it('refuses an invalid room id before sending any request', async () => {
    const page = await open(site.roomPage('bad room!', 'someone'));
    await eventually('the widget says the room id is invalid', async () => (await viewOf(page)).status === 'refused');
    assert.match((await viewOf(page)).statusLine, /^Invalid room id/);
    await page.waitForTimeout(1000);
    assert.deepEqual(requestsTo.get(page), [], 'nothing was asked of the server');
    await page.context().close();
  });

  for (const [what, username] of [['a control character', 'Bell\u0007'], ['33 characters', 'x'.repeat(33)]] as const) {
    it(`refuses a username with ${what} before sending any request`, async () => {
      const page = await open(site.roomPage('name-check-room-01', username));
      await eventually('the widget says the name is invalid', async () => (await viewOf(page)).status === 'refused');
      assert.match((await viewOf(page)).statusLine, /^Invalid name: username must/);
      await page.waitForTimeout(1000);
      assert.deepEqual(requestsTo.get(page), []);
      await page.context().close();
    });
  }
});
