import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmbedHost, type EmbedHost } from '../../examples/embed-host.js';
import { countPixels, drawLine, peerNames, pickColor, pickWidth } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, statusOf, type E2eStack } from '../support/e2e-stack.js';

const RED = '#cf1717';
const GREEN = '#17cf60';

describe('late joiners, clear, and the cross-origin embed example', () => {
  let stack: E2eStack;
  let embed: EmbedHost;
  before(async () => {
    stack = await startE2eStack();
    embed = await startEmbedHost(0, stack.server.url);
  });
  after(async () => {
    await embed?.close();
    await stack?.close();
  });
  const visit = (url: string, selector?: string) => stack.visitUrl(url, selector);

  it('shows a late joiner everything drawn before it came, and syncs clear to everyone', async () => {
    const room = 'late-join-room-1';
    const first = await stack.visit(room, 'first');
    await pickColor(first, RED);
    await drawLine(first, [0.1, 0.2], [0.9, 0.2]);
    await drawLine(first, [0.1, 0.8], [0.9, 0.8]);
    const drawn = await countPixels(first, RED);

    const late = await stack.visit(room, 'late');
    await eventually('the late joiner paints both earlier strokes', async () => (await countPixels(late, RED)) >= drawn * 0.9);

    await late.locator('draw-room draw-toolbar [part="clear"]').click();
    // The strokes are someone else's: the board asks before wiping them for everyone.
    await late.locator('draw-room dialog[part="confirm-clear"] button[value="clear"]').click();
    await eventually('clear reaches the first page', async () => (await countPixels(first, RED)) === 0);
    assert.equal(await countPixels(late, RED), 0);
    for (const page of [first, late]) await page.context().close();
  });

  it('lets a third-party page on another origin embed two isolated rooms', async () => {
    const one = await visit(embed.url, '#left');
    await eventually('both widgets on the page connect', async () => (await statusOf(one, '#right')) === 'connected');
    const sharedUrl = one.url();
    assert.match(sharedUrl, /rooms=[A-Za-z0-9_-]{22}(,|%2C)[A-Za-z0-9_-]{22}/, 'the page keeps its two room ids in its URL');
    assert.notEqual(new URL(sharedUrl).origin, new URL(stack.server.url).origin, 'the embedding page is another origin');

    const two = await visit(sharedUrl, '#left');
    await eventually('the left rooms connect peer to peer', async () =>
      (await peerNames(one, '#left')).length === 1 && (await peerNames(two, '#left')).length === 1);

    await pickColor(one, GREEN, '#left');
    // Each widget is about 420 px wide, a quarter of the board's width: a thicker stroke keeps whole pixels of green.
    await pickWidth(one, 16, '#left');
    await drawLine(one, [0.2, 0.5], [0.8, 0.5], '#left');
    const drawn = await countPixels(one, GREEN, '#left');
    assert.ok(drawn > 100, `the stroke is painted on the left board (${drawn} px)`);
    await eventually('the other window paints it in its left room', async () => (await countPixels(two, GREEN, '#left')) >= drawn * 0.9);
    assert.equal(await countPixels(one, GREEN, '#right'), 0, 'the right room on the same page stays empty');
    assert.equal(await countPixels(two, GREEN, '#right'), 0, 'the right room in the other window stays empty');
    for (const page of [one, two]) await page.context().close();
  });
});
