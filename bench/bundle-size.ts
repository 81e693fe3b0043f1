import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { startServer } from '../server/listen.js';
import { silentLogger } from '../server/log/log.js';
import { getOnWire } from './response-bytes.js';

// The widget bundle's size is a tracked figure: one JSON line, bytes as built and gzipped, and what a visitor's
// browser downloads for /draw-room.js from the real server: on a first visit with brotli, with gzip only, with
// neither, and on a revisit (If-None-Match → 304). Wire bytes are the whole answer: status line, headers, body.
const file = new URL('../dist/draw-room.js', import.meta.url);
const bundle = await readFile(file);
const brFileBytes = (await readFile(new URL('draw-room.js.br', file))).length;

const host = '127.0.0.1';
const server = await startServer({ port: 0, host, tokenSecret: 'bench-bundle-secret-of-at-least-32-characters', log: silentLogger });
// What Chromium sends when a host page on another origin loads the widget as a module script.
const browser = { Origin: 'https://host.example', Accept: '*/*', 'Sec-Fetch-Dest': 'script', 'Sec-Fetch-Mode': 'cors' };
const visit = (headers: Record<string, string>) => getOnWire(host, server.port, '/draw-room.js', { ...browser, ...headers });
const firstBr = await visit({ 'Accept-Encoding': 'gzip, deflate, br, zstd' });
const firstGzip = await visit({ 'Accept-Encoding': 'gzip, deflate' });
const firstIdentity = await visit({});
const revisit = await visit({ 'Accept-Encoding': 'gzip, deflate, br, zstd', 'If-None-Match': firstBr.headers.get('etag') ?? '' });
await server.close(500);

const expected = [[firstBr, 200, 'br'], [firstGzip, 200, 'gzip'], [firstIdentity, 200, undefined], [revisit, 304, undefined]] as const;
for (const [answer, status, coding] of expected) {
  if (answer.status !== status || answer.headers.get('content-encoding') !== coding) {
    throw new Error(`expected ${status} ${coding ?? 'uncompressed'}, got ${answer.status} ${answer.headers.get('content-encoding') ?? 'uncompressed'}`);
  }
}

console.log(
  JSON.stringify({
    bench: 'bundle',
    file: 'dist/draw-room.js',
    minBytes: bundle.length,
    gzipBytes: gzipSync(bundle, { level: 9 }).length,
    brBytes: brFileBytes,
    wireBytes: { firstVisitBr: firstBr.bytes, firstVisitGzip: firstGzip.bytes, firstVisitIdentity: firstIdentity.bytes, revisit304: revisit.bytes },
  }),
);
