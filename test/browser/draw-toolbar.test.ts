/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import '../../components/elements/draw-toolbar.js';
import type { DrawToolbar } from '../../components/elements/draw-toolbar.js';
import { PALETTE } from '../../components/elements/palette.js';
import type { DrawRoomEventName } from '../../components/elements/events.js';
import { nextEvent } from './helpers.js';

async function mountToolbar(): Promise<DrawToolbar> {
  const toolbar = document.createElement('draw-toolbar');
  document.body.append(toolbar);
  await toolbar.updateComplete;
  return toolbar;
}

const shadow = (toolbar: DrawToolbar) => toolbar.shadowRoot!;

/** Opens the colour pop-up: its swatches exist only while it is open. */
async function openPalette(toolbar: DrawToolbar): Promise<void> {
  shadow(toolbar).querySelector<HTMLButtonElement>('button[part~="palette-button"]')!.click();
  await toolbar.updateComplete;
}

describe('<draw-toolbar>', () => {
  afterEach(() => document.querySelectorAll('draw-toolbar').forEach((toolbar) => toolbar.remove()));

  it('offers the 80 swatches of the seed, all different', async () => {
    const toolbar = await mountToolbar();
    await openPalette(toolbar);
    const swatches = [...shadow(toolbar).querySelectorAll('[part="swatch"]')].map((swatch) => swatch.getAttribute('title'));
    expect(swatches).to.have.length(80);
    expect(new Set(swatches).size).to.equal(80);
  });

  it('emits draw-toolbar-settings with the picked swatch and marks it checked', async () => {
    const toolbar = await mountToolbar();
    await openPalette(toolbar);
    const event = nextEvent(document, 'draw-toolbar-settings');
    shadow(toolbar).querySelector<HTMLButtonElement>(`button[data-color="${PALETTE[45]}"]`)!.click();
    expect((await event).detail).to.deep.equal({ tool: 'pen', color: PALETTE[45], width: 4, fontSize: 32 });
    await openPalette(toolbar);
    expect(shadow(toolbar).querySelector(`button[data-color="${PALETTE[45]}"]`)!.getAttribute('aria-checked')).to.equal('true');
  });

  it('emits the custom colour typed into the colour input', async () => {
    const toolbar = await mountToolbar();
    const event = nextEvent(toolbar, 'draw-toolbar-settings');
    const input = shadow(toolbar).querySelector<HTMLInputElement>('input[aria-label^="Custom colour"]')!;
    input.value = '#123456';
    input.dispatchEvent(new Event('input'));
    expect((await event).detail.color).to.equal('#123456');
  });

  for (const tool of ['rect', 'ellipse', 'text', 'eraser', 'pen']) {
    it(`selects the ${tool} tool`, async () => {
      const toolbar = await mountToolbar();
      const event = nextEvent(toolbar, 'draw-toolbar-settings');
      shadow(toolbar).querySelector<HTMLButtonElement>(`[data-tool="${tool}"]`)!.click();
      expect((await event).detail.tool).to.equal(tool);
      await toolbar.updateComplete;
      expect(shadow(toolbar).querySelector(`[data-tool="${tool}"]`)!.getAttribute('aria-pressed')).to.equal('true');
    });
  }

  it('emits width and a clamped font size', async () => {
    const toolbar = await mountToolbar();
    let event = nextEvent(toolbar, 'draw-toolbar-settings');
    const select = shadow(toolbar).querySelector('select')!;
    select.value = '16';
    select.dispatchEvent(new Event('change'));
    expect((await event).detail.width).to.equal(16);
    event = nextEvent(toolbar, 'draw-toolbar-settings');
    const font = shadow(toolbar).querySelector<HTMLInputElement>('input[aria-label="Font size"]')!;
    font.value = '5000';
    font.dispatchEvent(new Event('change'));
    expect((await event).detail.fontSize).to.equal(200);
  });

  it('emits draw-toolbar-background with the picked board colour', async () => {
    const toolbar = await mountToolbar();
    const event = nextEvent(toolbar, 'draw-toolbar-background');
    const input = shadow(toolbar).querySelector<HTMLInputElement>('input[aria-label="Board background"]')!;
    input.value = '#ffe066';
    input.dispatchEvent(new Event('input'));
    expect((await event).detail.color).to.equal('#ffe066');
  });

  const actions: Array<[string, DrawRoomEventName, object]> = [
    ['Undo', 'draw-toolbar-undo', {}],
    ['Redo', 'draw-toolbar-redo', {}],
    ['Download PNG', 'draw-toolbar-export', { format: 'png' }],
    ['Download SVG', 'draw-toolbar-export', { format: 'svg' }],
  ];
  for (const [label, type, detail] of actions) {
    it(`emits ${type} ${JSON.stringify(detail)} from "${label}", across shadow roots`, async () => {
      const toolbar = await mountToolbar();
      const event = nextEvent(document, type);
      shadow(toolbar).querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!.click();
      const received = await event;
      expect(received.composed).to.equal(true);
      expect(received.detail).to.deep.equal(detail);
    });
  }

  it('emits draw-toolbar-clear', async () => {
    const toolbar = await mountToolbar();
    const event = nextEvent(document, 'draw-toolbar-clear');
    shadow(toolbar).querySelector<HTMLButtonElement>('[part="clear"]')!.click();
    expect((await event).composed).to.equal(true);
  });
});
