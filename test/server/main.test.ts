import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawnServer } from '../support/server-process.js';

describe('server/main.ts', () => {
  it('refuses to start in production without TOKEN_SECRET, with one clear line', async () => {
    const server = spawnServer({ NODE_ENV: 'production', PORT: '0' });
    assert.equal(await server.exited, 1);
    assert.match(server.output(), /draw-room cannot start: TOKEN_SECRET is required when NODE_ENV=production/);
    assert.doesNotMatch(server.output(), /\n\s+at /, 'no stack trace');
  });

  it('makes up a secret outside production, says so, and serves', async () => {
    const server = spawnServer({ PORT: '0' });
    const url = await server.listening;
    assert.match(url, /^http:\/\/localhost:\d+$/);
    assert.match(server.output(), /TOKEN_SECRET is not set: using a random secret/);
    assert.equal((await fetch(`${url}/access`, { method: 'POST', body: '{"username":"ada"}', headers: { 'Content-Type': 'application/json' } })).status, 200);
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
  });

  it('names the variable at fault for a bad PORT', async () => {
    const server = spawnServer({ PORT: 'eighty' });
    assert.equal(await server.exited, 1);
    assert.match(server.output(), /PORT must be a whole number/);
  });
});
