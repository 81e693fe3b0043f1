/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import '../../components/elements/draw-toolbar.js';
import type { DrawToolbar } from '../../components/elements/draw-toolbar.js';
import { PALETTE } from '../../components/elements/palette.js';
import type { DrawRoomEventName } from '../../components/elements/events.js';
import { nextEvent } from './helpers.js';

async function mountToolbar(width = 900): Promise<DrawToolbar> {
  const toolbar = document.createElement('draw-toolbar');
  toolbar.style.width = `${width}px`;
  document.body.append(toolbar);
  // Its width is measured (ResizeObserver) after the first layout, which may render it once more.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
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
    expect((await event).detail).to.deep.equal({ tool: 'pen', color: PALETTE[45], width: 4, fontSize: 32, fill: false, dash: false });
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

  it('toggles fill for rectangles and ellipses, and only says why for other tools', async () => {
    const toolbar = await mountToolbar();
    const fill = () => shadow(toolbar).querySelector<HTMLButtonElement>('[part="fill"]')!;
    expect(fill().getAttribute('aria-disabled')).to.equal('true', 'the pen has nothing to fill');
    expect(fill().title).to.match(/only rectangles and ellipses/);
    let emitted = 0;
    toolbar.addEventListener('draw-toolbar-settings', () => emitted++);
    fill().click();
    expect(emitted).to.equal(0, 'a disabled fill does nothing');
    for (const tool of ['rect', 'ellipse'] as const) {
      toolbar.tool = tool;
      await toolbar.updateComplete;
      expect(fill().getAttribute('aria-disabled')).to.equal('false');
      const event = nextEvent(toolbar, 'draw-toolbar-settings');
      fill().click();
      expect((await event).detail).to.include({ tool, fill: true, dash: false });
      await toolbar.updateComplete;
      expect(fill().getAttribute('aria-pressed')).to.equal('true');
      fill().click();
      await toolbar.updateComplete;
      expect(fill().getAttribute('aria-pressed')).to.equal('false');
    }
  });

  it('toggles dash for pen, shapes, lines and arrows, not for text', async () => {
    const toolbar = await mountToolbar();
    const dash = () => shadow(toolbar).querySelector<HTMLButtonElement>('[part="dash"]')!;
    for (const tool of ['pen', 'rect', 'ellipse', 'line', 'arrow'] as const) {
      toolbar.tool = tool;
      toolbar.dash = false;
      await toolbar.updateComplete;
      const event = nextEvent(toolbar, 'draw-toolbar-settings');
      dash().click();
      expect((await event).detail).to.include({ tool, dash: true });
    }
    toolbar.tool = 'text';
    await toolbar.updateComplete;
    expect(dash().getAttribute('aria-disabled')).to.equal('true');
    expect(dash().title).to.match(/only pen strokes, shapes, lines and arrows/);
  });

  it('keeps its height and every control in place when the tool changes (no rewrap resizes the board)', async () => {
    for (const width of [360, 520, 700]) {
      const toolbar = await mountToolbar(width);
      const boxes = () => [...shadow(toolbar).querySelectorAll('[part~="toolbar"] > *')].map((element) => JSON.stringify(element.getBoundingClientRect()));
      const before = { height: toolbar.offsetHeight, boxes: boxes() };
      toolbar.tool = 'text';
      await toolbar.updateComplete;
      expect({ height: toolbar.offsetHeight, boxes: boxes() }, `at ${width} px`).to.deep.equal(before);
      toolbar.remove();
    }
  });

  it('is one row below 480 px wide, the rest behind "More", and the whole bar above it', async () => {
    const narrow = await mountToolbar(360);
    const bar = shadow(narrow).querySelector<HTMLElement>('[part~="toolbar"]')!;
    const more = shadow(narrow).querySelector<HTMLButtonElement>('[part="more"]');
    expect(more, 'a More button').to.not.equal(null);
    expect(more!.getAttribute('aria-expanded')).to.equal('false');
    const tops = new Set([...bar.querySelectorAll('button')].map((button) => button.getBoundingClientRect().top));
    expect(tops.size).to.equal(1, 'one row');
    expect(bar.scrollWidth).to.be.at.most(bar.clientWidth, 'nothing sticks out sideways');
    expect(shadow(narrow).querySelector('[part="width"]'), 'width waits in the menu').to.equal(null);
    more!.click();
    await narrow.updateComplete;
    for (const part of ['fill', 'dash', 'width', 'font-size', 'background', 'custom-color', 'export-png', 'export-svg', 'clear']) {
      expect(shadow(narrow).querySelector(`#more-menu [part="${part}"]`), part).to.not.equal(null);
    }
    const wide = await mountToolbar(480);
    expect(shadow(wide).querySelector('[part="more"]'), 'no More at 480 px').to.equal(null);
    expect(shadow(wide).querySelector('[part="width"]')).to.not.equal(null);
  });

  it('emits draw-toolbar-clear', async () => {
    const toolbar = await mountToolbar();
    const event = nextEvent(document, 'draw-toolbar-clear');
    shadow(toolbar).querySelector<HTMLButtonElement>('[part="clear"]')!.click();
    expect((await event).composed).to.equal(true);
  });
});
