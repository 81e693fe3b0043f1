import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { SignalingServer } from '../support/signaling-server.js';

/** What came over the wire, body still encoded: fetch() would decompress it and hide what was sent. */
interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function rawRequest(server: SignalingServer, path: string, headers: Record<string, string>, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${server.url}${path}`, { method, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const getScript = (server: SignalingServer, headers: Record<string, string> = {}) => rawRequest(server, '/draw-room.js', headers);

/** A bundle that compresses the way real JavaScript does: repetitive, but not one repeated byte. */
function fakeBundle(version: number): Buffer {
  const lines = Array.from({ length: 400 }, (_, i) => `export const item${i} = { id: ${i * 7919 % 1000}, label: 'item ${i} of v${version}' };`);
  return Buffer.from(lines.join('\n'));
}

function decoded(answer: RawAnswer): Buffer {
  const coding = answer.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(answer.body);
  if (coding === 'gzip') return gunzipSync(answer.body);
  assert.equal(coding, undefined, 'only br and gzip are ever sent');
  return answer.body;
}

function assertWholeAnswer(answer: RawAnswer, coding: 'br' | 'gzip' | undefined, bundle: Buffer, what: string): void {
  assert.equal(answer.status, 200, what);
  assert.equal(answer.headers['content-encoding'], coding, what);
  assert.equal(answer.headers['content-length'], String(answer.body.length), `${what}: Content-Length is the body as sent`);
  assert.match(answer.headers['vary'] ?? '', /Accept-Encoding/, `${what}: Vary`);
  assert.match(answer.headers['content-type'] ?? '', /^text\/javascript/, what);
  assert.ok(decoded(answer).equals(bundle), `${what}: decodes to the exact bundle`);
}

/** A directory holding a bundle and whatever precompressed files `prepare` writes next to it. */
async function serverFor(bundle: Buffer, prepare: (widgetFile: string) => Promise<void> = async () => {}, allowedOrigins?: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'draw-room-widget-'));
  const widgetFile = join(dir, 'draw-room.js');
  await writeFile(widgetFile, bundle);
  await prepare(widgetFile);
  const server = await SignalingServer.start({ files: { widgetFile, roomPageFile: join(dir, 'room.html') }, ...(allowedOrigins ? { allowedOrigins } : {}) });
  return { server, widgetFile, close: async () => { await server.close(); await rm(dir, { recursive: true }); } };
}

const weakBrotli = (bytes: Buffer) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
const weakGzip = (bytes: Buffer) => gzipSync(bytes, { level: 1 });

describe('GET /draw-room.js: compressed, validated, from memory', () => {
  const bundle = fakeBundle(1);
  let served: Awaited<ReturnType<typeof serverFor>>;
  let server: SignalingServer;
  before(async () => {
    // Deliberately weak compression in the "build's" files, so the tests can tell them from the server's own.
    served = await serverFor(bundle, async (file) => {
      await writeFile(`${file}.br`, weakBrotli(bundle));
      await writeFile(`${file}.gz`, weakGzip(bundle));
    });
    server = served.server;
  });
  after(() => served.close());

  it('sends brotli to a browser that accepts it, decoding to the exact bundle', async () => {
    const answer = await getScript(server, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    assertWholeAnswer(answer, 'br', bundle, 'Chromium’s Accept-Encoding');
    assert.ok(answer.body.length < bundle.length / 3, `${answer.body.length} bytes of brotli for ${bundle.length}`);
  });

  it('sends the build’s precompressed files as they are', async () => {
    assert.ok((await getScript(server, { 'Accept-Encoding': 'br' })).body.equals(weakBrotli(bundle)), 'the .br file');
    assert.ok((await getScript(server, { 'Accept-Encoding': 'gzip' })).body.equals(weakGzip(bundle)), 'the .gz file');
  });

  it('sends gzip when gzip is the best the request accepts', async () => {
    for (const accept of ['gzip', 'gzip, deflate', 'x-gzip', 'br;q=0, gzip', 'br;q=0.5, gzip;q=0.9', 'GZIP;Q=1, identity']) {
      assertWholeAnswer(await getScript(server, { 'Accept-Encoding': accept }), 'gzip', bundle, accept);
    }
  });

  it('sends brotli for `*` and when it ties with gzip', async () => {
    for (const accept of ['*', 'gzip;q=0.8, br;q=0.8', 'br, gzip', 'identity;q=0.5, *']) {
      assertWholeAnswer(await getScript(server, { 'Accept-Encoding': accept }), 'br', bundle, accept);
    }
  });

  it('sends the bundle uncompressed when the request accepts neither, or says nothing', async () => {
    for (const accept of [undefined, '', 'identity', 'deflate', 'br;q=0, gzip;q=0', '*;q=0, identity', 'br;q=zero, gzip;q=2']) {
      const answer = await getScript(server, accept === undefined ? {} : { 'Accept-Encoding': accept });
      assertWholeAnswer(answer, undefined, bundle, `Accept-Encoding ${JSON.stringify(accept)}`);
    }
  });

  it('gives each encoding its own strong ETag', async () => {
    const tags = await Promise.all(['br', 'gzip', 'identity'].map(async (accept) => (await getScript(server, { 'Accept-Encoding': accept })).headers.etag));
    for (const tag of tags) assert.match(tag ?? '', /^"[A-Za-z0-9_-]{16}(-br|-gz)?"$/, 'strong: quoted, no W/');
    assert.equal(new Set(tags).size, 3, tags.join(' '));
  });

  it('answers a revisit with 304 and no body when If-None-Match names the ETag of the encoding it would get', async () => {
    for (const accept of ['br', 'gzip', 'identity']) {
      const { etag = '' } = (await getScript(server, { 'Accept-Encoding': accept })).headers;
      for (const ifNoneMatch of [etag, `W/${etag}`, `"stale", ${etag}`, `${etag},"other"`, '*']) {
        const revisit = await getScript(server, { 'Accept-Encoding': accept, 'If-None-Match': ifNoneMatch });
        assert.equal(revisit.status, 304, `${accept}, If-None-Match: ${ifNoneMatch}`);
        assert.equal(revisit.body.length, 0);
        assert.equal(revisit.headers.etag, etag);
        assert.match(revisit.headers['vary'] ?? '', /Accept-Encoding/);
        assert.equal(revisit.headers['cache-control'], 'no-cache');
      }
    }
  });

  it('answers 200 in full when If-None-Match names another version or another encoding', async () => {
    const { etag: brTag = '' } = (await getScript(server, { 'Accept-Encoding': 'br' })).headers;
    assertWholeAnswer(await getScript(server, { 'Accept-Encoding': 'gzip', 'If-None-Match': brTag }), 'gzip', bundle, 'br tag, gzip accepted');
    assertWholeAnswer(await getScript(server, { 'Accept-Encoding': 'br', 'If-None-Match': '"AAAAAAAAAAAAAAAA-br"' }), 'br', bundle, 'old tag');
    assertWholeAnswer(await getScript(server, { 'Accept-Encoding': 'br', 'If-None-Match': brTag.slice(1, -1) }), 'br', bundle, 'unquoted tag');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await getScript(server, { 'Accept-Encoding': 'br' });
    const head = await rawRequest(server, '/draw-room.js', { 'Accept-Encoding': 'br' }, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    for (const name of ['content-length', 'content-encoding', 'etag', 'vary', 'content-type']) assert.equal(head.headers[name], get.headers[name], name);
  });
});

describe('GET /draw-room.js when the files on disk change or fall short', () => {
  it('serves a rebuilt bundle within about a second, with a new ETag, even with stale precompressed files', async () => {
    const first = fakeBundle(1);
    const { server, widgetFile, close } = await serverFor(first, async (file) => {
      await writeFile(`${file}.br`, weakBrotli(first));
      await writeFile(`${file}.gz`, weakGzip(first));
    });
    try {
      const firstBuild = await getScript(server, { 'Accept-Encoding': 'br' });
      assertWholeAnswer(firstBuild, 'br', first, 'first build');
      // A rebuild that did not rewrite the .br and .gz (vite build --watch), leaving them older than the .js.
      const second = fakeBundle(22);
      await writeFile(widgetFile, second);
      const deadline = Date.now() + 3000;
      let rebuilt = await getScript(server, { 'Accept-Encoding': 'br', 'If-None-Match': firstBuild.headers.etag ?? '' });
      while (rebuilt.status === 304 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        rebuilt = await getScript(server, { 'Accept-Encoding': 'br', 'If-None-Match': firstBuild.headers.etag ?? '' });
      }
      assertWholeAnswer(rebuilt, 'br', second, 'after the rebuild');
      assert.notEqual(rebuilt.headers.etag, firstBuild.headers.etag);
      assertWholeAnswer(await getScript(server, { 'Accept-Encoding': 'gzip' }), 'gzip', second, 'gzip after the rebuild');
    } finally {
      await close();
    }
  });

  const fallShort: Record<string, (file: string) => Promise<void>> = {
    missing: async () => {},
    'stale (of an older bundle)': async (file) => {
      await writeFile(`${file}.br`, weakBrotli(fakeBundle(0)));
      await writeFile(`${file}.gz`, weakGzip(fakeBundle(0)));
    },
    damaged: async (file) => {
      await writeFile(`${file}.br`, 'not brotli at all');
      await writeFile(`${file}.gz`, weakGzip(fakeBundle(1)).subarray(0, 100));
    },
  };
  for (const [state, prepare] of Object.entries(fallShort)) {
    it(`compresses in memory when the precompressed files are ${state}`, async () => {
      const bundle = fakeBundle(1);
      const { server, close } = await serverFor(bundle, prepare);
      try {
        const br = await getScript(server, { 'Accept-Encoding': 'br' });
        assertWholeAnswer(br, 'br', bundle, `br, ${state}`);
        assert.ok(!br.body.equals(weakBrotli(bundle)), 'brotli at full quality, not the weak one of the fixture');
        assertWholeAnswer(await getScript(server, { 'Accept-Encoding': 'gzip' }), 'gzip', bundle, `gzip, ${state}`);
      } finally {
        await close();
      }
    });
  }

  it('varies on Accept-Encoding and Origin when ALLOWED_ORIGINS is set, and still loads from an allowed origin', async () => {
    const bundle = fakeBundle(1);
    const { server, close } = await serverFor(bundle, undefined, ['https://host.example']);
    try {
      const answer = await getScript(server, { 'Accept-Encoding': 'br', Origin: 'https://host.example' });
      assertWholeAnswer(answer, 'br', bundle, 'allowed origin');
      assert.deepEqual((answer.headers['vary'] ?? '').split(/\s*,\s*/).sort(), ['Accept-Encoding', 'Origin']);
      assert.equal(answer.headers['access-control-allow-origin'], 'https://host.example');
    } finally {
      await close();
    }
  });
});
