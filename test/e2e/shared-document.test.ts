import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { boardDigest, countLivePixels, countPixels, documentSummary, drawLine, peerNames, pickColor, pickTool } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';

const RED = '#cf1717';
const BLUE = '#1760cf';

describe('a shared document in real Chromium pages', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());
  const visit = (room: string, username: string) => stack.visit(room, username);

  async function sameBoards(what: string, pages: Page[]): Promise<void> {
    await eventually(what, async () => {
      const summaries = await Promise.all(pages.map((page) => documentSummary(page)));
      const digests = await Promise.all(pages.map((page) => boardDigest(page)));
      return new Set(summaries).size === 1 && new Set(digests).size === 1;
    });
  }

  it('shows a late joiner the same pixels, and keeps both identical through undo and a cross-user erase', async () => {
    const room = 'shared-doc-late-join';
    const alice = await visit(room, 'alice');
    await pickColor(alice, RED);
    await drawLine(alice, [0.1, 0.2], [0.9, 0.25]);
    await drawLine(alice, [0.1, 0.5], [0.9, 0.55]);
    await drawLine(alice, [0.1, 0.8], [0.9, 0.85]);
    await pickTool(alice, 'rect');
    await drawLine(alice, [0.3, 0.3], [0.7, 0.7]);
    assert.match(await documentSummary(alice), /^\{"items":\["stroke:[^"]+","stroke:[^"]+","stroke:[^"]+","rect:[^"]+"\]/);

    const bob = await visit(room, 'bob');
    await sameBoards('bob, joining late, shows the same pixels as alice', [alice, bob]);

    await alice.locator('draw-room [part="board"]').press('Control+z');
    await eventually('the undo reaches bob', async () => !(await documentSummary(bob)).includes('rect:'));
    await sameBoards('both match after alice undoes her rectangle', [alice, bob]);

    const before = await countPixels(bob, RED);
    await pickTool(bob, 'eraser');
    await drawLine(bob, [0.5, 0.45], [0.5, 0.6]);
    await eventually('bob erased alice\'s middle stroke', async () => (await countPixels(alice, RED)) < before * 0.8);
    await sameBoards('both match after bob erases one of alice\'s strokes', [alice, bob]);
    assert.equal(JSON.parse(await documentSummary(alice)).items.length, 2);

    // Undo is per user: bob's undo brings back the stroke he erased, alice's own undo history is untouched.
    await bob.locator('draw-room [part="board"]').press('Control+z');
    await eventually('bob\'s undo restores the erased stroke for alice', async () => JSON.parse(await documentSummary(alice)).items.length === 3);
    await sameBoards('both match after bob undoes his erase', [alice, bob]);
    for (const page of [alice, bob]) await page.context().close();
  });

  it('shows a rectangle to peers while it is being dragged, before it is committed', async () => {
    const room = 'shared-doc-live-shape';
    const [alice, bob] = [await visit(room, 'alice'), await visit(room, 'bob')];
    await eventually('they see each other', async () => (await peerNames(alice)).length === 1 && (await peerNames(bob)).length === 1);
    await pickColor(alice, BLUE);
    await pickTool(alice, 'rect');
    const box = (await alice.locator('draw-room canvas.live').boundingBox())!;
    await alice.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
    await alice.mouse.down();
    await alice.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.7, { steps: 10 });
    await eventually('bob sees the rectangle on his live layer mid-drag', async () => (await countLivePixels(bob, BLUE)) > 100);
    assert.equal(await countPixels(bob, BLUE), 0, 'nothing is committed yet');
    await alice.mouse.up();
    await eventually('the committed rectangle replaces the live one', async () =>
      (await countPixels(bob, BLUE)) > 100 && (await countLivePixels(bob, BLUE)) === 0);
    for (const page of [alice, bob]) await page.context().close();
  });

  it('lists participants with their names and shows remote cursors', async () => {
    const room = 'shared-doc-presence';
    const [alice, bob] = [await visit(room, 'alice'), await visit(room, 'bob')];
    const names = (page: Page) => page.evaluate(() =>
      document.querySelector<DrawRoom>('draw-room')!.participants.map((p) => p.name).sort().join());
    await eventually('both list alice and bob', async () => (await names(alice)) === 'alice,bob' && (await names(bob)) === 'alice,bob');
    const box = (await alice.locator('draw-room canvas.live').boundingBox())!;
    await alice.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    await eventually('bob sees alice\'s cursor, with her name', async () =>
      (await bob.locator('draw-room [part~="cursor"] [part~="cursor-label"]').allTextContents()).join() === 'alice');
    await alice.context().close();
    await eventually('alice leaves the participant list', async () => (await names(bob)) === 'bob');
    await bob.context().close();
  });

  it('ends four pages drawing at once pixel-identical', async () => {
    const room = 'shared-doc-four-at-once';
    const pages = [await visit(room, 'p1'), await visit(room, 'p2'), await visit(room, 'p3'), await visit(room, 'p4')];
    await eventually('a full mesh of four', async () => (await Promise.all(pages.map((page) => peerNames(page)))).every((names) => names.length === 3));
    await Promise.all(pages.map(async (page, i) => {
      for (let stroke = 0; stroke < 3; stroke++) {
        await drawLine(page, [0.1 + i * 0.2, 0.1 + stroke * 0.3], [0.2 + i * 0.2, 0.3 + stroke * 0.3]);
      }
    }));
    await eventually('every page holds all 12 strokes', async () =>
      (await Promise.all(pages.map((page) => documentSummary(page)))).every((summary) => JSON.parse(summary).items.length === 12));
    await sameBoards('all four boards are pixel-identical', pages);
    for (const page of pages) await page.context().close();
  });
});

describe('a hostile peer in real Chromium pages', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  it('cannot break the others with garbage or a 10 MB message on the data channel, nor erase what is drawn', async () => {
    const room = 'shared-doc-hostile-peer';
    const [victim, attacker] = [await stack.visit(room, 'victim'), await stack.visit(room, 'attacker')];
    await eventually('they connect', async () => (await peerNames(victim)).length === 1 && (await peerNames(attacker)).length === 1);
    await victim.evaluate(() => {
      const errors: string[] = [];
      window.roomErrors = errors;
      document.querySelector<DrawRoom>('draw-room')!.addEventListener('draw-room-error', (event) => errors.push(event.detail.message));
    });
    await pickColor(victim, RED);
    await drawLine(victim, [0.1, 0.5], [0.9, 0.5]);
    await eventually('the attacker has the victim\'s stroke', async () => JSON.parse(await documentSummary(attacker)).items.length === 1);
    const before = await boardDigest(victim);

    // The attacker reaches under its own widget to its open data channels and sends what no widget would.
    const sendErrors = await attacker.evaluate(() => {
      const [channel] = document.querySelector<DrawRoom>('draw-room')!.openDataChannels();
      if (!channel) throw new Error('the attacker has no open data channel');
      const random = (length: number) => crypto.getRandomValues(new Uint8Array(Math.min(length, 65536)));
      const failures: string[] = [];
      const send = (data: string | Uint8Array<ArrayBuffer>) => {
        try {
          channel.send(data as Uint8Array<ArrayBuffer>);
        } catch (error) {
          failures.push(String(error));
        }
      };
      send('{"type":"clear"}');
      for (let i = 0; i < 50; i++) send(random(1 + i * 97));
      for (const kind of [0, 1, 2, 4]) send(Uint8Array.from([kind, 255, 255, 255, 255, 15, 7]));
      // A 10 MB message in one piece is refused by the sender's own browser…
      send(new Uint8Array(10 * 1024 * 1024));
      // …so it goes as chunk frames announcing 10 MB: the victim must refuse it before buffering it.
      const header = Uint8Array.from([3, 0, 0x80, 0x80, 0x80, 0x05, 0]);
      const chunk = new Uint8Array(header.length + 60_000);
      chunk.set(header);
      send(chunk);
      return failures;
    });
    assert.ok(sendErrors.length >= 1, 'the browser itself refuses a 10 MB data-channel message');

    await eventually('the victim reported the garbage', () =>
      victim.evaluate(() => window.roomErrors!.some((message) => /over the 8388608 byte limit/.test(message))));
    assert.equal(await boardDigest(victim), before, 'nothing drawn was lost or changed');
    assert.equal(JSON.parse(await documentSummary(victim)).items.length, 1);

    await pickColor(attacker, BLUE);
    await drawLine(attacker, [0.1, 0.2], [0.9, 0.2]);
    await eventually('the victim still receives real strokes from the same peer', async () => (await countPixels(victim, BLUE)) > 100);
    for (const page of [victim, attacker]) await page.context().close();
  });
});
