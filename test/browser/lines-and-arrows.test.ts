/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import '../../components/index.js';
import type { DrawRoom } from '../../components/elements/draw-room.js';
import type { DrawSettings } from '../../components/drawing/draw-settings.js';
import { itemOfKind } from '../support/items.js';
import { countPixels, drag, mountRoom, unmountAll } from './helpers.js';

const BLUE = '#1760cf';

function use(room: DrawRoom, settings: Partial<DrawSettings>): void {
  const detail: DrawSettings = { tool: 'pen', color: BLUE, width: 8, fontSize: 40, ...settings };
  room.dispatchEvent(new CustomEvent('draw-toolbar-settings', { detail }));
}

describe('<draw-room> lines and arrows', () => {
  afterEach(unmountAll);

  it('draws a line from the press to the release and paints it', async () => {
    const room = await mountRoom();
    use(room, { tool: 'line' });
    await drag(room, [0.2, 0.3], [0.8, 0.6]);
    const item = itemOfKind(room.drawing.items[0], 'line');
    // Down and right, around the middle of the board (the drag's middle is the canvas's, 0.45 of its height).
    expect(item.w).to.be.greaterThan(1000);
    expect(item.h).to.be.greaterThan(250);
    expect(item.x + item.w / 2).to.be.closeTo(800, 1);
    expect(countPixels(room, BLUE)).to.be.greaterThan(300);
  });

  it('paints an arrow as its line and a filled head', async () => {
    const line = await mountRoom();
    use(line, { tool: 'line' });
    await drag(line, [0.2, 0.5], [0.8, 0.5]);
    const linePixels = countPixels(line, BLUE);
    unmountAll();
    const arrow = await mountRoom();
    use(arrow, { tool: 'arrow' });
    await drag(arrow, [0.2, 0.5], [0.8, 0.5]);
    expect(arrow.drawing.items.map((item) => item.kind)).to.deep.equal(['arrow']);
    // A head 32 board pixels long and as wide (8 px stroke) adds about 32 × 32 / 2 − 32 × 8 / 2 = 384 board pixels.
    expect(countPixels(arrow, BLUE) - linePixels).to.be.greaterThan(50);
  });

  it('exports a line as an SVG line and an arrow as a line and a polygon, and both in the PNG', async () => {
    const room = await mountRoom();
    use(room, { tool: 'line' });
    await drag(room, [0.1, 0.2], [0.5, 0.2]);
    use(room, { tool: 'arrow' });
    await drag(room, [0.1, 0.6], [0.5, 0.6]);
    const svg = new DOMParser().parseFromString(room.toSVG(), 'image/svg+xml');
    expect(svg.querySelector('parsererror')).to.equal(null);
    expect([...svg.documentElement.children].map((child) => child.tagName)).to.deep.equal(['rect', 'line', 'line', 'polygon']);
    const arrow = itemOfKind(room.drawing.items[1], 'arrow');
    const [tipX, tipY] = [arrow.x + arrow.w, arrow.y + arrow.h];
    expect(svg.querySelector('polygon')!.getAttribute('points')!.split(' ')[0]).to.equal(`${tipX},${tipY}`);
    const image = await createImageBitmap(await room.toPNG());
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const at = (x: number, y: number) => [...context.getImageData(x, y, 1, 1).data.slice(0, 3)];
    const line = itemOfKind(room.drawing.items[0], 'line');
    expect(at(400, line.y)).to.deep.equal([0x17, 0x60, 0xcf], 'the line');
    // The head of an 8 px arrow is 32 px long and as wide: 25 px before the tip it spans 12.5 px either side.
    expect(at(tipX - 25, tipY + 9)).to.deep.equal([0x17, 0x60, 0xcf], 'the arrow head, beside the shaft');
    expect(at(tipX - 25, tipY + 25)).to.deep.equal([255, 255, 255], 'the background beyond the head');
  });
});
