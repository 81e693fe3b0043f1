import { readFile, writeFile } from 'node:fs/promises';
import { CODECS } from '../server/static/compression.js';

// Part of `npm run build`: writes dist/draw-room.js.br and .gz with the settings the server would use, so the
// server only loads them and no request waits the third of a second brotli 11 takes on the widget.
const bundleFile = new URL('../dist/draw-room.js', import.meta.url);
const bundle = await readFile(bundleFile);
for (const codec of Object.values(CODECS)) {
  await writeFile(new URL(`draw-room.js${codec.extension}`, bundleFile), await codec.compress(bundle));
}
