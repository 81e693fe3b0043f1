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
