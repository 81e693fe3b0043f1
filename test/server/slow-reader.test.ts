import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { SignalingServer, widgetOf } from '../support/signaling-server.js';

/** A raw socket that opens `token`'s event stream and then reads nothing until the test says so. */
async function stalledStream(server: SignalingServer, token: string): Promise<{ socket: Socket; read(): Promise<string> }> {
  const socket = connect(server.running.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`GET /connect?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
  socket.pause();
  socket.on('error', () => {});
  return {
    socket,
    // Resumes reading and collects what arrives in the next moments.
    read: async () => {
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.resume();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return text;
    },
  };
}

const FLOOD = 2000;

describe('a member who stops reading its stream', () => {
  it('is not cut off by another member flooding it: the flood is shed, its memberships and other senders stay', async () => {
    const logged: Array<{ event: string; reason?: unknown; userId?: unknown; memberId?: unknown }> = [];
    const server = await SignalingServer.start({
      // The attack stayed within the default burst of 400; this one is longer, to outlast what the kernel's
      // socket buffers take in (several MB on loopback) before the server's own buffer fills.
      limits: { relayPerSecond: 50, relayBurst: FLOOD },
      log: (event, fields) => logged.push({ event, ...fields }),
    });
    try {
      const attacker = await server.visitor('mallory');
      const friend = await server.visitor('friend');
      const { token, user: slow } = await server.access('slow');
      const victim = await stalledStream(server, token);
      // The victim's widget, joined over HTTP while its stream stalls (the stream given is never read).
      const slowWidget = widgetOf({ token, user: slow, stream: attacker.stream }, 'widget-1');
      await waitFor(async () => (await server.join(slowWidget, 'slow-reader-room')).status === 200);
      await server.join(attacker, 'slow-reader-room');
      await server.join(friend, 'slow-reader-room');

      const data = { pad: 'x'.repeat(15_000) };
      const statuses = new Set<number>();
      for (let i = 0; i < FLOOD; i++) {
        const response = await server.relay(attacker, slowWidget.member.id, 'ice-candidate', data);
        statuses.add(response.status);
        await response.body?.cancel();
      }
      assert.deepEqual([...statuses], [200], 'the victim was never dropped: every relay found it connected');
      assert.equal(logged.filter((line) => line.event === 'stream-closed').length, 0, 'no stream was closed');
      assert.ok(
        logged.some((line) => line.event === 'relay-shed' && line.userId === attacker.user.id && line.memberId === attacker.member.id),
        'the shed relays are logged against their sender',
      );

      const fromFriend = await server.relay(friend, slowWidget.member.id, 'session-description', { note: 'still-reachable' });
      assert.equal(fromFriend.status, 200);
      const received = await victim.read();
      assert.match(received, /still-reachable/, 'another member\'s relay still reached the victim');
      const kept = received.split('"pad"').length - 1;
      const shed = logged.filter((line) => line.event === 'relay-shed').length;
      assert.equal(kept + shed, FLOOD, 'each flood relay was either kept or shed');
      assert.ok(shed > FLOOD / 4, `${shed} of the ${FLOOD} were shed, ${kept} kept (the kernel's buffers and the sender's share)`);
      victim.socket.destroy();
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
