import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { roomLink } from '../support/room-link.js';

/** Starts recording the page's `draw-room-participants` events: each as "name:state" of every participant. */
async function recordParticipantEvents(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[][] = [];
    window.participantEvents = seen;
    // Typed by the element's event map: no cast for `detail`.
    document.querySelector<DrawRoom>('draw-room')!.addEventListener('draw-room-participants', (event) =>
      seen.push(event.detail.participants.map(({ name, state }) => `${name}:${state}`).sort()));
  });
}
const participantEvents = (page: Page) => page.evaluate(() => window.participantEvents!);

/**
 * Where the page shows the cursor of this #rrggbb presence colour: its tip's x as a fraction (0–1) of the board's
 * width, or null when there is none.
 */
function cursorAt(page: Page, color: string): Promise<number | null> {
  return page.evaluate((color) => {
    const room = document.querySelector('draw-room')!.shadowRoot!;
    const board = room.querySelector('[part="board"]')!.getBoundingClientRect();
    const cursor = [...room.querySelectorAll<HTMLElement>('[part~="cursor"]')]
      .find((element) => getComputedStyle(element).getPropertyValue('--cursor-color').trim() === color);
    return cursor ? (cursor.getBoundingClientRect().x - board.x) / board.width : null;
  }, color);
}

/** Moves the mouse over the board (no button pressed) to (fx, fy) of the canvas box. */
async function hover(page: Page, fx: number, fy: number): Promise<void> {
  const box = await page.locator('draw-room canvas.live').boundingBox();
  if (!box) throw new Error('the board canvas is not visible');
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 15 });
}

describe('draw-room-participants in real Chromium pages', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  it('fires when someone joins, renames or leaves, never for a cursor move', async () => {
    const roomUrl = roomLink(stack.server.url, 'ParticipantsRoom_0123456789');
    const ann = await stack.visitUrl(roomUrl);
    const bob = await stack.visitUrl(roomUrl);
    const bobName = await bob.inputValue('#name');
    const colorOf = (page: Page, local: boolean) => page.evaluate((local) =>
      document.querySelector<DrawRoom>('draw-room')!.participants.find((p) => p.local === local && p.clientId !== null)?.color, local);
    await eventually('ann lists bob, connected directly, in the colour bob announces', async () =>
      (await ann.evaluate((name) => document.querySelector<DrawRoom>('draw-room')!.participants
        .some((p) => p.name === name && p.state === 'direct'), bobName)) && (await colorOf(ann, false)) === (await colorOf(bob, true)));
    const bobColor = (await colorOf(bob, true))!;
    await recordParticipantEvents(ann);
    await recordParticipantEvents(bob);

    // Bob's cursor crosses the board and ann sees it move: presence changed, the participants did not.
    await hover(bob, 0.15, 0.5);
    await eventually('ann sees bob\'s cursor on the left', async () => ((await cursorAt(ann, bobColor)) ?? 1) < 0.3);
    await hover(bob, 0.85, 0.5);
    await eventually('ann sees bob\'s cursor on the right', async () => ((await cursorAt(ann, bobColor)) ?? 0) > 0.7);
    await hover(bob, 0.5, 0.2);
    await eventually('ann sees bob\'s cursor in the middle', async () => Math.abs(((await cursorAt(ann, bobColor)) ?? 0) - 0.5) < 0.1);
    assert.deepEqual(await participantEvents(ann), [], 'no participants event on ann for bob\'s cursor moves');
    assert.deepEqual(await participantEvents(bob), [], 'none on bob for his own');

    await bob.locator('#name').fill('Bob Builder');
    await bob.locator('#name').press('Enter');
    await eventually('ann is told bob renamed', async () =>
      (await participantEvents(ann)).some((names) => names.includes('Bob Builder:direct')));
    await eventually('bob is told too', async () => (await participantEvents(bob)).some((names) => names.includes('Bob Builder:self')));

    const carol = await stack.visitUrl(roomUrl);
    const carolName = await carol.inputValue('#name');
    await eventually('ann is told carol joined', async () =>
      (await participantEvents(ann)).some((names) => names.includes(`${carolName}:direct`)));
    const beforeLeaving = (await participantEvents(ann)).length;
    await carol.context().close();
    await eventually('ann is told carol left', async () => {
      const events = await participantEvents(ann);
      return events.length > beforeLeaving && !events.at(-1)!.some((entry) => entry.startsWith(`${carolName}:`));
    }, 30_000);
    await ann.context().close();
    await bob.context().close();
  });
});
