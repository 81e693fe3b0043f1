import { html, nothing, type TemplateResult } from 'lit';
import type { DrawSettings, Tool } from '../drawing/draw-settings.js';
import { DEFAULT_FONT_SIZE, STROKE_WIDTHS } from './palette.js';
import { colorName } from './color-names.js';
import { dashApplies, fillApplies } from '../drawing/draw-settings.js';
import { dashTitle, fillTitle } from './style-toggles.js';

/** What the toolbar's fields show, and how they report a change. */
export interface FieldState {
  tool: Tool;
  color: string;
  width: number;
  fontSize: number;
  fill: boolean;
  dash: boolean;
  background: string;
  change(settings: Partial<DrawSettings>): void;
  pickBackground(color: string): void;
}

const valueOf = (event: Event) => (event.target as HTMLInputElement | HTMLSelectElement).value;

/**
 * Fill and dash: always there, so the bar never rewraps as tools change; `aria-disabled`, with the reason, where they
 * do nothing. In the bar an icon (named, with a tooltip) like the tools, so a wide toolbar stays one row; in the
 * "More" menu they are `labelled`, the word shown beside the icon.
 */
export function styleToggles(state: FieldState, labelled: boolean): TemplateResult {
  const toggle = (part: 'fill' | 'dash', label: string, icon: string, on: boolean, applies: boolean, title: string) =>
    html`<button part=${part} class="toggle" aria-label=${label} title=${title}
      aria-pressed=${on ? 'true' : 'false'} aria-disabled=${applies ? 'false' : 'true'}
      @click=${() => applies && state.change({ [part]: !on })}><span aria-hidden="true">${icon}</span>${labelled ? label : nothing}</button>`;
  return html`${toggle('fill', 'Fill', '◼', state.fill, fillApplies(state.tool), fillTitle(state.tool))}${toggle('dash', 'Dash', '┄', state.dash, dashApplies(state.tool), dashTitle(state.tool))}`;
}

export function customColorField(state: FieldState): TemplateResult {
  const name = colorName(state.color);
  return html`<input part="custom-color" type="color" aria-label="Custom colour: ${name}" title="Custom colour: ${name}"
    .value=${state.color} @input=${(event: Event) => state.change({ color: valueOf(event) })} />`;
}

export function sizeFields(state: FieldState): TemplateResult {
  return html`<label>Width
      <select part="width" aria-label="Stroke width" .value=${String(state.width)}
        @change=${(event: Event) => state.change({ width: Number(valueOf(event)) })}>
        ${STROKE_WIDTHS.map((width) => html`<option value=${width} ?selected=${width === state.width}>${width}px</option>`)}
      </select>
    </label>
    <label>Font
      <input part="font-size" type="number" min="8" max="200" aria-label="Font size" .value=${String(state.fontSize)}
        @change=${(event: Event) => state.change({ fontSize: clampFontSize(Number(valueOf(event))) })} />
    </label>`;
}

export function backgroundField(state: FieldState): TemplateResult {
  return html`<label>Board
    <input part="background" type="color" aria-label="Board background" .value=${state.background}
      @input=${(event: Event) => state.pickBackground(valueOf(event))} />
  </label>`;
}

const clampFontSize = (value: number) => (Number.isFinite(value) ? Math.min(200, Math.max(8, Math.round(value))) : DEFAULT_FONT_SIZE);
