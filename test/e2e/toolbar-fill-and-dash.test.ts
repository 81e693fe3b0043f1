import type { DrawRoom } from '../../components/elements/draw-room.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { drawLine, pickTool } from '../support/board.js';
import { eventually } from '../support/eventually.js';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.js';
import { randomId } from '../../protocol/random-id.js';
import { roomLink } from '../support/room-link.js';

const TOOLBAR = 'draw-room draw-toolbar';

/** The page's items as its document holds them: kind, fill and dash. */
function drawnStyles(page: Page): Promise<Array<{ kind: string; fill: boolean; dash: boolean }>> {
  return page.evaluate(() =>
    document.querySelector<DrawRoom>('draw-room')!.drawing.items.map((item) =>
      ({ kind: item.kind, fill: 'fill' in item && item.fill === true, dash: 'dash' in item && item.dash === true })));
}

describe('the toolbar\'s fill and dash toggles, clicked in a real page', () => {
  let stack: E2eStack;
  before(async () => (stack = await startE2eStack()));
  after(() => stack?.close());

  it('fills the next rectangle and dashes the next line, and neither once toggled off', async () => {
    const page = await stack.visitUrl(roomLink(stack.server.url, randomId()), 'draw-room');
    const fill = page.locator(`${TOOLBAR} [part="fill"]`);
    const dash = page.locator(`${TOOLBAR} [part="dash"]`);
    assert.equal(await fill.getAttribute('aria-disabled'), 'true', 'the pen has nothing to fill');

    await pickTool(page, 'rect');
    await fill.click();
    assert.equal(await fill.getAttribute('aria-pressed'), 'true');
    await drawLine(page, [0.2, 0.2], [0.4, 0.4]);
    await eventually('the rectangle is drawn', async () => (await drawnStyles(page)).length === 1);

    await pickTool(page, 'line');
    assert.equal(await fill.getAttribute('aria-disabled'), 'true', 'a line has nothing to fill');
    await dash.click();
    await drawLine(page, [0.5, 0.2], [0.8, 0.4]);

    await pickTool(page, 'ellipse');
    await fill.click();
    await dash.click();
    assert.equal(await fill.getAttribute('aria-pressed'), 'false');
    await drawLine(page, [0.2, 0.6], [0.4, 0.8]);

    await eventually('the three items are drawn', async () => (await drawnStyles(page)).length === 3);
    assert.deepEqual(await drawnStyles(page), [
      { kind: 'rect', fill: true, dash: false },
      { kind: 'line', fill: false, dash: true },
      { kind: 'ellipse', fill: false, dash: false },
    ]);
    await page.context().close();
  });
});
