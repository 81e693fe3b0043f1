/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import '../../components/draw-toolbar.js';
import type { DrawToolbar } from '../../components/draw-toolbar.js';

async function mountToolbar(): Promise<DrawToolbar> {
  const toolbar = document.createElement('draw-toolbar');
  document.body.append(toolbar);
  await toolbar.updateComplete;
  return toolbar;
}

function nextEvent<T>(target: EventTarget, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event as CustomEvent<T>), { once: true }));
}

describe('<draw-toolbar>', () => {
  afterEach(() => document.querySelectorAll('draw-toolbar').forEach((toolbar) => toolbar.remove()));

  it('emits draw-toolbar:brush with the picked colour and marks the swatch pressed', async () => {
    const toolbar = await mountToolbar();
    const event = nextEvent<{ color: string; width: number }>(document, 'draw-toolbar:brush');
    toolbar.shadowRoot!.querySelector<HTMLButtonElement>('button[title="#37b24d"]')!.click();
    const { detail } = await event;
    expect(detail).to.deep.equal({ color: '#37b24d', width: 4 });
    await toolbar.updateComplete;
    expect(toolbar.shadowRoot!.querySelector('button[title="#37b24d"]')!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('emits draw-toolbar:brush with the chosen width', async () => {
    const toolbar = await mountToolbar();
    const event = nextEvent<{ color: string; width: number }>(toolbar, 'draw-toolbar:brush');
    const select = toolbar.shadowRoot!.querySelector('select')!;
    select.value = '16';
    select.dispatchEvent(new Event('change'));
    expect((await event).detail.width).to.equal(16);
  });

  it('emits draw-toolbar:background with the picked board colour', async () => {
    const toolbar = await mountToolbar();
    const event = nextEvent<{ color: string }>(toolbar, 'draw-toolbar:background');
    const input = toolbar.shadowRoot!.querySelector<HTMLInputElement>('input[type="color"]')!;
    input.value = '#ffe066';
    input.dispatchEvent(new Event('input'));
    expect((await event).detail.color).to.equal('#ffe066');
  });

  it('emits draw-toolbar:clear, which crosses shadow roots', async () => {
    const toolbar = await mountToolbar();
    const event = nextEvent(document, 'draw-toolbar:clear');
    toolbar.shadowRoot!.querySelector<HTMLButtonElement>('[part="clear"]')!.click();
    const received = await event;
    expect(received.composed).to.equal(true);
  });
});
