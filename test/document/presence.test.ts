import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { Network } from './replicas.js';

describe('presence over the mesh', () => {
  afterEach(() => mock.timers.reset());

  it('drops a peer that stopped speaking for 30 s, and renews its own state so others keep it', () => {
    mock.timers.enable({ apis: ['setInterval'] });
    const network = new Network(2);
    const [alice, bob] = network.replicas as [NonNullable<(typeof network.replicas)[0]>, NonNullable<(typeof network.replicas)[1]>];
    alice.presence.setUser('Alice', '#cf1717');
    bob.presence.setUser('Bob', '#17cf60');
    network.drain();
    assert.deepEqual(alice.presence.participants.map((p) => p.name).sort(), ['Alice', 'Bob']);

    // Bob's page went away without a goodbye 31 s ago; Alice last announced herself 16 s ago.
    const age = (presence: typeof alice.presence, clientId: number, ms: number) => (presence.awareness.meta.get(clientId)!.lastUpdated -= ms);
    age(alice.presence, bob.presence.awareness.clientID, 31_000);
    age(alice.presence, alice.presence.awareness.clientID, 16_000);
    const aliceBefore = alice.presence.awareness.meta.get(alice.presence.awareness.clientID)!.clock;
    alice.presence.start();
    mock.timers.tick(3_000);
    network.drain();
    assert.deepEqual(alice.presence.participants.map((p) => p.name), ['Alice'], 'Bob timed out');
    assert.ok(alice.presence.awareness.meta.get(alice.presence.awareness.clientID)!.clock > aliceBefore, 'Alice renewed her state');
    assert.ok(bob.presence.participants.some((p) => p.name === 'Alice'), 'Bob received the renewal');

    alice.presence.stop();
    age(alice.presence, alice.presence.awareness.clientID, 16_000);
    const clock = alice.presence.awareness.meta.get(alice.presence.awareness.clientID)!.clock;
    mock.timers.tick(60_000);
    assert.equal(alice.presence.awareness.meta.get(alice.presence.awareness.clientID)!.clock, clock, 'a stopped presence runs no timer');
    network.destroy();
  });
});
