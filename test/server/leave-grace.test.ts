import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignalingServer, type Visitor } from '../support/signaling-server.js';

// The tabs of a browser share one stream; when the tab holding it closes, another tab opens the next one for the
// same user. The server waits LEAVE_GRACE_MS before a user whose stream ended leaves its rooms, so the others
// keep their connections to the browser's remaining tabs.
const GRACE_MS = 1000;

async function twoInARoom(server: SignalingServer, room: string): Promise<[Visitor, Visitor]> {
  const alice = await server.visitor('alice');
  const bob = await server.visitor('bob');
  for (const visitor of [alice, bob]) assert.equal((await server.join(visitor, room)).status, 200);
  await alice.stream.next('add-peer');
  return [alice, bob];
}

describe('the leave grace after a stream ends', () => {
  it('keeps a user whose stream another one took over within the grace in its rooms: no remove-peer, relays reach it', async () => {
    const server = await SignalingServer.start({ leaveGraceMs: GRACE_MS });
    try {
      const [alice, bob] = await twoInARoom(server, 'grace-room-kept');
      bob.stream.close();
      // The hand-over takes a moment (the next tab gets the lock, renews the token, opens its stream).
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Another tab of bob's browser: the same token's user, a new stream, its widget joining again.
      const next = await server.connect(bob.token);
      await next.next('connected');
      assert.equal((await server.join({ ...bob, stream: next }, 'grace-room-kept')).status, 200);
      assert.deepEqual(await alice.stream.eventsWithin(1200), [], 'alice hears of no leave and no new join');
      assert.equal((await server.relay(alice, bob.member.id, 'ice-candidate', { candidate: 'x' })).status, 200);
      assert.equal(((await next.next('ice-candidate')).data as { to: string }).to, bob.member.id, 'the relay reaches bob on the new stream');
    } finally {
      await server.close();
    }
  });

  it('takes a user whose stream no other replaced out of its rooms once the grace is over', async () => {
    const server = await SignalingServer.start({ leaveGraceMs: GRACE_MS });
    try {
      const [alice, bob] = await twoInARoom(server, 'grace-room-left');
      bob.stream.close();
      const removed = await alice.stream.next('remove-peer', 10_000);
      assert.deepEqual(removed.data, { to: alice.member.id, peer: bob.member, roomId: 'grace-room-left' });
      assert.equal((await server.relay(alice, bob.member.id, 'ice-candidate', { candidate: 'x' })).status, 404);
    } finally {
      await server.close();
    }
  });
});
