import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const mainFile = fileURLToPath(new URL('../../server/main.ts', import.meta.url));

/** Runs server/main.ts until it prints `until` (then stops it) or exits by itself. */
function runMain(env: Record<string, string>, until?: RegExp): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', mainFile], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (until?.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('server/main.ts', () => {
  it('refuses to start in production without TOKEN_SECRET, with one clear line', async () => {
    const { code, output } = await runMain({ NODE_ENV: 'production', PORT: '0' });
    assert.equal(code, 1);
    assert.match(output, /draw-room cannot start: TOKEN_SECRET is required when NODE_ENV=production/);
    assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
  });

  it('makes up a secret outside production, says so, and serves', async () => {
    const { output } = await runMain({ PORT: '0' }, /listening: open http:\/\/localhost:\d+\//);
    assert.match(output, /TOKEN_SECRET is not set: using a random secret/);
    assert.match(output, /draw-room server listening: open http:\/\/localhost:\d+\//);
  });

  it('names the variable at fault for a bad PORT', async () => {
    const { code, output } = await runMain({ PORT: 'eighty' });
    assert.equal(code, 1);
    assert.match(output, /PORT must be a whole number/);
  });
});
