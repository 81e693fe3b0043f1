import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { contrastRatio } from '../../components/drawing/color-contrast.js';
import { seriousViolations } from '../support/axe.js';
import { boardDigest, drawLine, itemCount } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';

const BOARD = 'draw-room [part="board"]';
const LIST = 'draw-room [part="participants"]';
/** One wheel notch as Chromium reports it. */
const NOTCH = 100;

interface Box { x: number; y: number; width: number; height: number }

/** What the list shows for each person, in order: initials, accessible name, colours and pressed state. */
function listed(page: Page): Promise<Array<{ initials: string; label: string; background: string; text: string; pressed: string | null; button: boolean }>> {
  return page.evaluate(() => {
    const toHex = (rgb: string) => `#${(rgb.match(/\d+/g) ?? []).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
    const list = document.querySelector('draw-room')!.shadowRoot!.querySelector('[part="participants"]');
    return [...(list?.querySelectorAll<HTMLElement>('[part~="participant"]') ?? [])].map((avatar) => ({
      initials: avatar.textContent!.trim(),
      label: avatar.getAttribute('aria-label') ?? '',
      background: toHex(getComputedStyle(avatar).backgroundColor),
      text: toHex(getComputedStyle(avatar).color),
      pressed: avatar.getAttribute('aria-pressed'),
      button: avatar.localName === 'button',
    }));
  });
}

/** Someone's presence colour as the page's `participants` has it. */
function colorOf(page: Page, name: string): Promise<string | undefined> {
  return page.evaluate((name) => document.querySelector<DrawRoom>('draw-room')!.participants.find((p) => p.name === name)?.color, name);
}

async function canvasBox(page: Page): Promise<Box> {
  const box = await page.locator('draw-room canvas.live').boundingBox();
  if (!box) throw new Error('the board canvas is not visible');
  return box;
}

const avatarOf = (page: Page, name: string) => page.locator(`${LIST} [part~="participant"][aria-label^="${name},"]`);

describe('the participant list, and following someone\'s view', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  it('shows everyone as initials in their colour with their link state, this user first, and never resizes the board', async () => {
    const room = 'participant-list-people';
    const alice = await stack.visit(room, 'alice');
    await eventually('alice lists herself', async () => (await listed(alice)).length === 1);
    const alone = await canvasBox(alice);
    const bob = await stack.visit(room, 'Bob Builder');
    await eventually('bob lists alice, connected directly', async () => (await listed(bob)).some((p) => p.label === 'alice, connected directly'));
    await eventually('alice lists bob', async () => (await listed(alice)).length === 2);

    const [self, other] = await listed(bob);
    assert.equal(self!.label, 'Bob Builder (you)', 'this user comes first, marked "(you)"');
    assert.equal(self!.initials, 'BB');
    assert.equal(self!.button, false, 'no one follows themselves');
    assert.equal(other!.initials, 'A');
    assert.equal(other!.background, await colorOf(bob, 'alice'), 'alice in her presence colour');
    assert.ok(contrastRatio(other!.text, other!.background) >= 4.5, `initials readable on the colour: ${other!.text} on ${other!.background}`);
    assert.equal(other!.pressed, 'false', 'a toggle button, not pressed');
    assert.match(await avatarOf(bob, 'alice').getAttribute('title') ?? '', /^alice, connected directly\. Click to follow their view$/);

    assert.deepEqual(await seriousViolations(bob, { fromShadowDom: ['draw-room', '[part="participants"]'] }), [], 'axe finds nothing serious in the list');
    assert.deepEqual(await canvasBox(alice), alone, 'bob coming did not resize alice\'s board');
    const carol = await stack.visit(room, 'Carolina Fernández de la Vega');
    await eventually('alice lists carol', async () => (await listed(alice)).some((p) => p.initials === 'CV'));
    assert.deepEqual(await canvasBox(alice), alone, 'a third person with a long name did not resize it');
    await carol.context().close();
    await eventually('carol is gone from alice\'s list', async () => (await listed(alice)).length === 2);
    assert.deepEqual(await canvasBox(alice), alone, 'nor did her leaving');
    await alice.context().close();
    await bob.context().close();
  });

  it('shows alice\'s view on bob\'s board while bob follows her, until Escape, a second click or bob\'s own pan, and never passes it on as his', async () => {
    const room = 'participant-list-follow';
    const alice = await stack.visit(room, 'alice');
    const bob = await stack.visit(room, 'bob');
    const carol = await stack.visit(room, 'carol');
    await eventually('bob and carol list alice', async () =>
      (await listed(bob)).some((p) => p.label === 'alice, connected directly') && (await listed(carol)).some((p) => p.label === 'alice, connected directly'));
    assert.deepEqual(await canvasBox(bob), await canvasBox(alice), 'the pages are the same size, so their pixels compare');

    // Something to see a view by, then alice zooms in around a point left of centre.
    await drawLine(alice, [0.2, 0.3], [0.7, 0.6]);
    await eventually('bob has alice\'s stroke', async () => (await itemCount(bob)) === 1 && (await itemCount(carol)) === 1);
    const canvas = await canvasBox(alice);
    await alice.mouse.move(canvas.x + canvas.width * 0.3, canvas.y + canvas.height * 0.4);
    await alice.keyboard.down('Control');
    for (let notch = 0; notch < 3; notch++) await alice.mouse.wheel(0, -NOTCH);
    await alice.keyboard.up('Control');
    await alice.locator(BOARD).focus();
    await alice.keyboard.press('Equal');
    const zoomed = await boardDigest(alice);
    assert.notEqual(await boardDigest(bob), zoomed, 'bob still shows his own view');

    await avatarOf(bob, 'alice').click();
    await eventually('bob\'s board shows what alice\'s shows', async () => (await boardDigest(bob)) === zoomed);
    assert.equal(await avatarOf(bob, 'alice').getAttribute('aria-pressed'), 'true', 'alice shows as followed');
    assert.match(await avatarOf(bob, 'alice').getAttribute('title') ?? '', /Following their view/);

    // Alice moves on: bob's view tracks hers.
    await alice.mouse.wheel(NOTCH, NOTCH);
    await eventually('alice\'s view moved', async () => (await boardDigest(alice)) !== zoomed);
    const panned = await boardDigest(alice);
    await eventually('bob\'s board follows alice\'s pan', async () => (await boardDigest(bob)) === panned);

    await bob.keyboard.press('Escape');
    assert.equal(await avatarOf(bob, 'alice').getAttribute('aria-pressed'), 'false', 'Escape stops following');
    await avatarOf(bob, 'alice').press('Enter');
    assert.equal(await avatarOf(bob, 'alice').getAttribute('aria-pressed'), 'true', 'Enter follows again');
    await avatarOf(bob, 'alice').click();
    assert.equal(await avatarOf(bob, 'alice').getAttribute('aria-pressed'), 'false', 'a second click stops');
    await avatarOf(bob, 'alice').click();
    await avatarOf(carol, 'alice').click();
    await eventually('carol follows alice too', async () => (await boardDigest(carol)) === panned);

    // Bob pans his own board: the view is his again.
    const bobCanvas = await canvasBox(bob);
    await bob.mouse.move(bobCanvas.x + bobCanvas.width / 2, bobCanvas.y + bobCanvas.height / 2);
    await bob.mouse.wheel(0, NOTCH);
    assert.equal(await avatarOf(bob, 'alice').getAttribute('aria-pressed'), 'false', 'bob\'s pan stopped the follow');
    const bobOwn = await boardDigest(bob);
    assert.notEqual(bobOwn, panned, 'bob\'s pan moved his view off alice\'s');

    await alice.keyboard.press('Digit0');
    const home = await boardDigest(alice);
    // Carol still follows: once she shows alice's new view, alice sent it, and a rename after it reaches bob after it.
    await eventually('carol shows alice\'s home view', async () => (await boardDigest(carol)) === home);
    await alice.evaluate(() => (document.querySelector<DrawRoom>('draw-room')!.username = 'alice again'));
    await eventually('bob knows alice\'s new name', async () => (await listed(bob)).some((p) => p.label === 'alice again, connected directly'));
    assert.equal(await boardDigest(bob), bobOwn, 'bob\'s board stayed where he panned it');

    // Carol follows bob; bob follows alice again. What bob shows from alice is hers: he does not send it on as his.
    await avatarOf(carol, 'bob').click();
    await eventually('carol shows bob\'s own view', async () => (await boardDigest(carol)) === bobOwn);
    await avatarOf(bob, 'alice again').click();
    await eventually('bob shows alice\'s view again', async () => (await boardDigest(bob)) === home);
    await bob.evaluate(() => (document.querySelector<DrawRoom>('draw-room')!.username = 'bob again'));
    await eventually('carol knows bob\'s new name', async () => (await listed(carol)).some((p) => p.label === 'bob again, connected directly'));
    assert.equal(await boardDigest(carol), bobOwn, 'carol still shows the view bob chose, not the one he follows');
    for (const page of [alice, bob, carol]) await page.context().close();
  });
});
