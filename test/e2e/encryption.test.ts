import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { generateRoomKey } from '../../components/network/room-key.js';
import { randomId } from '../../protocol/random-id.js';
import { countPixels, drawLine, itemCount, pickColor, pickTool } from '../support/board.js';
import { newVisitorPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, statusOf, type E2eStack } from '../support/e2e-stack.js';
import { startHostSite, type HostSite } from '../support/host-page.js';
import { startRecordingProxy, type RecordedChunk, type RecordingProxy } from '../support/recording-proxy.js';

const BLUE = '#1760cf';
const RED = '#cf1717';
const GREEN = '#3ccf17';
const OPEN_FAILURE = /could not open messages from .*: different room key\?/;

/** Records the page's draw-room-error messages and, as "name:state" lists, every participants event. */
const RECORD_ROOM_EVENTS = `
  window.roomErrors = [];
  window.participantEvents = [];
  document.addEventListener('draw-room-error', (event) => window.roomErrors.push(event.detail.message));
  document.addEventListener('draw-room-participants', (event) =>
    window.participantEvents.push(event.detail.participants.filter((p) => !p.local).map((p) => p.name + ':' + p.state)));
`;

/** No direct connection from this page (RECIPES: relay-only ICE with no TURN server gathers no candidates). */
const BLOCK_DIRECT = `
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config = {}) {
      super({ ...config, iceTransportPolicy: 'relay' });
    }
  };
`;

interface Visitor {
  name: string;
  roomKey?: string;
  /** Whether the page can reach its peers only through the server relay. */
  relayOnly?: boolean;
}

const encryptedOf = (page: Page) => page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.encrypted);
/** Whether the page shows, in words a screen reader reads too, that its room is encrypted, or that it is not. */
const shownEncryption = async (page: Page) => ({
  encrypted: await page.locator('draw-room').getByText(/end-to-end encrypted/i).isVisible(),
  notEncrypted: await page.locator('draw-room').getByText(/not encrypted/i).isVisible(),
});
const SHOWN_ENCRYPTED = { encrypted: true, notEncrypted: false };
const statesOf = (page: Page) =>
  page.evaluate(() =>
    document.querySelector<DrawRoom>('draw-room')!.participants.filter((p) => !p.local).map(({ name, state }) => `${name}:${state}`).sort(),
  );
const statusLine = (page: Page) =>
  page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim());
const roomErrorsOf = (page: Page) => page.evaluate(() => window.roomErrors!);
const everStatesOf = async (page: Page) => (await page.evaluate(() => window.participantEvents!)).flat();
const textsOf = (page: Page) =>
  page.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.drawing.items.flatMap((item) => (item.kind === 'text' ? [item.text] : [])));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Types `text` on the board with the keyboard, at a click on (fx, fy) of the canvas, and places it with Enter. */
async function typeText(page: Page, text: string, at: [number, number]): Promise<void> {
  await pickTool(page, 'text');
  const box = await page.locator('draw-room canvas.live').boundingBox();
  if (!box) throw new Error('the board canvas is not visible');
  await page.mouse.click(box.x + box.width * at[0], box.y + box.height * at[1]);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await pickTool(page, 'pen');
}

/**
 * The strings that show `bytes` in a recording: as they are (UTF-8/Latin-1), hex, and base64 and base64url at each
 * of the three alignments a byte string can have inside a longer encoded one (only the characters that depend on
 * `bytes` alone, so a match is certain wherever it sits).
 */
function encodedForms(bytes: Buffer): string[] {
  const forms = new Set([bytes.toString('latin1'), bytes.toString('hex')]);
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const base64 = padded.toString('base64').slice([0, 2, 3][offset], 4 * Math.floor(padded.length / 3));
    forms.add(base64).add(base64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms];
}

/** The recording as one Latin-1 string per request and direction, so a needle split across chunks is found. */
function recordedStreams(chunks: readonly RecordedChunk[]): Map<string, string> {
  const streams = new Map<string, Buffer[]>();
  for (const { exchange, direction, request, bytes } of chunks) {
    const name = `${direction} of #${exchange} ${request}`;
    streams.set(name, [...(streams.get(name) ?? []), bytes]);
  }
  return new Map([...streams].map(([name, parts]) => [name, Buffer.concat(parts).toString('latin1')]));
}

/** The JSON bodies of the requests to the server that `request` ("METHOD /path") matches. */
function bodiesOf(chunks: readonly RecordedChunk[], request: RegExp): unknown[] {
  const matching = recordedStreams(chunks.filter((chunk) => chunk.direction === 'to-server' && request.test(chunk.request)));
  return [...matching.values()].map((text) => JSON.parse(Buffer.from(text.slice(text.indexOf('\r\n\r\n') + 4), 'latin1').toString('utf8')) as unknown);
}

/** Where the recording shows `secret` ("to-server of #12 POST /frames" and the form), or [] when nowhere. */
function sightingsOf(streams: Map<string, string>, secret: Buffer): string[] {
  const forms = encodedForms(secret);
  return [...streams].flatMap(([name, text]) => forms.filter((form) => text.includes(form)).map((form) => `${name}: ${form}`));
}

/** The relayed session description `body` (POST /relay/:peer/session-description) with its data rewritten. */
function rewriteSignal(body: string, rewriteData: (data: { sealed?: unknown }) => object): string {
  const request = JSON.parse(body) as { from: string; data: { sealed?: unknown } };
  return JSON.stringify({ ...request, data: rewriteData(request.data) });
}

/** `sealed` (base64url) with one character in its middle changed: the bytes it stands for differ. */
function flipOneCharacter(sealed: string): string {
  const at = Math.floor(sealed.length / 2);
  return `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
}

const isSessionDescriptionRelay = (method: string, path: string) => method === 'POST' && /^\/relay\/[^/]+\/session-description$/.test(path);

describe('an encrypted room: what its key lets in, and what the server in between sees', () => {
  let stack: E2eStack;
  let proxy: RecordingProxy;
  let site: HostSite;
  before(async () => {
    stack = await startE2eStack();
    // Every page loads the widget and talks to the server through the proxy.
    proxy = await startRecordingProxy(stack.server.url);
    site = await startHostSite(proxy.url);
  });
  after(async () => {
    await stack?.browser.close();
    await site?.close();
    await proxy?.close();
    await stack?.close();
  });

  async function visit(room: string, { name, roomKey, relayOnly = false }: Visitor): Promise<Page> {
    const page = await newVisitorPage(stack.browser);
    await page.addInitScript({ content: RECORD_ROOM_EVENTS + (relayOnly ? BLOCK_DIRECT : '') });
    await page.goto(site.roomPage(room, name, roomKey === undefined ? {} : { roomKey }));
    await eventually(`${name}'s widget is connected`, async () => (await statusOf(page)) === 'connected', 30_000);
    return page;
  }

  const closeAll = async (pages: readonly Page[]) => {
    for (const page of pages) await page.context().close();
  };

  async function drawTogether(ada: Page, bea: Page): Promise<void> {
    await pickColor(ada, BLUE);
    await drawLine(ada, [0.2, 0.3], [0.7, 0.3]);
    await pickColor(bea, RED);
    await drawLine(bea, [0.2, 0.6], [0.7, 0.6]);
    await eventually('each page paints the other one’s stroke', async () =>
      (await countPixels(bea, BLUE)) > 100 && (await countPixels(ada, RED)) > 100, 20_000);
  }

  it('lets two pages with the same key draw together over a direct connection, and both say the room is encrypted', async () => {
    const room = randomId();
    const roomKey = generateRoomKey();
    const ada = await visit(room, { name: 'Ada', roomKey });
    const bea = await visit(room, { name: 'Bea', roomKey });
    await eventually('they connect directly', async () =>
      (await statesOf(ada)).join() === 'Bea:direct' && (await statesOf(bea)).join() === 'Ada:direct', 20_000);
    await drawTogether(ada, bea);
    assert.deepEqual([await encryptedOf(ada), await encryptedOf(bea)], [true, true]);
    assert.deepEqual([await shownEncryption(ada), await shownEncryption(bea)], [SHOWN_ENCRYPTED, SHOWN_ENCRYPTED]);
    assert.deepEqual([...await roomErrorsOf(ada), ...await roomErrorsOf(bea)], []);
    await closeAll([ada, bea]);
  });

  it('lets them draw together through the server relay when one cannot connect directly', async () => {
    const room = randomId();
    const roomKey = generateRoomKey();
    const ada = await visit(room, { name: 'Ada', roomKey });
    const bea = await visit(room, { name: 'Bea', roomKey, relayOnly: true });
    await eventually('each lists the other as reached through the server', async () =>
      (await statesOf(ada)).join() === 'Bea:relay' && (await statesOf(bea)).join() === 'Ada:relay', 30_000);
    await drawTogether(ada, bea);
    assert.deepEqual([await encryptedOf(ada), await encryptedOf(bea)], [true, true]);
    assert.deepEqual([await shownEncryption(ada), await shownEncryption(bea)], [SHOWN_ENCRYPTED, SHOWN_ENCRYPTED]);
    assert.deepEqual([...await roomErrorsOf(ada), ...await roomErrorsOf(bea)].filter((message) => OPEN_FAILURE.test(message)), []);
    await closeAll([ada, bea]);
  });

  it('keeps a page with a different key out: it sees a blank board, its strokes reach no one, and both sides are told', async () => {
    const room = randomId();
    const roomKey = generateRoomKey();
    const ada = await visit(room, { name: 'Ada', roomKey });
    const bea = await visit(room, { name: 'Bea', roomKey });
    const cal = await visit(room, { name: 'Cal', roomKey: generateRoomKey() });

    await eventually('Ada and Bea cannot open Cal’s messages, and Cal cannot open theirs', async () =>
      (await roomErrorsOf(ada)).some((message) => /could not open messages from Cal: different room key\?/.test(message)) &&
      (await roomErrorsOf(bea)).some((message) => /could not open messages from Cal: different room key\?/.test(message)) &&
      (await roomErrorsOf(cal)).some((message) => /could not open messages from (Ada|Bea): different room key\?/.test(message)), 20_000);
    assert.match(await statusLine(cal), /different room key/, 'Cal’s status line says why nobody reaches it');

    await pickColor(cal, GREEN);
    await drawLine(cal, [0.1, 0.45], [0.9, 0.45]);
    await drawTogether(ada, bea);
    // Cal's stroke went out before theirs: by now it would have arrived, through a channel or the relay.
    await sleep(2000);
    assert.equal(await countPixels(ada, GREEN) + await countPixels(bea, GREEN), 0, 'Cal’s stroke reaches neither Ada nor Bea');
    assert.deepEqual([await itemCount(ada), await itemCount(bea)], [2, 2], 'their documents hold their two strokes only');
    assert.equal(await countPixels(cal, BLUE) + await countPixels(cal, RED), 0, 'Cal’s board shows nothing of theirs');
    assert.equal(await itemCount(cal), 1, 'Cal’s document holds its own stroke only');
    await closeAll([ada, bea, cal]);
  });

  it('shows the server none of the drawing, no DTLS fingerprint and not the key, directly and through the relay', async () => {
    const room = randomId();
    const roomKey = generateRoomKey();
    const marker = `Marker${randomBytes(12).toString('hex')}`;
    const relayedMarker = `Relayed${randomBytes(12).toString('hex')}`;
    proxy.clearRecording();
    const ada = await visit(room, { name: 'Ada', roomKey });
    const bea = await visit(room, { name: 'Bea', roomKey });
    const cal = await visit(room, { name: 'Cal', roomKey, relayOnly: true });
    await eventually('Ada and Bea connect directly, Cal through the server', async () =>
      (await statesOf(ada)).join() === 'Bea:direct,Cal:relay' && (await statesOf(bea)).join() === 'Ada:direct,Cal:relay' &&
      (await statesOf(cal)).join() === 'Ada:relay,Bea:relay', 30_000);

    await drawTogether(ada, bea);
    await typeText(ada, marker, [0.3, 0.8]);
    await typeText(cal, relayedMarker, [0.6, 0.2]);
    await eventually('every page has both texts', async () => {
      const texts = await Promise.all([ada, bea, cal].map(textsOf));
      return texts.every((one) => one.includes(marker) && one.includes(relayedMarker));
    }, 20_000);
    await eventually('Cal paints both strokes, through the server', async () =>
      (await countPixels(cal, BLUE)) > 100 && (await countPixels(cal, RED)) > 100, 20_000);
    await closeAll([ada, bea, cal]);

    const chunks = proxy.recorded();
    const requests = new Set(chunks.map((chunk) => chunk.request));
    assert.ok([...requests].some((request) => /^POST \/relay\/[^/]+\/session-description$/.test(request)), 'session descriptions went through the proxy');
    assert.ok(requests.has('POST /frames'), 'frames went through the proxy');
    // As agreed for the wire: a relayed payload is {sealed} alone, and every sealed message starts with version 1.
    const relayed = bodiesOf(chunks, /^POST \/relay\//) as { data: Record<string, unknown> }[];
    assert.deepEqual([...new Set(relayed.map(({ data }) => Object.keys(data).join()))], ['sealed'], 'relayed payloads are sealed, nothing beside');
    const frames = (bodiesOf(chunks, /^POST \/frames$/) as { groups: { frames: string[] }[] }[]).flatMap(({ groups }) => groups.flatMap((group) => group.frames));
    const sealedMessages = [...relayed.map(({ data }) => Buffer.from(String(data.sealed), 'base64url')), ...frames.map((frame) => Buffer.from(frame, 'base64'))];
    assert.deepEqual(sealedMessages.filter((bytes) => bytes[0] !== 1 || bytes.length < 1 + 12 + 16), [], 'each is version 1, an IV, a ciphertext and its tag');
    const streams = recordedStreams(chunks);
    assert.notDeepEqual(sightingsOf(streams, Buffer.from(room)), [], 'the search finds what the server does see: the room id');
    const secrets = {
      'the text typed on a direct link': Buffer.from(marker),
      'the text typed on the relayed page': Buffer.from(relayedMarker),
      'a DTLS fingerprint': Buffer.from('a=fingerprint'),
      'the room key as the page has it': Buffer.from(roomKey),
      'the room key’s bytes': Buffer.from(roomKey, 'base64url'),
    };
    const seen = Object.fromEntries(Object.entries(secrets).map(([what, secret]) => [what, sightingsOf(streams, secret)]));
    assert.deepEqual(seen, Object.fromEntries(Object.keys(secrets).map((what) => [what, []])), 'what the server saw of each secret');
  });

  describe('a server that tampers with the session descriptions it relays', () => {
    async function assertRefused(room: string, roomKey: string, rewrites: () => number): Promise<void> {
      const openedAt = Date.now();
      const ada = await visit(room, { name: 'Ada', roomKey });
      const bea = await visit(room, { name: 'Bea', roomKey });
      await eventually('a page refuses the other’s session description, naming it', async () =>
        (await roomErrorsOf(ada)).some((message) => /could not open messages from Bea/.test(message)) ||
        (await roomErrorsOf(bea)).some((message) => /could not open messages from Ada/.test(message)), 20_000);
      // Long enough for a direct connection to open, had either page accepted what the proxy made of the other's offer.
      await sleep(Math.max(0, openedAt + 10_000 - Date.now()));
      assert.ok(rewrites() > 0, 'the proxy rewrote session descriptions');
      for (const [page, peer] of [[ada, 'Bea'], [bea, 'Ada']] as const) {
        assert.ok(!(await everStatesOf(page)).includes(`${peer}:direct`), `no direct connection to ${peer}, ever`);
        assert.ok(!(await statesOf(page)).includes(`${peer}:direct`), `no direct connection to ${peer} now`);
      }
      await closeAll([ada, bea]);
    }

    it('refuses one whose sealed bytes were changed', async () => {
      let rewrites = 0;
      proxy.rewriteRequests({
        appliesTo: isSessionDescriptionRelay,
        rewrite: (body) => rewriteSignal(body, (data) => {
          if (typeof data.sealed !== 'string') return data;
          rewrites++;
          return { sealed: flipOneCharacter(data.sealed) };
        }),
      });
      try {
        await assertRefused(randomId(), generateRoomKey(), () => rewrites);
      } finally {
        proxy.rewriteRequests(null);
      }
    });

    it('refuses an unsealed one the server put in its place: its own offer, with its own fingerprint', async () => {
      const server = await newVisitorPage(stack.browser);
      const serverOffer = await server.evaluate(async () => {
        const connection = new RTCPeerConnection();
        connection.createDataChannel('draw-room');
        const offer = await connection.createOffer();
        connection.close();
        return offer.sdp!;
      });
      await server.context().close();
      let rewrites = 0;
      proxy.rewriteRequests({
        appliesTo: isSessionDescriptionRelay,
        rewrite: (body) => rewriteSignal(body, () => {
          rewrites++;
          return { description: { type: 'offer', sdp: serverOffer } };
        }),
      });
      try {
        await assertRefused(randomId(), generateRoomKey(), () => rewrites);
      } finally {
        proxy.rewriteRequests(null);
      }
    });
  });

  it('works unencrypted, as before, without a key', async () => {
    const room = randomId();
    const ada = await visit(room, { name: 'Ada' });
    const bea = await visit(room, { name: 'Bea' });
    await eventually('they connect directly', async () =>
      (await statesOf(ada)).join() === 'Bea:direct' && (await statesOf(bea)).join() === 'Ada:direct', 20_000);
    await drawTogether(ada, bea);
    assert.deepEqual([await encryptedOf(ada), await encryptedOf(bea)], [false, false]);
    const shownUnencrypted = { encrypted: false, notEncrypted: true };
    assert.deepEqual([await shownEncryption(ada), await shownEncryption(bea)], [shownUnencrypted, shownUnencrypted]);
    await closeAll([ada, bea]);
  });
});
