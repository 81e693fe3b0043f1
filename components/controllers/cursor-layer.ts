import { html, nothing, render, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Cursor } from '../drawing/presence.js';
import { ARROW_PATH, ARROW_SIZE, placeCursors, type PlacedCursor, type Size } from '../render/cursor-geometry.js';

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };

export interface CursorLayerOptions {
  /** Other people's cursors, in board units. */
  cursors(): Cursor[];
  /** Board units → CSS pixels of the board element, as this page's view shows them now. */
  toCss(point: { x: number; y: number }): { x: number; y: number };
  /** The board element's size in CSS pixels; null before it is laid out. */
  boardSize(): Size | null;
}

/** A shown name label: its element, and its size once measured (a page's `::part(cursor-label)` may change it). */
interface ShownLabel {
  element: HTMLElement;
  size?: Size;
}

/**
 * Other people's cursors as elements over the board, so a page can style them (`::part(cursor)`,
 * `::part(cursor-label)`). A cursor move or a view change renders this layer alone, at most once a frame, and only
 * moves elements (`translate`, no layout); the host element's template is not rendered again. Labels are measured
 * as they are laid out (a ResizeObserver), so placing one near an edge reads no layout either.
 */
export class CursorLayerController implements ReactiveController {
  private frame = 0;
  private readonly labels = new Map<number, ShownLabel>();
  private readonly resizeObserver = new ResizeObserver((entries) => this.labelsResized(entries));

  constructor(
    private readonly host: Host,
    private readonly options: CursorLayerOptions,
  ) {
    host.addController(this);
  }

  /** Places the cursors again on the next frame: one moved, someone came or went, or the view changed. */
  requestUpdate(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.update());
  }

  hostConnected(): void {
    this.requestUpdate();
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    // Observed labels would keep the element alive; they are observed again once it is back.
    this.resizeObserver.disconnect();
    this.labels.clear();
  }

  /** The layer the cursors are rendered into: empty in the host's template, filled by this controller alone. */
  render(): TemplateResult {
    return html`<div class="cursors" aria-hidden="true"></div>`;
  }

  private get layer(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('.cursors');
  }

  private update(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const layer = this.layer;
    if (!layer) return;
    const size = this.options.boardSize();
    const placed = size ? placeCursors(this.options.cursors(), (point) => this.options.toCss(point), size, (clientId) => this.labels.get(clientId)?.size) : [];
    render(cursorMarks(placed), layer);
    this.trackLabels(layer);
  }

  /** Measures labels that just appeared; forgets those gone (a label's element is new each time its cursor shows). */
  private trackLabels(layer: HTMLElement): void {
    const shown = new Map<number, HTMLElement>();
    for (const element of layer.querySelectorAll<HTMLElement>('[part~="cursor-label"]')) shown.set(Number(element.dataset.clientId), element);
    for (const [clientId, label] of this.labels) {
      if (shown.get(clientId) === label.element) continue;
      this.resizeObserver.unobserve(label.element);
      this.labels.delete(clientId);
    }
    for (const [clientId, element] of shown) {
      if (this.labels.has(clientId)) continue;
      this.labels.set(clientId, { element });
      this.resizeObserver.observe(element);
    }
  }

  private labelsResized(entries: ResizeObserverEntry[]): void {
    let changed = false;
    for (const entry of entries) {
      const label = this.labels.get(Number((entry.target as HTMLElement).dataset.clientId));
      const box = entry.borderBoxSize[0];
      if (!label || label.element !== entry.target || !box) continue;
      if (label.size?.width === box.inlineSize && label.size.height === box.blockSize) continue;
      label.size = { width: box.inlineSize, height: box.blockSize };
      changed = true;
    }
    // Observers run after layout and before paint: placed again now, a label never shows a frame on the wrong side.
    if (changed) this.update();
  }
}

/**
 * Each cursor: the arrow in the person's colour, with a white rim inside a dark one so it reads on any board (a
 * white one included), and their name on a pill of that colour in black or white text, whichever reads better.
 * The colours are custom properties on the part, so a page's `::part()` rules can use them.
 */
function cursorMarks(placed: readonly PlacedCursor[]): TemplateResult {
  return html`${repeat(placed, (cursor) => cursor.clientId, (cursor) => html`<div part="cursor" style=${styleMap({
    '--cursor-color': cursor.color,
    '--cursor-text-color': cursor.textColor,
    translate: `${cursor.tip.x}px ${cursor.tip.y}px`,
  })}><svg class="arrow" width=${ARROW_SIZE.width} height=${ARROW_SIZE.height} viewBox="0 0 ${ARROW_SIZE.width} ${ARROW_SIZE.height}">
      <path class="rim" d=${ARROW_PATH}></path><path class="fill" d=${ARROW_PATH}></path></svg>${cursor.name
      ? html`<span part="cursor-label" data-client-id=${cursor.clientId} style=${styleMap({ translate: `${cursor.label.x}px ${cursor.label.y}px` })}>${cursor.name}</span>`
      : nothing}</div>`)}`;
}
