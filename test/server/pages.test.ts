import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignalingServer, errorOf } from '../support/signaling-server.js';

describe('pages, the widget script and CORS', () => {
  let server: SignalingServer;
  let narrow: SignalingServer;
  let missing: SignalingServer;
  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'draw-room-pages-'));
    await writeFile(join(dir, 'widget.js'), 'export const widget = 1;');
    await writeFile(join(dir, 'room.html'), '<!doctype html><draw-room server-url="/"></draw-room>');
    const files = { widgetFile: join(dir, 'widget.js'), roomPageFile: join(dir, 'room.html') };
    server = await SignalingServer.start({ files });
    narrow = await SignalingServer.start({ files, allowedOrigins: ['https://host.example'] });
    missing = await SignalingServer.start({ files: { widgetFile: join(dir, 'absent.js'), roomPageFile: join(dir, 'absent.html') } });
  });
  after(async () => Promise.all([server.close(), narrow.close(), missing.close()]));

  it('redirects / to a new unguessable room (22 base64url characters, 128 bits, never repeated) whose page makes the key: #new, no key', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const response = await server.request('/');
      assert.equal(response.status, 302);
      const location = response.headers.get('location') ?? '';
      assert.match(location, /^\/[A-Za-z0-9_-]{22}#new$/);
      seen.add(location);
    }
    assert.equal(seen.size, 20);
  });

  it('serves the room page at /<roomId> and 404 {error} for invalid room ids', async () => {
    const page = await server.request('/AbCdEfGhIjKlMnOpQrStUv');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /<draw-room/);
    for (const path of ['/short', '/bad!chars-in-it', `/${'a'.repeat(65)}`, '/two/segments']) {
      const response = await server.request(path);
      assert.equal(response.status, 404, path);
      await errorOf(response);
    }
  });

  it('serves the widget as a JavaScript module at /draw-room.js, loadable from any origin', async () => {
    const response = await server.request('/draw-room.js', { headers: { Origin: 'https://somewhere.example' } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/javascript/);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', 'secure headers are on');
    assert.equal(await response.text(), 'export const widget = 1;');
  });

  it('answers 503 {error} when the widget is not built', async () => {
    const response = await missing.request('/draw-room.js');
    assert.equal(response.status, 503);
    assert.match(await errorOf(response), /npm run build/);
  });

  it('serves the favicon as SVG at /favicon.svg and as an ICO at /favicon.ico, cached for a week', async () => {
    const svg = await server.request('/favicon.svg');
    assert.equal(svg.status, 200);
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
    assert.match(await svg.text(), /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const ico = await server.request('/favicon.ico');
    assert.equal(ico.status, 200);
    assert.equal(ico.headers.get('content-type'), 'image/x-icon');
    const bytes = Buffer.from(await ico.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 4)], [0, 0, 1, 0], 'an ICO header');
    assert.equal(bytes.toString('latin1', 23, 26), 'PNG', 'holding a PNG');
    for (const answer of [svg, ico]) {
      assert.equal(answer.headers.get('cache-control'), 'public, max-age=604800');
      const etag = answer.headers.get('etag') ?? '';
      const revisit = await server.request(new URL(answer.url).pathname, { headers: { 'If-None-Match': etag } });
      assert.equal(revisit.status, 304, answer.url);
    }
  });

  it('gives API answers, errors included, CORS and nosniff but not the page-only headers', async () => {
    const origin = { Origin: 'https://host.example' };
    const granted = await narrow.post('/access', { username: 'a' }, undefined, origin);
    const { token } = (await granted.json()) as { token: string };
    const answers = [
      granted,
      await narrow.post('/access', { username: '' }, undefined, origin),
      await narrow.post('/relay/x/ice-candidate', {}, `${token}x`, origin),
      await narrow.post(`/relay/${randomUUID()}.widget-1/ice-candidate`, { pad: 'x'.repeat(20_000) }, token, origin),
    ];
    assert.deepEqual(answers.map((answer) => answer.status), [200, 400, 401, 413]);
    for (const answer of answers) {
      assert.equal(answer.headers.get('access-control-allow-origin'), 'https://host.example', String(answer.status));
      assert.equal(answer.headers.get('vary'), 'Origin');
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(answer.headers.get('x-frame-options'), null, 'page-only headers stay on pages');
    }
    const page = await narrow.request('/AbCdEfGhIjKlMnOpQrStUv');
    assert.equal(page.headers.get('x-frame-options'), 'SAMEORIGIN');
  });

  it('answers CORS preflight for the API, allowing Authorization', async () => {
    const response = await server.request('/relay/x/ice-candidate', {
      method: 'OPTIONS',
      headers: { Origin: 'https://host.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
  });

  it('allows only ALLOWED_ORIGINS when they are set', async () => {
    const allowed = await narrow.post('/access', { username: 'a' }, undefined, { Origin: 'https://host.example' });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://host.example');
    const other = await narrow.post('/access', { username: 'a' }, undefined, { Origin: 'https://evil.example' });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    // The event stream is served outside Hono, with the same rule.
    const { token } = (await allowed.json()) as { token: string };
    for (const [origin, expected] of [['https://host.example', 'https://host.example'], ['https://evil.example', null]] as const) {
      const controller = new AbortController();
      const stream = await narrow.request(`/connect?token=${token}`, { headers: { Origin: origin }, signal: controller.signal });
      assert.equal(stream.headers.get('access-control-allow-origin'), expected, origin);
      controller.abort();
    }
  });

  it('answers unknown routes with 404 {error}', async () => {
    const response = await server.post('/no/such/route', {});
    assert.equal(response.status, 404);
    assert.match(await errorOf(response), /no route for POST/);
  });
});
