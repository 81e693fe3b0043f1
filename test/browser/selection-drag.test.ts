/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../components/index.js';
import type { DrawRoom } from '../../components/elements/draw-room.js';
import { DrawingDocument } from '../../components/drawing/document.js';
import { canvasOf, inputCanvasOf, mountRoom, nextFrame, unmountAll } from './helpers.js';

const BLUE = '#1760cf';

/** `count` small filled blue squares in a grid over the middle of the home area, its centre among them. */
function squares(count: number): Uint8Array {
  const document = new DrawingDocument();
  document.ydoc.transact(() => {
    for (let i = 0; i < count; i++) {
      const [x, y] = [500 + (i % 20) * 30, 470 + Math.floor(i / 20) * 20];
      document.addItem({ id: `sq${i}`, author: 'a', kind: 'rect', color: BLUE, width: 2, x, y, w: 16, h: 16, fill: true });
    }
  });
  const snapshot = document.snapshot();
  document.destroy();
  return snapshot;
}

/**
 * The blue pixels a layer shows over a white board, and their mean x in canvas pixels. The live layer is transparent:
 * its pixels are laid over white first, as the board layer's antialiased edges are blended into it.
 */
function bluePixels(canvas: HTMLCanvasElement): { count: number; centreX: number } {
  const { data, width } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  const overWhite = (value: number, alpha: number) => (value * alpha + 255 * (255 - alpha)) / 255;
  let [sum, count] = [0, 0];
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3]!;
    const [r, g, b] = [overWhite(data[i]!, alpha), overWhite(data[i + 1]!, alpha), overWhite(data[i + 2]!, alpha)];
    if (Math.abs(r - 0x17) < 12 && Math.abs(g - 0x60) < 12 && Math.abs(b - 0xcf) < 12) {
      sum += (i / 4) % width;
      count++;
    }
  }
  return { count, centreX: count === 0 ? Number.NaN : sum / count };
}

/** A layer's blue pixels once they stay the same for five frames (a board may be painted over several). */
async function steadyBlue(canvas: HTMLCanvasElement): Promise<number> {
  let [count, same] = [bluePixels(canvas).count, 0];
  for (let frame = 0; frame < 300 && same < 5; frame++) {
    await nextFrame();
    const now = bluePixels(canvas).count;
    same = now === count ? same + 1 : 0;
    count = now;
  }
  return count;
}

async function pointerAt(room: DrawRoom, [x, y]: [number, number], type: 'move' | 'down' | 'up'): Promise<void> {
  const box = inputCanvasOf(room).getBoundingClientRect();
  await sendMouse(type === 'move' ? { type, position: [Math.round(box.left + x), Math.round(box.top + y)] } : { type });
}

describe('<draw-room> dragging a selection', () => {
  afterEach(async () => {
    await sendMouse({ type: 'move', position: [0, 0] });
    unmountAll();
  });

  // 60 items are painted one by one each frame; 300 once, into a bitmap drawn through the drag's map.
  for (const count of [60, 300]) {
    it(`shows ${count} selected items on the live layer where they are dragged, none on the board layer, then drops them there`, async () => {
      const room = await mountRoom();
      room.load(squares(count));
      const before = await steadyBlue(canvasOf(room));
      const startX = bluePixels(canvasOf(room)).centreX;
      expect(before).to.be.greaterThan(count * 20);

      room.shadowRoot!.querySelector<HTMLElement>('[part="board"]')!.focus();
      await sendKeys({ press: 'v' });
      await sendKeys({ press: 'Control+a' });
      const canvas = inputCanvasOf(room);
      const centre: [number, number] = [canvas.clientWidth / 2, canvas.clientHeight / 2];
      await pointerAt(room, centre, 'move');
      await pointerAt(room, centre, 'down');
      for (let step = 1; step <= 6; step++) await pointerAt(room, [centre[0] + step * 10, centre[1]], 'move');

      const pixelScale = canvas.width / canvas.clientWidth;
      expect(await steadyBlue(canvasOf(room))).to.equal(0, 'the board layer leaves the dragged items out');
      const live = await steadyBlue(canvas);
      expect(live).to.be.within(before * 0.9, before * 1.1, 'the live layer shows every one of them');
      expect(bluePixels(canvas).centreX - startX).to.be.closeTo(60 * pixelScale, 2 * pixelScale, 'moved with the pointer');

      await pointerAt(room, [centre[0] + 60, centre[1]], 'up');
      expect(await steadyBlue(canvasOf(room))).to.be.within(before * 0.98, before * 1.02, 'dropped on the board layer, sharp');
      expect(bluePixels(canvasOf(room)).centreX - startX).to.be.closeTo(60 * pixelScale, pixelScale);
      expect(bluePixels(canvas).count).to.equal(0, 'nothing left on the live layer but the selection box');
    });
  }
});
