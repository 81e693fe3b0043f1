import type { DrawRoom } from '../../components/elements/draw-room.js';
import type { DrawRoomEventName, DrawRoomEvents } from '../../components/elements/events.js';
import { countCanvasPixels } from '../support/pixel-count.js';

export async function mountRoom(markup = '<draw-room></draw-room>', width = 800, height = 540): Promise<DrawRoom> {
  const holder = document.createElement('div');
  holder.style.width = `${width}px`;
  holder.innerHTML = markup;
  document.body.append(holder);
  const room = holder.querySelector('draw-room')!;
  room.style.height = `${height}px`;
  await room.updateComplete;
  // The toolbar renders after the room, changing the board's height once more.
  await nextFrame();
  await nextFrame();
  return room;
}

export function unmountAll(): void {
  for (const room of document.querySelectorAll('draw-room')) room.parentElement!.remove();
}

export const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** The committed board layer: what the document holds. */
export function canvasOf(room: DrawRoom): HTMLCanvasElement {
  return room.shadowRoot!.querySelector('canvas.committed')!;
}

/** The layer that takes pointer input and shows items in progress. */
export function inputCanvasOf(room: DrawRoom): HTMLCanvasElement {
  return room.shadowRoot!.querySelector('canvas.live')!;
}

/** Drags a synthetic mouse pointer across the canvas between fractions of its box. */
export async function drag(room: DrawRoom, from: [number, number], to: [number, number], steps = 10): Promise<void> {
  const canvas = inputCanvasOf(room);
  const box = canvas.getBoundingClientRect();
  const point = (fx: number, fy: number) => ({ clientX: box.left + box.width * fx, clientY: box.top + box.height * fy });
  const init = { bubbles: true, composed: true, pointerId: 7, pointerType: 'mouse', button: 0, isPrimary: true };
  canvas.dispatchEvent(new PointerEvent('pointerdown', { ...init, ...point(...from) }));
  for (let i = 1; i <= steps; i++) {
    const f = i / steps;
    canvas.dispatchEvent(new PointerEvent('pointermove', { ...init, ...point(from[0] + (to[0] - from[0]) * f, from[1] + (to[1] - from[1]) * f) }));
  }
  await nextFrame();
  canvas.dispatchEvent(new PointerEvent('pointerup', { ...init, ...point(...to) }));
  await nextFrame();
}

/** Committed-layer pixels within 8 levels of the #rrggbb colour. */
export function countPixels(room: DrawRoom, hex: string): number {
  return countCanvasPixels(canvasOf(room), hex);
}

/** The next `type` event to reach `target`, with its typed detail (the event map types it; no cast). */
export function nextEvent<K extends DrawRoomEventName>(target: GlobalEventHandlers, type: K): Promise<DrawRoomEvents[K]> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event), { once: true }));
}
