import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contrastRatio, readableTextOn } from '../../components/drawing/color-contrast.js';
import { PRESENCE_COLORS } from '../../components/drawing/presence-colors.js';
import { placeCursors, placeLabel } from '../../components/render/cursor-geometry.js';

const board = { x: 0, y: 0, width: 1600, height: 1000 };
const label = { width: 80, height: 18 };

describe("a remote cursor's name label", () => {
  it('sits right of and below the arrow in the open', () => {
    const at = placeLabel({ x: 400, y: 300 }, label, board, 1);
    assert.ok(at.x > 400 && at.y > 300, JSON.stringify(at));
  });

  it('flips to the left of a cursor near the right edge, and above one near the bottom, staying on the board', () => {
    const right = placeLabel({ x: 1590, y: 300 }, label, board, 1);
    assert.ok(right.x + label.width <= 1590, `ends left of the cursor: ${JSON.stringify(right)}`);
    const corner = placeLabel({ x: 1590, y: 995 }, label, board, 1);
    assert.ok(corner.x + label.width <= 1600 && corner.y + label.height <= 995, JSON.stringify(corner));
  });

  it('keeps inside the part of the board in view, in board units at any zoom', () => {
    // Zoomed in twice (one CSS pixel is half a board unit), the view showing x 200–600 and y 100–350.
    const view = { x: 200, y: 100, width: 400, height: 250 };
    const at = placeLabel({ x: 590, y: 340 }, { width: 40, height: 9 }, view, 0.5);
    assert.ok(at.x >= view.x && at.x + 40 <= view.x + view.width && at.y >= view.y && at.y + 9 <= view.y + view.height, JSON.stringify(at));
  });

  it('is written in white or black, whichever reads at 4.5:1 or better on the person\'s colour', () => {
    for (const color of [...PRESENCE_COLORS, '#ffffff', '#ffe066', '#000000', '#808080', '#1760cf']) {
      const ratio = contrastRatio(readableTextOn(color), color);
      assert.ok(ratio >= 4.5, `${readableTextOn(color)} on ${color}: ${ratio.toFixed(2)}:1`);
    }
  });
});

describe('cursors placed over the board, in CSS pixels of what this page shows', () => {
  // Zoomed in twice, the view's top left at board (100, 50): a board point lands at 2 × (point − (100, 50)).
  const toCss = ({ x, y }: { x: number; y: number }) => ({ x: (x - 100) * 2, y: (y - 50) * 2 });
  const size = { width: 800, height: 500 };
  const alice = { clientId: 7, x: 300, y: 200, name: 'alice', color: '#cf1717' };

  it('puts the tip where the view shows the board point, the label right of it and below', () => {
    const [placed] = placeCursors([alice], toCss, size, () => ({ width: 40, height: 18 }));
    assert.deepEqual(placed?.tip, { x: 400, y: 300 });
    assert.ok(placed!.label.x > 0 && placed!.label.y > 0, JSON.stringify(placed!.label));
    assert.deepEqual([placed!.color, placed!.textColor], ['#cf1717', readableTextOn('#cf1717')]);
  });

  it('flips a measured label left near the right edge, and keeps it inside the board', () => {
    const nearEdge = { ...alice, x: 100 + 790 / 2 };
    const [placed] = placeCursors([nearEdge], toCss, size, () => ({ width: 60, height: 18 }));
    assert.equal(placed!.tip.x, 790);
    assert.ok(placed!.label.x + 60 <= 0 && placed!.tip.x + placed!.label.x >= 0, JSON.stringify(placed));
  });

  it('shows no cursor outside the part of the board in view', () => {
    const outside = [{ ...alice, x: 99 }, { ...alice, y: 49 }, { ...alice, x: 100 + 801 / 2 }, { ...alice, y: 50 + 501 / 2 }];
    assert.deepEqual(placeCursors(outside, toCss, size, () => undefined), []);
  });

  it('paints someone whose colour is not #rrggbb in grey: nothing but a colour reaches the style', () => {
    const [placed] = placeCursors([{ ...alice, color: 'red; background: url(https://tracker.example)' }], toCss, size, () => undefined);
    assert.equal(placed!.color, '#868e96');
  });
});

