/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import '../../components/index.js';
import type { DrawRoom } from '../../components/elements/draw-room.js';
import type { DrawSettings } from '../../components/drawing/draw-settings.js';
import { PALETTE } from '../../components/elements/palette.js';
import { PRESENCE_COLORS } from '../../components/drawing/presence-colors.js';
import { itemOfKind } from '../support/items.js';
import { countPixels, drag, inputCanvasOf, mountRoom, nextFrame, unmountAll } from './helpers.js';

const RED = '#cf1717';

function use(room: DrawRoom, settings: Partial<DrawSettings>): void {
  const detail: DrawSettings = { tool: 'pen', color: RED, width: 8, fontSize: 40, ...settings };
  room.dispatchEvent(new CustomEvent('draw-toolbar-settings', { detail }));
}

function press(room: DrawRoom, key: string, modifiers: KeyboardEventInit = {}): void {
  const board = room.shadowRoot!.querySelector('[part="board"]')!;
  board.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...modifiers }));
}

async function click(room: DrawRoom, fx: number, fy: number): Promise<void> {
  const canvas = inputCanvasOf(room);
  const box = canvas.getBoundingClientRect();
  const init = { bubbles: true, composed: true, pointerId: 9, pointerType: 'mouse', button: 0, clientX: box.left + box.width * fx, clientY: box.top + box.height * fy };
  canvas.dispatchEvent(new PointerEvent('pointerdown', init));
  canvas.dispatchEvent(new PointerEvent('pointerup', init));
  await room.updateComplete;
}

const kinds = (room: DrawRoom) => room.drawing.items.map((item) => item.kind);

describe('<draw-room> tools', () => {
  afterEach(unmountAll);

  for (const tool of ['rect', 'ellipse'] as const) {
    it(`draws a ${tool} from the drag's corners and paints its outline`, async () => {
      const room = await mountRoom();
      use(room, { tool });
      await drag(room, [0.25, 0.25], [0.75, 0.75]);
      expect(kinds(room)).to.deep.equal([tool]);
      const item = itemOfKind(room.drawing.items[0], tool);
      expect(Math.sign(item.w)).to.equal(1);
      expect(Math.sign(item.h)).to.equal(1);
      expect(countPixels(room, RED)).to.be.greaterThan(300);
    });
  }

  it('does not commit a shape for a click without a drag', async () => {
    const room = await mountRoom();
    use(room, { tool: 'rect' });
    await click(room, 0.5, 0.5);
    expect(kinds(room)).to.deep.equal([]);
  });

  it('places typed text where the text tool was clicked, in the chosen font size', async () => {
    const room = await mountRoom();
    use(room, { tool: 'text', fontSize: 48 });
    await click(room, 0.3, 0.4);
    const input = room.shadowRoot!.querySelector<HTMLInputElement>('[part="text-input"]')!;
    expect(room.shadowRoot!.activeElement).to.equal(input);
    input.value = 'Hello board';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await room.updateComplete;
    const [item] = room.drawing.items;
    expect(item).to.include({ kind: 'text', text: 'Hello board', fontSize: 48, color: RED });
    expect(room.shadowRoot!.querySelector('[part="text-input"]')).to.equal(null);
    expect(countPixels(room, RED)).to.be.greaterThan(50);
  });

  it('drops the text on Escape', async () => {
    const room = await mountRoom();
    use(room, { tool: 'text' });
    await click(room, 0.3, 0.4);
    const input = room.shadowRoot!.querySelector<HTMLInputElement>('[part="text-input"]')!;
    input.value = 'never mind';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await room.updateComplete;
    expect(kinds(room)).to.deep.equal([]);
  });

  it('erases the items the eraser touches, as an undoable change', async () => {
    const room = await mountRoom();
    use(room, { tool: 'pen' });
    await drag(room, [0.2, 0.3], [0.8, 0.3]);
    await drag(room, [0.2, 0.7], [0.8, 0.7]);
    use(room, { tool: 'eraser' });
    await drag(room, [0.5, 0.2], [0.5, 0.4]);
    expect(room.drawing.items).to.have.length(1);
    expect(itemOfKind(room.drawing.items[0], 'stroke').points[1]).to.be.greaterThan(600, 'the lower stroke is left');
    press(room, 'z', { ctrlKey: true });
    expect(room.drawing.items).to.have.length(2);
  });

  it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z, Cmd+Z and Ctrl+Y, and from the toolbar', async () => {
    const room = await mountRoom();
    use(room, { tool: 'pen' });
    await drag(room, [0.2, 0.3], [0.8, 0.3]);
    await drag(room, [0.2, 0.6], [0.8, 0.6]);
    press(room, 'z', { ctrlKey: true });
    expect(room.drawing.items).to.have.length(1);
    press(room, 'Z', { ctrlKey: true, shiftKey: true });
    expect(room.drawing.items).to.have.length(2);
    press(room, 'z', { metaKey: true });
    expect(room.drawing.items).to.have.length(1);
    press(room, 'y', { ctrlKey: true });
    expect(room.drawing.items).to.have.length(2);
    const toolbar = room.shadowRoot!.querySelector('draw-toolbar')!;
    toolbar.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Undo"]')!.click();
    toolbar.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Undo"]')!.click();
    expect(room.drawing.items).to.have.length(0);
    expect(countPixels(room, RED)).to.equal(0);
  });

  it('makes clear undoable', async () => {
    const room = await mountRoom();
    use(room, { tool: 'pen' });
    await drag(room, [0.2, 0.3], [0.8, 0.3]);
    room.clear();
    expect(room.drawing.items).to.have.length(0);
    room.undo();
    expect(room.drawing.items).to.have.length(1);
  });

  it('cycles colours with the arrow keys, as in the seed', async () => {
    const room = await mountRoom();
    use(room, { color: PALETTE[10]! });
    press(room, 'ArrowRight');
    press(room, 'ArrowRight');
    press(room, 'ArrowLeft');
    await room.updateComplete;
    const toolbar = room.shadowRoot!.querySelector('draw-toolbar')!;
    expect(toolbar.color).to.equal(PALETTE[11]);
    use(room, { color: toolbar.color, tool: 'pen' });
    await drag(room, [0.2, 0.5], [0.8, 0.5]);
    expect(room.drawing.items[0]!.color).to.equal(PALETTE[11]);
  });

  it('exports SVG with every kind of item and a PNG at board size', async () => {
    const room = await mountRoom();
    use(room, { tool: 'pen' });
    await drag(room, [0.1, 0.1], [0.3, 0.2]);
    use(room, { tool: 'rect' });
    await drag(room, [0.4, 0.4], [0.5, 0.5]);
    use(room, { tool: 'ellipse' });
    await drag(room, [0.6, 0.6], [0.7, 0.7]);
    use(room, { tool: 'text' });
    await click(room, 0.1, 0.8);
    const input = room.shadowRoot!.querySelector<HTMLInputElement>('[part="text-input"]')!;
    input.value = '<b>&"';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await room.updateComplete;
    const svg = new DOMParser().parseFromString(room.toSVG(), 'image/svg+xml');
    expect(svg.querySelector('parsererror')).to.equal(null);
    expect([...svg.documentElement.children].map((child) => child.tagName)).to.deep.equal(['rect', 'path', 'rect', 'ellipse', 'text']);
    expect(svg.querySelector('text')!.textContent).to.equal('<b>&"');
    const png = await room.toPNG();
    expect(png.type).to.equal('image/png');
    const image = await createImageBitmap(png);
    expect([image.width, image.height]).to.deep.equal([1600, 1000]);
  });

  it('lists the local user as a participant, with name and a presence colour that is not the pen\'s', async () => {
    const room = await mountRoom('<draw-room username="Ada"></draw-room>');
    await room.updateComplete;
    const [ada] = room.participants;
    expect(ada).to.include({ name: 'Ada', local: true });
    expect(PRESENCE_COLORS).to.include(ada!.color);
    // A white pen must not make Ada's cursor and name white for the others.
    use(room, { color: '#ffffff' });
    await room.updateComplete;
    await nextFrame();
    expect(room.participants[0]!.color).to.equal(ada!.color);
  });
});
