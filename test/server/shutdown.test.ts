import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.js';
import { silentLogger } from '../../server/log/log.js';
import { spawnMain } from '../support/server-process.js';
import { SseClient } from '../support/sse-client.js';
import { SignalingServer, TEST_SECRET } from '../support/signaling-server.js';

describe('graceful shutdown', () => {
  it('tells every open stream `server-restart`, ends them, and keeps room members from hearing remove-peer', async () => {
    const server = await SignalingServer.start();
    const alice = await server.visitor('alice');
    const bob = await server.visitor('bob');
    await server.join(alice, 'shutdown-room');
    await server.join(bob, 'shutdown-room');
    await alice.stream.next('add-peer');
    const closing = server.running.close(2000);
    const restart = await alice.stream.next('server-restart');
    assert.deepEqual(restart.data, { reason: 'the server is restarting', retryAfterMs: 1000 });
    await bob.stream.next('server-restart');
    await Promise.all([alice.stream.waitForEnd(), bob.stream.waitForEnd()]);
    assert.ok(!alice.stream.events.some((event) => event.event === 'remove-peer'), 'peers keep their connections');
    await closing;
  });

  it('answers 503 with Retry-After to a stream opened while shutting down', async () => {
    const { listener, closeStreams } = createApp({ tokenSecret: TEST_SECRET, log: silentLogger });
    const server = createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { token } = (await (await fetch(`${url}/access`, { method: 'POST', body: JSON.stringify({ username: 'late' }), headers: { 'Content-Type': 'application/json' } })).json()) as { token: string };
    closeStreams(1000);
    const response = await fetch(`${url}/connect?token=${token}`);
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '2');
    assert.match(((await response.json()) as { error: string }).error, /restarting/);
    server.closeAllConnections();
    server.close();
  });

  it('cuts connections still open at the deadline', async () => {
    const server = await SignalingServer.start();
    // A client that sent half a request and then nothing.
    const socket = connect(server.running.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /connect HTTP/1.1\r\nHost: x\r\n');
    const ended = new Promise((resolve) => socket.once('close', resolve));
    const started = Date.now();
    await server.running.close(300);
    await ended;
    assert.ok(Date.now() - started < 5000, 'close does not wait for the stuck client for ever');
  });

  it('runs on SIGTERM in server/main.ts: streams hear server-restart, the process exits 0', async () => {
    const { url, child, output } = await spawnMain({ TOKEN_SECRET: TEST_SECRET });
    const access = (await (await fetch(`${url}/access`, { method: 'POST', body: JSON.stringify({ username: 'alice' }), headers: { 'Content-Type': 'application/json' } })).json()) as { token: string };
    const stream = await SseClient.open(`${url}/connect?token=${access.token}`);
    await stream.next('connected');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await stream.next('server-restart');
    assert.equal(await exited, 0);
    assert.match(output(), /"event":"shutting-down"/);
  });
});
