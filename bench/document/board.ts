import type { ItemMeta } from '../../components/drawing/board-items.js';

// The 100k-point board the benches build: 500 strokes of 200 points, (x, y, pressure) each, spread over the board.
// bench:document's late joiner receives it from a peer; bench:storage keeps it on the server and opens it cold.

export const BENCH_STROKES = 500;
export const BENCH_POINTS_PER_STROKE = 200;

export interface BenchStroke {
  meta: ItemMeta;
  points: number[];
}

/** The board's strokes, bottom first, as DrawingDocument.addItem takes them. */
export function benchBoardStrokes(strokes = BENCH_STROKES, perStroke = BENCH_POINTS_PER_STROKE): BenchStroke[] {
  return Array.from({ length: strokes }, (_, s) => {
    const points: number[] = [];
    for (let i = 0; i < perStroke; i++) points.push(50 + ((s * 7 + i * 3) % 1500), 50 + ((s * 13 + Math.round(Math.sin(i / 10) * 40)) % 900), 0.5);
    return { meta: { id: `bench-${s}`, author: 'bench', kind: 'stroke', color: '#1760cf', width: 3 }, points };
  });
}

/** An item as DrawingDocument.addItem takes it: its meta and, for a stroke, its points. */
export interface BenchItem {
  meta: ItemMeta;
  points: number[];
}

/**
 * A 100k-point board spread over about three times the home area (2,800 × 1,700 board units from (-600, -350)):
 * 500 strokes of 200 points, then 40 rectangles, ellipses, lines and arrows and 20 texts on top. Panning and
 * zooming it shows a part of it, or all of it zoomed out.
 */
export function benchSpreadBoard(strokes = BENCH_STROKES, perStroke = BENCH_POINTS_PER_STROKE): BenchItem[] {
  const [left, top, width, height] = [-600, -350, 2800, 1700];
  const colors = ['#1760cf', '#cf1717', '#17cf60', '#7a17cf', '#222222'];
  const items: BenchItem[] = Array.from({ length: strokes }, (_, s) => {
    // Strokes start on a 25 × 20 grid and wander 300 units right and 80 up and down, so they cover the area.
    const [startX, startY] = [left + ((s % 25) / 25) * (width - 300), top + (Math.floor(s / 25) / 20) * (height - 100)];
    const points: number[] = [];
    for (let i = 0; i < perStroke; i++) points.push(startX + i * 1.5, startY + 50 + Math.sin(i / 10 + s) * 40, 0.5);
    return { meta: { id: `spread-${s}`, author: 'bench', kind: 'stroke', color: colors[s % colors.length]!, width: 3 + (s % 4) }, points };
  });
  const kinds = ['rect', 'ellipse', 'line', 'arrow'] as const;
  for (let i = 0; i < 40; i++) {
    const [x, y] = [left + ((i * 211) % width), top + ((i * 137) % height)];
    items.push({ meta: { id: `spread-shape-${i}`, author: 'bench', kind: kinds[i % 4]!, color: colors[i % colors.length]!, width: 4, x, y, w: 160, h: 90 }, points: [] });
  }
  for (let i = 0; i < 20; i++) {
    const [x, y] = [left + ((i * 347) % width), top + ((i * 263) % height)];
    items.push({ meta: { id: `spread-text-${i}`, author: 'bench', kind: 'text', color: '#222222', width: 1, x, y, text: `Note ${i}: plan`, fontSize: 28 }, points: [] });
  }
  return items;
}
