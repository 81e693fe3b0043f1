import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

// The widget bundle's size is a tracked figure: one JSON line, bytes as served and gzipped.
const file = new URL('../dist/draw-room.js', import.meta.url);
const bundle = await readFile(file);
console.log(JSON.stringify({ bench: 'bundle', file: 'dist/draw-room.js', minBytes: bundle.length, gzipBytes: gzipSync(bundle, { level: 9 }).length }));
