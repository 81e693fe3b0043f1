import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { drawLine, peerNames, pickTool } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';

const BOARD = 'draw-room [part="board"]';

/** The board's accessible description: the text of the elements its aria-describedby names, in order. */
function boardDescription(page: Page): Promise<string> {
  return page.locator(BOARD).evaluate((board) => (board.getAttribute('aria-describedby') ?? '').split(/\s+/)
    .map((id) => board.getRootNode() instanceof ShadowRoot ? (board.getRootNode() as ShadowRoot).getElementById(id)?.textContent ?? '' : '')
    .join(' ').replace(/\s+/g, ' ').trim());
}

/** What the widget's polite live region holds, line by line. */
function announcements(page: Page): Promise<string[]> {
  return page.locator('draw-room [role="log"][aria-live="polite"]').evaluate((log) => [...log.querySelectorAll('p')].map((line) => line.textContent ?? ''));
}

describe('the board described and announced', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  it("describes what is on the board in its accessible description: strokes counted, texts quoted", async () => {
    const page = await stack.visit('described-board-room', 'writer');
    assert.match(await boardDescription(page), /^Empty board\b/);
    await drawLine(page, [0.2, 0.3], [0.6, 0.3]);
    await drawLine(page, [0.2, 0.5], [0.6, 0.5]);
    await pickTool(page, 'text');
    const box = (await page.locator('draw-room canvas.live').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.8);
    await page.keyboard.type('Plan');
    await page.keyboard.press('Enter');
    await eventually('the description counts 2 strokes and quotes the text', async () =>
      (await boardDescription(page)).startsWith("3 items: 2 strokes, 1 text 'Plan'"));
    await page.context().close();
  });

  it('tells bob, politely and by name, that alice joined and that she cleared the board; never his own doings', async () => {
    const room = 'announced-board-room';
    const bob = await stack.visit(room, 'bob');
    const alice = await stack.visit(room, 'alice');
    await eventually('they see each other', async () => (await peerNames(alice)).join() === 'bob' && (await peerNames(bob)).join() === 'alice');
    await eventually("bob's live region says alice joined", async () => (await announcements(bob)).includes('alice joined'));
    assert.deepEqual(await announcements(alice), [], 'bob was there before alice: no news for her');

    await drawLine(alice, [0.2, 0.3], [0.8, 0.3]);
    await eventually('bob has alice\'s stroke', () => bob.evaluate(() => document.querySelector<DrawRoom>('draw-room')!.drawing.items.length === 1));
    // Everything on the board is alice's own: the toolbar clears at once.
    await alice.locator('draw-room draw-toolbar button[part="clear"]').click();
    await eventually("bob's live region says alice cleared the board", async () => (await announcements(bob)).includes('alice cleared the board'));
    assert.deepEqual(await announcements(alice), [], 'alice is not told of her own clear');

    await alice.context().close();
    await eventually("bob's live region says alice left", async () => (await announcements(bob)).includes('alice left'), 30_000);
    await bob.context().close();
  });
});
