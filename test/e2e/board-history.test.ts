import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { boardDigest, drawLine, drawThreeStrokesTogether, itemCount, peerNames, unsyncedOf } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import type { RoomPageOptions } from '../support/host-page.js';
import { roomKeyFor } from '../support/room-link.js';
import { startServerPages, type ServerPages } from '../support/server-pages.js';

const RED = '#cf1717';
const BLUE = '#1760cf';

const toolbarButton = (page: Page, part: string) => page.locator(`draw-room draw-toolbar button[part="${part}"]`);
const historyDialog = (page: Page) => page.locator('draw-room dialog[part="history"]');
const versionButtons = (page: Page) => historyDialog(page).locator('button[part="history-version"]');

describe('History: the board\'s saved versions on the server, previewed and restored', () => {
  let pages: ServerPages;
  const open = (room: string, username: string, options?: RoomPageOptions) => pages.open(room, username, options);
  before(async () => (pages = await startServerPages('e2e-board-history-secret-of-at-least-32-characters')));
  after(() => pages?.close());

  it('never makes a clear final: the board before it is listed, previewed, restored for everyone, and the restore undoes', async () => {
    const room = 'history-clear-restore-room';
    const roomKey = roomKeyFor(room);
    const alice = await open(room, 'alice', { roomKey });
    const bob = await open(room, 'bob', { roomKey });
    await eventually('alice and bob connect', async () => (await peerNames(alice)).length === 1 && (await peerNames(bob)).length === 1);
    await drawThreeStrokesTogether(alice, bob, RED, BLUE);
    await eventually('the server holds them too', async () => (await unsyncedOf(alice)) === 0 && (await unsyncedOf(bob)) === 0);
    const drawn = await boardDigest(alice);

    await toolbarButton(bob, 'clear').click();
    await bob.locator('draw-room dialog[part="confirm-clear"]').getByRole('button', { name: 'Clear board' }).click();
    await eventually('both boards are empty', async () => (await itemCount(alice)) === 0 && (await itemCount(bob)) === 0);

    await toolbarButton(alice, 'history').click();
    await historyDialog(alice).waitFor({ state: 'visible' });
    await eventually('the board before the clear is listed', async () => (await versionButtons(alice).count()) >= 1);
    await versionButtons(alice).first().click();
    const preview = historyDialog(alice).locator('img[part="history-preview"]');
    await preview.waitFor({ state: 'visible' });
    assert.match((await preview.getAttribute('alt')) ?? '', /3 items: 3 strokes/, 'the preview says what the version holds');
    assert.equal(await versionButtons(alice).first().getAttribute('aria-pressed'), 'true');
    assert.equal(await itemCount(alice), 0, 'a preview changes nothing on the board');

    await historyDialog(alice).getByRole('button', { name: 'Restore this version' }).click();
    await historyDialog(alice).waitFor({ state: 'hidden' });
    await eventually('both boards show the 3 strokes again, pixel for pixel', async () =>
      (await itemCount(bob)) === 3 && (await boardDigest(alice)) === drawn && (await boardDigest(bob)) === drawn);

    await alice.locator('draw-room draw-toolbar button[aria-label="Undo"]').click();
    await eventually('undo takes the restore back for both', async () => (await itemCount(alice)) === 0 && (await itemCount(bob)) === 0);
  });

  it('says there is nothing saved yet on a new board, closes on Escape, and changes nothing', async () => {
    const page = await open('history-empty-room', 'solo');
    await drawLine(page, [0.1, 0.2], [0.8, 0.25]);
    await toolbarButton(page, 'history').click();
    await historyDialog(page).waitFor({ state: 'visible' });
    await eventually('the dialog says nothing is saved yet', async () => /No saved versions yet/.test((await historyDialog(page).textContent()) ?? ''));
    await page.keyboard.press('Escape');
    await historyDialog(page).waitFor({ state: 'hidden' });
    assert.equal(await itemCount(page), 1);
  });

  it('shows no History button on a board the server does not keep (persist="local")', async () => {
    const kept = await open('history-button-room', 'kept');
    const local = await open('history-button-room', 'local', { persist: 'local' });
    await toolbarButton(kept, 'history').waitFor({ state: 'visible' });
    assert.equal(await toolbarButton(local, 'history').count(), 0);
  });
});
