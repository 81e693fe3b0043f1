import { unhandledKind, type BoardItem } from '../drawing/board-items.js';
import { exportBounds } from '../drawing/item-bounds.js';
import { dashPattern, paintItem, strokeOutline, textFont } from './item-painter.js';
import { lineGeometry } from './line-geometry.js';

/** The files a board can be downloaded as. */
export type ExportFormat = 'png' | 'svg';

/** Room left around what is drawn when an export covers more than the home area, in board units. */
export const EXPORT_MARGIN = 40;
/** Chromium's largest canvas side: a PNG of a far-flung board is scaled down to fit it rather than fail. */
const MAX_CANVAS_SIDE = 16_384;

/**
 * The whole board as an SVG document, in board coordinates: the 1600 × 1000 home area when everything drawn lies
 * inside it (so a board drawn before the board could pan exports as it did), else everything drawn with a margin.
 */
export function boardToSvg(items: readonly BoardItem[], background: string): string {
  const body = items.map(itemToSvg).join('\n  ');
  const { minX, minY, maxX, maxY } = exportBounds(items, EXPORT_MARGIN);
  const [width, height] = [maxX - minX, maxY - minY].map((value) => Math.round(value * 100) / 100);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX} ${minY} ${width} ${height}">
  <rect${minX === 0 && minY === 0 ? '' : ` x="${minX}" y="${minY}"`} width="100%" height="100%" fill="${background}"/>
  ${body}
</svg>
`;
}

/**
 * The whole board as a PNG at board resolution times `scale` (less, when that would pass the largest canvas a
 * browser makes), covering what `boardToSvg` covers.
 */
export function boardToPng(items: readonly BoardItem[], background: string, scale = 1): Promise<Blob> {
  const { minX, minY, maxX, maxY } = exportBounds(items, EXPORT_MARGIN);
  const [width, height] = [maxX - minX, maxY - minY];
  const pixelScale = Math.min(scale, MAX_CANVAS_SIDE / width, MAX_CANVAS_SIDE / height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * pixelScale);
  canvas.height = Math.round(height * pixelScale);
  const context = canvas.getContext('2d')!;
  context.setTransform(pixelScale, 0, 0, pixelScale, -minX * pixelScale, -minY * pixelScale);
  context.fillStyle = background;
  context.fillRect(minX, minY, width, height);
  for (const item of items) paintItem(context, item);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode a PNG'))), 'image/png'),
  );
}

/** Saves a blob through the browser's download. */
export function downloadBlob(blob: Blob, filename: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  // The download has started by then; the URL only keeps the blob alive.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** An item as SVG, in a group with its placement's matrix when the select tool moved it. */
function itemToSvg(item: BoardItem): string {
  const drawn = drawnItemToSvg(item);
  if (!item.at || drawn === '') return drawn;
  return `<g transform="matrix(${item.at.map((value) => Math.round(value * 1e6) / 1e6).join(' ')})">${drawn}</g>`;
}

function drawnItemToSvg(item: BoardItem): string {
  const n = (value: number) => Math.round(value * 100) / 100;
  const dash = item.dash ? ` stroke-dasharray="${dashPattern(item.width).map(n).join(' ')}"` : '';
  const fill = (item.kind === 'rect' || item.kind === 'ellipse') && item.fill ? item.color : 'none';
  switch (item.kind) {
    case 'stroke': {
      if (item.dash) {
        const p = item.points;
        const points: string[] = [];
        for (let i = 0; i < p.length; i += 3) points.push(`${n(p[i]!)},${n(p[i + 1]!)}`);
        return `<polyline points="${points.join(' ')}" fill="none" stroke="${item.color}" stroke-width="${item.width}" stroke-linecap="round" stroke-linejoin="round"${dash}/>`;
      }
      const outline = strokeOutline(item, true);
      if (outline.length === 0) return '';
      const commands: string[] = [];
      for (let i = 0; i < outline.length; i += 2) commands.push(`${i === 0 ? 'M' : 'L'}${n(outline[i]!)} ${n(outline[i + 1]!)}`);
      const d = commands.join('');
      return `<path d="${d}Z" fill="${item.color}"/>`;
    }
    case 'rect':
      return `<rect x="${n(Math.min(item.x, item.x + item.w))}" y="${n(Math.min(item.y, item.y + item.h))}" width="${n(Math.abs(item.w))}" height="${n(Math.abs(item.h))}" fill="${fill}" stroke="${item.color}" stroke-width="${item.width}" stroke-linejoin="round"${dash}/>`;
    case 'ellipse':
      return `<ellipse cx="${n(item.x + item.w / 2)}" cy="${n(item.y + item.h / 2)}" rx="${n(Math.abs(item.w / 2))}" ry="${n(Math.abs(item.h / 2))}" fill="${fill}" stroke="${item.color}" stroke-width="${item.width}"${dash}/>`;
    case 'line':
    case 'arrow': {
      const { shaft, head } = lineGeometry(item);
      const line = `<line x1="${n(shaft[0])}" y1="${n(shaft[1])}" x2="${n(shaft[2])}" y2="${n(shaft[3])}" stroke="${item.color}" stroke-width="${item.width}" stroke-linecap="round"${dash}/>`;
      if (!head) return line;
      const corners = [0, 2, 4].map((i) => `${n(head[i]!)},${n(head[i + 1]!)}`).join(' ');
      return `${line}<polygon points="${corners}" fill="${item.color}"/>`;
    }
    case 'text':
      return `<text x="${n(item.x)}" y="${n(item.y)}" dominant-baseline="text-before-edge" style="font:${textFont(item.fontSize)}" fill="${item.color}">${escapeXml(item.text)}</text>`;
    default:
      return unhandledKind(item);
  }
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
