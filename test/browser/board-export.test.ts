/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import type { BoardItem } from '../../components/drawing/board-items.js';
import { EXPORT_MARGIN, boardToPng, boardToSvg } from '../../components/render/board-export.js';

const BLUE = '#1760cf';
const stroke = (id: string, points: number[]): BoardItem => ({ id, author: 'a', kind: 'stroke', color: BLUE, width: 10, points });

/** The PNG's size and whether its pixel at board point (x, y) of an export starting at (left, top) is blue. */
async function pngOf(items: BoardItem[]): Promise<{ width: number; height: number; blueAt(x: number, y: number): boolean }> {
  const image = await createImageBitmap(await boardToPng(items, '#ffffff'));
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0);
  return {
    width: image.width,
    height: image.height,
    blueAt: (x, y) => {
      const [r, g, b] = context.getImageData(x, y, 1, 1).data;
      return r === 0x17 && g === 0x60 && b === 0xcf;
    },
  };
}

describe('exports of a board that reaches beyond the home area', () => {
  it('export the 1600 × 1000 home area, as before, when everything lies inside it or nothing is drawn', async () => {
    for (const items of [[], [stroke('in', [100, 100, 0.5, 1500, 900, 0.5])]]) {
      const svg = new DOMParser().parseFromString(boardToSvg(items, '#ffffff'), 'image/svg+xml').documentElement;
      expect([svg.getAttribute('width'), svg.getAttribute('height'), svg.getAttribute('viewBox')]).to.deep.equal(['1600', '1000', '0 0 1600 1000']);
      const png = await pngOf(items);
      expect([png.width, png.height]).to.deep.equal([1600, 1000]);
    }
  });

  it('export everything drawn, with a margin, once anything lies outside the home area', async () => {
    // From (-3000, 200) to (100, 600): a stroke drawn after panning far to the left, ending on the home area.
    const items = [stroke('far', [-3000, 200, 0.5, 100, 600, 0.5])];
    const [left, top] = [-3000 - 5 - EXPORT_MARGIN, 200 - 5 - EXPORT_MARGIN];
    const [width, height] = [3100 + 10 + 2 * EXPORT_MARGIN, 400 + 10 + 2 * EXPORT_MARGIN];
    const svg = new DOMParser().parseFromString(boardToSvg(items, '#ffffff'), 'image/svg+xml').documentElement;
    expect(svg.getAttribute('viewBox')).to.equal(`${left} ${top} ${width} ${height}`);
    const png = await pngOf(items);
    expect([png.width, png.height]).to.deep.equal([width, height]);
    expect(png.blueAt(-3000 - left + 2, 200 - top), 'the far end is painted').to.equal(true);
    expect(png.blueAt(100 - left - 2, 600 - top), 'the near end is painted').to.equal(true);
  });
});
