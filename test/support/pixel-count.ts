/**
 * Canvas pixels within 8 levels of a #rrggbb colour. Self-contained (no imports, no helpers it calls), so the
 * e2e tests can run this very function inside a page: they send its source with page.evaluate.
 */
export function countCanvasPixels(canvas: HTMLCanvasElement, hex: string): number {
  const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i]! - r) < 8 && Math.abs(data[i + 1]! - g) < 8 && Math.abs(data[i + 2]! - b) < 8) count++;
  }
  return count;
}
