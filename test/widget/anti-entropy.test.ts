import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { ItemMeta } from '../../components/drawing/board-items.js';
import { Network, type Replica } from './replicas.js';

const stroke = (id: string): ItemMeta => ({ id, author: 'alice', kind: 'stroke', color: '#cf1717', width: 4 });
const ids = (replica: Replica) => replica.document.items.map((item) => item.id);

describe('lost messages on a link that stays up', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setInterval', 'setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('an update that never arrived is fetched within seconds once a later update waits on it', () => {
    const network = new Network(2);
    const [alice, bob] = network.replicas as [Replica, Replica];
    network.drain();
    alice.document.addItem(stroke('first'), [10, 10, 0.5, 20, 20, 0.5]);
    assert.ok(network.dropOne(0, 1), 'the first update was in flight');
    alice.document.addItem(stroke('second'), [30, 30, 0.5]);
    network.drain();
    assert.deepEqual(ids(bob), [], 'the second update waits on the first');
    assert.notEqual(bob.document.ydoc.store.pendingStructs, null);

    mock.timers.tick(1_500);
    network.drain();
    assert.deepEqual(ids(bob), ['first', 'second']);
    assert.equal(bob.document.ydoc.store.pendingStructs, null);
    assert.deepEqual([...alice.reports, ...bob.reports], []);
    network.destroy();
  });

  it('keeps asking while the answer is lost too, and stops once the gap is closed', () => {
    const network = new Network(2);
    const [alice, bob] = network.replicas as [Replica, Replica];
    network.drain();
    alice.document.addItem(stroke('first'), [10, 10, 0.5]);
    network.dropOne(0, 1);
    alice.document.addItem(stroke('second'), [30, 30, 0.5]);
    network.drain();
    mock.timers.tick(1_500);
    // Bob's request reaches Alice, but her answer is lost on the way back.
    network.deliver(0);
    assert.ok(network.dropOne(0, 1), 'an answer was in flight');
    mock.timers.tick(5_000);
    network.drain();
    assert.deepEqual(ids(bob), ['first', 'second']);
    // Bob's receipt for what arrived (his state vector, for Alice's unsynced count), and her answer to it.
    mock.timers.tick(100);
    network.drain();
    mock.timers.tick(4_900);
    assert.deepEqual(network.pool, [], 'nothing is asked for once nothing is missing');
    network.destroy();
  });

  it('a lost erase that nothing depends on heals at the next periodic exchange', () => {
    const network = new Network(2);
    const [alice, bob] = network.replicas as [Replica, Replica];
    network.drain();
    alice.document.addItem(stroke('erased'), [10, 10, 0.5]);
    network.drain();
    alice.document.beginAction();
    alice.document.erase(new Set(['erased']));
    assert.ok(network.dropOne(0, 1), 'the erase was in flight');
    network.drain();
    assert.deepEqual(ids(bob), ['erased']);
    mock.timers.tick(15_000);
    network.drain();
    assert.deepEqual(ids(bob), []);
    network.destroy();
  });

  it('a closed link and a destroyed sync leave no timer running', () => {
    const network = new Network(3);
    const [alice, bob] = network.replicas as [Replica, Replica, Replica];
    network.drain();
    alice.sync.detach('peer-1');
    mock.timers.tick(60_000);
    assert.ok(network.pool.some((envelope) => envelope.from === 0 && envelope.to === 2), 'the open link still compares state');
    assert.ok(!network.pool.some((envelope) => envelope.from === 0 && envelope.to === 1), 'the closed link sends nothing');
    network.drain();
    bob.sync.destroy();
    mock.timers.tick(60_000);
    assert.ok(!network.pool.some((envelope) => envelope.from === 1), 'a destroyed sync sends nothing');
    network.destroy();
  });
});
