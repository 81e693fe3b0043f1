import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { SignalingServer } from '../support/signaling-server.js';

describe('a client that stops reading its stream', () => {
  it('is dropped before 10 MB of relays pile up in server memory', async () => {
    const logged: Array<{ event: string; reason?: unknown }> = [];
    const server = await SignalingServer.start({
      limits: { relayPerSecond: 100_000, relayBurst: 100_000 },
      log: (event, fields) => logged.push({ event, ...fields }),
    });
    try {
      const alice = await server.visitor('alice');
      const { token, user: slow } = await server.access('slow');
      // A raw socket that sends the request and then never reads a byte.
      const socket = connect(server.running.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(`GET /connect?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
      socket.pause();
      socket.on('error', () => {});
      await waitFor(async () => (await server.join({ token, user: slow, stream: alice.stream }, 'slow-reader-room')).status === 200);
      await server.join(alice, 'slow-reader-room');

      const body = { pad: 'x'.repeat(15_000) };
      const baseline = process.memoryUsage().arrayBuffers;
      let peakGrowth = 0;
      let sent = 0;
      let refusedAt = -1;
      for (let i = 0; i < 700 && refusedAt < 0; i++) {
        const response = await server.post(`/relay/${slow.id}/ice-candidate`, body, alice.token);
        await response.body?.cancel();
        if (response.status === 404) refusedAt = i;
        else sent += 15_000;
        peakGrowth = Math.max(peakGrowth, process.memoryUsage().arrayBuffers - baseline);
      }
      assert.ok(refusedAt > 0, 'relays to the slow client are refused once it has been dropped');
      assert.ok(sent < 10_000_000, `dropped after ${(sent / 1e6).toFixed(1)} MB of the 10.5 MB`);
      const closed = logged.find((line) => line.event === 'stream-closed');
      assert.match(String(closed?.reason), /more than 1048576 bytes unread/);
      assert.ok(peakGrowth < 8 * 1024 * 1024, `server buffers grew by ${(peakGrowth / 1e6).toFixed(1)} MB`);
      socket.destroy();
    } finally {
      await server.close();
    }
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('timed out');
}
