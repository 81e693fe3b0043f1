/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import '../../components/index.js';
import type { DrawToolbar } from '../../components/elements/draw-toolbar.js';
import { itemOfKind } from '../support/items.js';
import { canvasOf, countPixels, drag, mountRoom, nextFrame, unmountAll } from './helpers.js';

const RED = '#cf1717';
const GREEN = '#17cf60';

function defaultToolbar(room: HTMLElement): DrawToolbar {
  return room.shadowRoot!.querySelector('draw-toolbar')!;
}

async function pick(toolbar: DrawToolbar, color: string): Promise<void> {
  await toolbar.updateComplete;
  toolbar.shadowRoot!.querySelector<HTMLButtonElement>('button[part~="palette-button"]')!.click();
  await toolbar.updateComplete;
  toolbar.shadowRoot!.querySelector<HTMLButtonElement>(`button[data-color="${color}"]`)!.click();
}

describe('<draw-room> without a server', () => {
  afterEach(unmountAll);

  it('is a local board with status "local"', async () => {
    const room = await mountRoom();
    expect(room.status).to.equal('local');
    expect(room.shadowRoot!.querySelector('[part="status"]')!.textContent).to.contain('Local board');
  });

  it('turns a pointer drag into one stroke in board coordinates and paints it', async () => {
    // Tall enough that the board's width fills the element, so 25% of the canvas is 25% of the board.
    const room = await mountRoom('<draw-room></draw-room>', 800, 800);
    await pick(defaultToolbar(room), RED);
    await drag(room, [0.25, 0.5], [0.75, 0.5]);
    const strokes = room.drawing.items;
    expect(strokes).to.have.length(1);
    const stroke = itemOfKind(strokes[0], 'stroke');
    expect(stroke.color).to.equal(RED);
    expect(stroke.points.length / 3).to.equal(11);
    // The board is 1600 wide whatever the element's size: a drag from 25% to 75% spans ~400..1200.
    expect(stroke.points[0]).to.be.closeTo(400, 20);
    expect(stroke.points[stroke.points.length - 3]).to.be.closeTo(1200, 20);
    expect(countPixels(room, RED)).to.be.greaterThan(200);
  });

  it('keeps and repaints every stroke when it is resized, at the new size', async () => {
    const room = await mountRoom();
    await pick(defaultToolbar(room), RED);
    room.dispatchEvent(new CustomEvent('draw-toolbar-settings', { detail: { tool: 'pen', color: RED, width: 32, fontSize: 32 } }));
    await drag(room, [0.2, 0.3], [0.8, 0.7]);
    const before = countPixels(room, RED);
    room.parentElement!.style.width = '400px';
    room.style.height = '300px';
    await new Promise((resolve) => setTimeout(resolve, 100));
    await nextFrame();
    expect(canvasOf(room).width).to.equal(Math.round(398 * devicePixelRatio));
    expect(room.drawing.items).to.have.length(1);
    const after = countPixels(room, RED);
    expect(after).to.be.greaterThan(0);
    expect(after).to.be.lessThan(before, 'the same stroke is smaller on a smaller board');
  });

  it('keeps drawing after being moved elsewhere in the page, as frameworks do', async () => {
    const room = await mountRoom();
    await pick(defaultToolbar(room), RED);
    await drag(room, [0.2, 0.3], [0.4, 0.3]);
    const holder = document.createElement('div');
    holder.style.width = '800px';
    document.body.append(holder);
    const oldHolder = room.parentElement!;
    holder.append(room);
    oldHolder.remove();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await nextFrame();
    expect(countPixels(room, RED)).to.be.greaterThan(0, 'the stroke drawn before the move is painted again');
    const before = countPixels(room, RED);
    await drag(room, [0.2, 0.6], [0.8, 0.6]);
    expect(room.drawing.items).to.have.length(2);
    expect(countPixels(room, RED)).to.be.greaterThan(before, 'a stroke drawn after the move is painted');
  });

  it('sizes the canvas backing store by devicePixelRatio', async () => {
    const room = await mountRoom();
    const canvas = canvasOf(room);
    const box = canvas.getBoundingClientRect();
    expect(canvas.width).to.equal(Math.round(box.width * devicePixelRatio));
    expect(canvas.height).to.equal(Math.round(box.height * devicePixelRatio));
  });

  it('clears the board from the toolbar and paints the chosen background', async () => {
    const room = await mountRoom();
    await pick(defaultToolbar(room), RED);
    await drag(room, [0.2, 0.5], [0.8, 0.5]);
    defaultToolbar(room).shadowRoot!.querySelector<HTMLButtonElement>('[part="clear"]')!.click();
    expect(room.drawing.items).to.have.length(0);
    expect(countPixels(room, RED)).to.equal(0);
    room.setBackground('#ffe066');
    expect(countPixels(room, '#ffe066')).to.be.greaterThan(10000);
  });

  it('uses a slotted <draw-toolbar> child instead of its own', async () => {
    const room = await mountRoom('<draw-room><draw-toolbar></draw-toolbar></draw-room>');
    const child = room.querySelector('draw-toolbar')!;
    await child.updateComplete;
    const slot = room.shadowRoot!.querySelector('slot')!;
    expect(slot.assignedElements()).to.deep.equal([child]);
    await pick(child, GREEN);
    await drag(room, [0.3, 0.3], [0.6, 0.6]);
    expect(room.drawing.items[0]!.color).to.equal(GREEN);
    expect(countPixels(room, GREEN)).to.be.greaterThan(200);
  });

  it('reflects status to an attribute that page styles can select, and announces each change with a typed event', async () => {
    const style = document.createElement('style');
    style.textContent = `
      draw-room[status='local'] { border-top-color: rgb(1, 2, 3); }
      draw-room[status='refused'] { border-top-color: rgb(200, 0, 0); }`;
    document.head.append(style);
    try {
      const room = await mountRoom();
      expect(room.getAttribute('status')).to.equal('local');
      expect(getComputedStyle(room).borderTopColor).to.equal('rgb(1, 2, 3)');
      const statuses: string[] = [];
      // Typed by the element's event map: `detail` needs no cast.
      room.addEventListener('draw-room-status', (event) => statuses.push(`${event.detail.status}: ${event.detail.reason}`));
      // An invalid room id is refused before any request, so no server is needed.
      room.serverUrl = 'http://127.0.0.1:9';
      room.room = 'bad';
      await room.updateComplete;
      expect(statuses).to.have.length(1);
      expect(statuses[0]).to.match(/^refused: Invalid room id/);
      expect(room.getAttribute('status')).to.equal('refused');
      expect(getComputedStyle(room).borderTopColor).to.equal('rgb(200, 0, 0)');
    } finally {
      style.remove();
    }
  });

  it('lets the page read the drawing, not reach the document behind it', async () => {
    const room = await mountRoom();
    await pick(defaultToolbar(room), RED);
    await drag(room, [0.2, 0.5], [0.8, 0.5]);
    room.setBackground('#ffe066');
    expect(room.drawing.items.map((item) => item.kind)).to.deep.equal(['stroke']);
    expect(room.drawing.background).to.equal('#ffe066');
    expect(Object.keys(room.drawing).sort()).to.deep.equal(['background', 'items']);
    expect(Object.isFrozen(room.drawing)).to.equal(true);
  });

  it('ignores malformed ice-servers with a warning and keeps working', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      const room = await mountRoom(`<draw-room ice-servers="not json"></draw-room>`);
      expect(room.iceServers).to.equal(undefined);
      expect(warnings.join()).to.contain('ignored ice-servers');
    } finally {
      console.warn = original;
    }
  });
});
