import type { BoardTransform } from '../drawing/view.js';

/** How close to a whole device pixel a pan must be to copy pixels unresampled. */
const WHOLE_PIXEL = 1e-6;

/**
 * The board layer as it was last painted sharp, kept aside while the view moves: every frame of a pan or zoom
 * shows it moved and scaled to the new view (one drawImage, whatever the board holds) until the view settles and
 * the board is painted sharp again.
 */
export class BoardSnapshot {
  private canvas: OffscreenCanvas | null = null;
  private transform: BoardTransform | null = null;

  /** Keeps what `source` shows now, painted under `transform`. */
  take(source: HTMLCanvasElement, transform: BoardTransform): void {
    if (!this.canvas || this.canvas.width !== source.width || this.canvas.height !== source.height) {
      this.canvas = new OffscreenCanvas(source.width, source.height);
    }
    const context = this.canvas.getContext('2d');
    if (!context) return;
    context.globalCompositeOperation = 'copy';
    context.drawImage(source, 0, 0);
    this.transform = transform;
  }

  /**
   * Paints the kept pixels onto `target` where they lie under `transform`, and the background where they do not
   * reach. A pan by whole device pixels copies them as they are; a zoom scales them, blurred until the repaint.
   */
  show(target: HTMLCanvasElement, transform: BoardTransform, cssWidth: number, background: string): void {
    const context = target.getContext('2d');
    if (!context) return;
    context.save();
    context.setTransform(1, 0, 0, 1, 0, 0);
    const kept = this.canvas;
    if (kept && this.transform) {
      const pixelScale = target.width / cssWidth;
      const scale = transform.scale / this.transform.scale;
      let dx = (transform.offsetX - this.transform.offsetX * scale) * pixelScale;
      let dy = (transform.offsetY - this.transform.offsetY * scale) * pixelScale;
      const [width, height] = [kept.width * scale, kept.height * scale];
      const wholePixels = scale === 1 && Math.abs(dx - Math.round(dx)) < WHOLE_PIXEL && Math.abs(dy - Math.round(dy)) < WHOLE_PIXEL;
      if (wholePixels) [dx, dy] = [Math.round(dx), Math.round(dy)];
      // Where the kept pixels cover the whole canvas (zooming in), they replace it: no fill underneath to pay for.
      const covers = dx <= 0 && dy <= 0 && dx + width >= target.width && dy + height >= target.height;
      if (!covers) {
        context.fillStyle = background;
        context.fillRect(0, 0, target.width, target.height);
      }
      context.globalCompositeOperation = covers ? 'copy' : 'source-over';
      context.imageSmoothingEnabled = !wholePixels;
      context.drawImage(kept, dx, dy, width, height);
    } else {
      context.fillStyle = background;
      context.fillRect(0, 0, target.width, target.height);
    }
    context.restore();
  }
}
