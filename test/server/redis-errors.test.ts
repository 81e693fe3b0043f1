import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectRedis, type RedisServices } from '../../server/redis/connection.js';
import { RedisServer } from '../support/redis-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LogLine {
  event: string;
  fields: Record<string, unknown>;
}

/** Polls until `check` holds; fails naming `what` after `timeoutMs`. */
async function waitUntil(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

const OUTAGE_EVENTS = new Set(['redis-error', 'redis-reconnected', 'redis-recovered']);

/** The outage lines logged since `from`, as "event role". */
const outageLines = (lines: LogLine[], from = 0) =>
  lines.slice(from).filter((line) => OUTAGE_EVENTS.has(line.event)).map((line) => `${line.event} ${String(line.fields.role)}`);

describe('Redis errors are logged once per outage, with the recovery', () => {
  let redis: RedisServer;
  let services: RedisServices;
  const lines: LogLine[] = [];
  before(async () => {
    redis = await RedisServer.start();
    // Short timeouts and rounds, so a few seconds hold many failed commands and reconnection attempts.
    services = connectRedis(redis.url, (event, fields = {}) => lines.push({ event, fields }), { commandTimeoutMs: 300, livenessIntervalMs: 100 });
    await services.ready;
  });
  after(async () => {
    await services.close({ handOverMs: 0 });
    await redis.stop();
  });

  it('logs each connection connected once at start, and nothing of an outage', () => {
    assert.deepEqual(lines.filter((line) => line.event === 'redis-connected').map((line) => line.fields.role).sort(), ['commands', 'subscriber']);
    assert.deepEqual(outageLines(lines), []);
  });

  it('logs one error per connection when Redis stops for seconds, and one reconnection each when it is back', async () => {
    const from = lines.length;
    await redis.stop();
    await sleep(3000);
    await redis.restart();
    await waitUntil('both connections are back', () => outageLines(lines, from).filter((line) => !line.startsWith('redis-error')).length >= 2);
    // Rounds of liveness after the return: a late error or a second recovery would show here.
    await sleep(500);
    assert.deepEqual(outageLines(lines, from).sort(), [
      'redis-error commands',
      'redis-error subscriber',
      'redis-reconnected commands',
      'redis-reconnected subscriber',
    ]);
    for (const line of lines.slice(from).filter((line) => line.event === 'redis-reconnected')) {
      assert.equal(typeof line.fields.downMs, 'number', 'says how long it was down');
      assert.ok((line.fields.downMs as number) > 0);
    }
    const error = lines.slice(from).find((line) => line.event === 'redis-error');
    assert.equal(typeof error?.fields.error, 'string', 'says what failed');
  });

  it('logs a stall (nothing answers, no connection drops) once, and its end', async () => {
    const from = lines.length;
    redis.pause();
    await sleep(1500);
    redis.resume();
    await waitUntil('Redis answers again', () => outageLines(lines, from).some((line) => line.startsWith('redis-recovered')));
    await sleep(500);
    assert.deepEqual(outageLines(lines, from), ['redis-error commands', 'redis-recovered commands']);
    assert.match(String(lines.slice(from).find((line) => line.event === 'redis-error')?.fields.error), /timed out/i);
  });
});
