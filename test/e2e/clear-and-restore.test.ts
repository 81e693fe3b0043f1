import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { documentSummary, drawLine, peerNames } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';

const clearButton = (page: Page) => page.locator('draw-room draw-toolbar button[part="clear"]');
const restoreButton = (page: Page) => page.locator('draw-room draw-toolbar button[part="restore"]');
const undoButton = (page: Page) => page.locator('draw-room draw-toolbar button[aria-label="Undo"]');
const confirmDialog = (page: Page) => page.locator('draw-room dialog[part="confirm-clear"]');

/** Ids of the items on the page's board, in paint order. */
async function itemIds(page: Page): Promise<string[]> {
  return (JSON.parse(await documentSummary(page)) as { items: string[] }).items;
}

describe('clearing the board and restoring what a clear removed', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  /** Alice and Bob in one room, each having drawn a stroke that both boards hold. */
  async function aliceAndBobDrawOneStrokeEach(room: string): Promise<{ alice: Page; bob: Page; drawn: string[] }> {
    const alice = await stack.visit(room, 'alice');
    const bob = await stack.visit(room, 'bob');
    await eventually('alice and bob see each other', async () =>
      (await peerNames(alice)).join() === 'bob' && (await peerNames(bob)).join() === 'alice');
    await drawLine(alice, [0.2, 0.3], [0.8, 0.3]);
    await drawLine(bob, [0.2, 0.7], [0.8, 0.7]);
    let drawn: string[] = [];
    await eventually('both boards hold both strokes', async () => {
      drawn = await itemIds(alice);
      return drawn.length === 2 && (await itemIds(bob)).join() === drawn.join();
    });
    return { alice, bob, drawn };
  }

  /** Alice clears the board, confirming in the dialog since Bob's stroke is on it; both boards end empty. */
  async function aliceClearsForEveryone(alice: Page, bob: Page): Promise<void> {
    await clearButton(alice).click();
    await confirmDialog(alice).getByRole('button', { name: 'Clear board' }).click();
    await eventually('both boards are empty', async () => (await itemIds(alice)).length === 0 && (await itemIds(bob)).length === 0);
  }

  it('asks before clearing someone else\'s work: Escape and Cancel keep everything, confirming clears both boards', async () => {
    const { alice, bob, drawn } = await aliceAndBobDrawOneStrokeEach('clear-asks-first');

    await clearButton(alice).click();
    await confirmDialog(alice).waitFor({ state: 'visible' });
    assert.match((await confirmDialog(alice).textContent()) ?? '', /1 of the 2 items/, 'the question says how much of the board is others\' work');
    assert.deepEqual(await itemIds(alice), drawn, 'nothing is cleared while the question is open');
    await alice.keyboard.press('Escape');
    await confirmDialog(alice).waitFor({ state: 'hidden' });
    assert.deepEqual(await itemIds(alice), drawn, 'Escape keeps every item on alice\'s board');

    await clearButton(alice).click();
    await confirmDialog(alice).getByRole('button', { name: 'Cancel' }).click();
    await confirmDialog(alice).waitFor({ state: 'hidden' });
    assert.deepEqual(await itemIds(alice), drawn, 'Cancel keeps every item on alice\'s board');
    assert.deepEqual(await itemIds(bob), drawn, 'bob\'s board still holds both strokes');

    await clearButton(alice).click();
    await confirmDialog(alice).getByRole('button', { name: 'Clear board' }).click();
    await eventually('confirming clears both boards', async () => (await itemIds(alice)).length === 0 && (await itemIds(bob)).length === 0);
    assert.equal(await confirmDialog(alice).count(), 0, 'the question is gone once answered');
    await alice.context().close();
    await bob.context().close();
  });

  it('lets someone other than the one who cleared restore both strokes, with their ids, on both boards', async () => {
    const { alice, bob, drawn } = await aliceAndBobDrawOneStrokeEach('clear-then-restore');
    assert.equal(await restoreButton(bob).count(), 0, 'there is nothing to restore before a clear');

    await aliceClearsForEveryone(alice, bob);
    await restoreButton(bob).waitFor({ state: 'visible' });
    await restoreButton(alice).waitFor({ state: 'visible' });
    await restoreButton(bob).click();

    await eventually('both boards hold both strokes again, same ids in the same order', async () =>
      (await itemIds(alice)).join() === drawn.join() && (await itemIds(bob)).join() === drawn.join());
    await restoreButton(bob).waitFor({ state: 'detached' });
    await restoreButton(alice).waitFor({ state: 'detached' });
    await alice.context().close();
    await bob.context().close();
  });

  it('lets the one who restored undo the restore, emptying both boards again', async () => {
    const { alice, bob, drawn } = await aliceAndBobDrawOneStrokeEach('restore-then-undo');
    await aliceClearsForEveryone(alice, bob);
    await restoreButton(bob).click();
    await eventually('both boards hold both strokes again', async () =>
      (await itemIds(alice)).join() === drawn.join() && (await itemIds(bob)).join() === drawn.join());

    await undoButton(bob).click();
    await eventually('undoing the restore empties both boards', async () =>
      (await itemIds(alice)).length === 0 && (await itemIds(bob)).length === 0);
    await alice.context().close();
    await bob.context().close();
  });

  it('clears a board holding only your own strokes at once, without asking', async () => {
    const page = await stack.visit('clear-own-work-only', 'ada');
    await drawLine(page, [0.2, 0.3], [0.8, 0.3]);
    await drawLine(page, [0.2, 0.7], [0.8, 0.7]);
    await eventually('the board holds both strokes', async () => (await itemIds(page)).length === 2);

    await clearButton(page).click();
    await eventually('the board is cleared', async () => (await itemIds(page)).length === 0);
    assert.equal(await confirmDialog(page).count(), 0, 'no question was asked');
    await page.context().close();
  });
});
