import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { Network, type Replica } from './replicas.js';

describe('views shared through presence', () => {
  afterEach(() => mock.timers.reset());

  it("gives a peer someone's view, and undefined for someone not here", () => {
    const network = new Network(2);
    const [alice, bob] = network.replicas as [Replica, Replica];
    alice.presence.setUser('Alice');
    bob.presence.setUser('Bob');
    network.drain();
    const aliceId = alice.presence.awareness.clientID;
    assert.equal(bob.presence.viewOf(aliceId), null, 'alice shares no view until she moves hers');
    assert.equal(bob.presence.viewOf(424242), undefined);

    alice.presence.setView({ centerX: 412.5, centerY: -80.25, zoom: 2.44140625 });
    network.drain();
    assert.deepEqual(bob.presence.viewOf(aliceId), { centerX: 412.5, centerY: -80.25, zoom: 2.44140625 });
    network.destroy();
  });

  it('sends views at most 20 times a second, the latest last', () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
    const network = new Network(2);
    const [alice, bob] = network.replicas as [Replica, Replica];
    alice.presence.setUser('Alice');
    network.drain();
    const aliceId = alice.presence.awareness.clientID;
    const views = [1, 2, 3, 4].map((step) => ({ centerX: 800 + step * 10, centerY: 500, zoom: 1 }));

    alice.presence.setView(views[0]!);
    network.drain();
    assert.deepEqual(bob.presence.viewOf(aliceId), views[0], 'the first goes at once');
    for (const view of views.slice(1)) alice.presence.setView(view);
    network.drain();
    assert.deepEqual(bob.presence.viewOf(aliceId), views[0], 'the next wait for the interval');
    mock.timers.tick(50);
    network.drain();
    assert.deepEqual(bob.presence.viewOf(aliceId), views[3], 'then the latest goes, the ones between never');
    network.destroy();
  });

  it("holds a peer's view to what this page can show, and ignores one that is not numbers", () => {
    const network = new Network(2);
    const [alice, bob] = network.replicas as [Replica, Replica];
    alice.presence.setUser('Alice');
    const aliceId = alice.presence.awareness.clientID;
    alice.presence.awareness.setLocalStateField('view', { centerX: 5e9, centerY: -5e9, zoom: 1e6 });
    network.drain();
    assert.deepEqual(bob.presence.viewOf(aliceId), { centerX: 100_000, centerY: -100_000, zoom: 8 });
    alice.presence.awareness.setLocalStateField('view', { centerX: '1', centerY: null, zoom: 1 });
    network.drain();
    assert.equal(bob.presence.viewOf(aliceId), null);
    network.destroy();
  });
});
