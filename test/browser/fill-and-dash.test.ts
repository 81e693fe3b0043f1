/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import '../../components/index.js';
import type { DrawRoom } from '../../components/elements/draw-room.js';
import type { DrawSettings } from '../../components/drawing/draw-settings.js';
import { countPixels, drag, mountRoom, unmountAll } from './helpers.js';

const BLUE = '#1760cf';

function use(room: DrawRoom, settings: Partial<DrawSettings>): void {
  const detail: DrawSettings = { tool: 'pen', color: BLUE, width: 8, fontSize: 40, ...settings };
  room.dispatchEvent(new CustomEvent('draw-toolbar-settings', { detail }));
}

/** The blue pixels of one item drawn with `settings` by a drag, on a fresh board. */
async function pixelsOf(settings: Partial<DrawSettings>, from: [number, number], to: [number, number]): Promise<number> {
  const room = await mountRoom();
  use(room, settings);
  await drag(room, from, to);
  const pixels = countPixels(room, BLUE);
  unmountAll();
  return pixels;
}

describe('<draw-room> fill and dash', () => {
  afterEach(unmountAll);

  it('fills a rectangle and an ellipse with their colour when fill is on', async () => {
    for (const tool of ['rect', 'ellipse'] as const) {
      const outlined = await pixelsOf({ tool }, [0.3, 0.3], [0.6, 0.7]);
      const filled = await pixelsOf({ tool, fill: true }, [0.3, 0.3], [0.6, 0.7]);
      expect(filled, tool).to.be.greaterThan(outlined * 3);
    }
  });

  it('dashes lines, outlines and pen strokes when dash is on', async () => {
    for (const tool of ['line', 'rect', 'pen'] as const) {
      const solid = await pixelsOf({ tool }, [0.2, 0.3], [0.8, 0.6]);
      const dashed = await pixelsOf({ tool, dash: true }, [0.2, 0.3], [0.8, 0.6]);
      expect(dashed, tool).to.be.within(solid * 0.4, solid * 0.8);
    }
  });

  it('exports fill and dash in the SVG', async () => {
    const room = await mountRoom();
    use(room, { tool: 'ellipse', fill: true });
    await drag(room, [0.1, 0.1], [0.3, 0.3]);
    use(room, { tool: 'arrow', dash: true });
    await drag(room, [0.4, 0.4], [0.8, 0.4]);
    use(room, { tool: 'pen', dash: true });
    await drag(room, [0.1, 0.8], [0.6, 0.9]);
    const svg = new DOMParser().parseFromString(room.toSVG(), 'image/svg+xml');
    expect(svg.querySelector('parsererror')).to.equal(null);
    expect(svg.querySelector('ellipse')!.getAttribute('fill')).to.equal(BLUE);
    expect(svg.querySelector('line')!.getAttribute('stroke-dasharray')).to.equal('24 16');
    expect(svg.querySelector('polygon')!.getAttribute('fill')).to.equal(BLUE, 'the head stays solid');
    expect(svg.querySelector('polyline')!.getAttribute('stroke-dasharray')).to.equal('24 16');
  });
});
