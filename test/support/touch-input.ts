import type { CDPSession, Page } from 'playwright-core';

export type Point = [number, number];

/**
 * Fingers and a pen through Chromium's own input pipeline (CDP), as a touch screen or a stylus sends them: the page
 * gets real pointer events with pointerType 'touch' or 'pen', coalescing, capture and touch-action included.
 * Playwright's touchscreen only taps, and its mouse has no pen.
 */
export class TouchInput {
  private constructor(private readonly cdp: CDPSession) {}

  static async on(page: Page): Promise<TouchInput> {
    return new TouchInput(await page.context().newCDPSession(page));
  }

  /** Fingers touching at once, by id: every touch event carries all the fingers down. */
  private readonly down = new Map<number, Point>();

  async land(id: number, at: Point): Promise<void> {
    this.down.set(id, at);
    await this.send('touchStart');
  }

  /** Moves the fingers given to their new places in `steps` even steps, together. */
  async slide(to: Map<number, Point>, steps = 12): Promise<void> {
    const from = new Map([...to.keys()].map((id) => [id, this.down.get(id)!] as const));
    for (let step = 1; step <= steps; step++) {
      for (const [id, [toX, toY]] of to) {
        const [fromX, fromY] = from.get(id)!;
        this.down.set(id, [fromX + ((toX - fromX) * step) / steps, fromY + ((toY - fromY) * step) / steps]);
      }
      await this.send('touchMove');
    }
  }

  /** Lifts every finger. */
  async liftAll(): Promise<void> {
    this.down.clear();
    await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }

  /** One finger from `from` to `to`. */
  async drag(from: Point, to: Point, steps = 12): Promise<void> {
    await this.land(1, from);
    await this.slide(new Map([[1, to]]), steps);
    await this.liftAll();
  }

  /** Two fingers level at `centre`, spread from `fromGap` to `toGap` px apart (a pinch out, or in when smaller), then lifted. */
  async pinch([x, y]: Point, fromGap: number, toGap: number): Promise<void> {
    await this.land(1, [x - fromGap / 2, y]);
    await this.land(2, [x + fromGap / 2, y]);
    await this.slide(new Map<number, Point>([[1, [x - toGap / 2, y]], [2, [x + toGap / 2, y]]]));
    await this.liftAll();
  }

  /**
   * A pen stroke: CDP's Input.dispatchMouseEvent with pointerType 'pen' (Chromium makes pointer events of type
   * 'pen' with the given force as pressure; Input.dispatchTouchEvent only makes fingers).
   */
  async penStroke(from: Point, to: Point, force: number, steps = 12): Promise<void> {
    const pen = { pointerType: 'pen' as const, force, button: 'left' as const };
    await this.cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: from[0], y: from[1], pointerType: 'pen', force: 0 });
    await this.cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x: from[0], y: from[1], clickCount: 1, buttons: 1, ...pen });
    for (let step = 1; step <= steps; step++) {
      const [x, y] = [from[0] + ((to[0] - from[0]) * step) / steps, from[1] + ((to[1] - from[1]) * step) / steps];
      await this.cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, buttons: 1, ...pen });
    }
    await this.cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: to[0], y: to[1], clickCount: 1, buttons: 0, ...pen });
  }

  async close(): Promise<void> {
    await this.cdp.detach();
  }

  private async send(type: 'touchStart' | 'touchMove'): Promise<void> {
    const touchPoints = [...this.down].map(([id, [x, y]]) => ({ id, x, y }));
    await this.cdp.send('Input.dispatchTouchEvent', { type, touchPoints });
  }
}
