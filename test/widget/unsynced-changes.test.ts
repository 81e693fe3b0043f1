import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ItemMeta } from '../../components/drawing/board-items.js';
import { RECEIPT_AFTER_MS } from '../../components/sync/delivery-receipts.js';
import { UnsyncedChanges, coversDeletes } from '../../components/sync/unsynced-changes.js';
import { Network, type Replica } from './replicas.js';

describe('UnsyncedChanges: which of this page\'s changes no peer holds yet', () => {
  it('keeps an insert until one peer\'s state vector reaches its clock', () => {
    const counts: number[] = [];
    const unsynced = new UnsyncedChanges((count) => counts.push(count));
    unsynced.recordLocal({ inserted: new Map([[7, 10]]), deleted: new Map() });
    unsynced.recordLocal({ inserted: new Map([[7, 20]]), deleted: new Map() });
    unsynced.peerStateVector('a', new Map([[7, 15]]));
    assert.equal(unsynced.count, 1, 'the peer holds the first change only');
    unsynced.peerStateVector('b', new Map([[7, 20], [9, 3]]));
    assert.equal(unsynced.count, 0);
    assert.deepEqual(counts, [1, 2, 1, 0]);
  });

  it('keeps a delete-only change (an erase moves no clock) until a peer\'s delete set covers it', () => {
    const unsynced = new UnsyncedChanges(() => {});
    unsynced.recordLocal({ inserted: new Map(), deleted: new Map([[3, [[4, 2]] as const]]) });
    unsynced.peerStateVector('a', new Map([[3, 100]]));
    assert.equal(unsynced.count, 1, 'a state vector says nothing of deletes');
    assert.ok(unsynced.awaitsDeletes && unsynced.awaitsDeletesFrom('a'));
    unsynced.peerDeleteSet('a', new Map([[3, [[0, 5]] as const]]));
    assert.equal(unsynced.count, 1, 'clocks 4 and 5 deleted, the peer only up to 4');
    unsynced.peerDeleteSet('a', new Map([[3, [[0, 5], [5, 1]] as const]]));
    assert.equal(unsynced.count, 0);
  });

  it('needs one peer to hold all of a change, not its parts spread over several', () => {
    const unsynced = new UnsyncedChanges(() => {});
    unsynced.recordLocal({ inserted: new Map([[1, 5]]), deleted: new Map([[2, [[0, 1]] as const]]) });
    unsynced.peerStateVector('a', new Map([[1, 5]]));
    unsynced.peerDeleteSet('b', new Map([[2, [[0, 1]] as const]]));
    assert.equal(unsynced.count, 1);
  });

  it('reads delete ranges merged, in any order', () => {
    assert.ok(coversDeletes(new Map([[1, [[5, 5], [0, 5]] as const]]), new Map([[1, [[2, 6]] as const]])));
    assert.ok(!coversDeletes(new Map([[1, [[0, 4], [5, 5]] as const]]), new Map([[1, [[2, 6]] as const]])), 'clock 4 is missing');
    assert.ok(!coversDeletes(new Map(), new Map([[1, [[0, 1]] as const]])));
  });
});

let nextId = 0;
function draw(replica: Replica): string {
  const meta: ItemMeta = { id: `item-${nextId++}`, author: `author-${replica.index}`, kind: 'stroke', color: '#cf1717', width: 4 };
  replica.document.beginAction();
  replica.document.addItem(meta, [10, 10, 0.5, 20, 20, 0.5]);
  return meta.id;
}

/** Delivers everything, lets the receipts' timers fire, and again, until nothing more is sent. */
async function settle(network: Network): Promise<void> {
  for (let round = 0; round < 20; round++) {
    network.drain();
    await new Promise((resolve) => setTimeout(resolve, RECEIPT_AFTER_MS * 2));
    if (network.pool.length === 0) return;
  }
  throw new Error('receipts never went quiet');
}

describe('delivery receipts between real DocumentSyncs', () => {
  it('counts a stroke as unsynced until the peer that got it answers with its state vector', async () => {
    const network = new Network(2);
    await settle(network);
    const [alice, bob] = network.replicas as [Replica, Replica];
    draw(alice);
    assert.equal(alice.sync.unsyncedChanges, 1);
    network.drain();
    assert.equal(bob.document.items.length, 1, 'bob has the stroke');
    assert.equal(alice.sync.unsyncedChanges, 1, 'but alice does not know it yet');
    await settle(network);
    assert.equal(alice.sync.unsyncedChanges, 0, "bob's receipt covers it");
    assert.deepEqual(alice.unsyncedCounts, [1, 0]);
    assert.deepEqual(bob.unsyncedCounts, [], 'receiving is no change of bob\'s own');
    network.destroy();
  });

  it('counts an erase (no new clock) until the peer shows its delete set', async () => {
    const network = new Network(2);
    const [alice, bob] = network.replicas as [Replica, Replica];
    const id = draw(alice);
    await settle(network);
    alice.document.beginAction();
    alice.document.erase(new Set([id]));
    assert.equal(alice.sync.unsyncedChanges, 1);
    await settle(network);
    assert.equal(bob.document.items.length, 0);
    assert.equal(alice.sync.unsyncedChanges, 0);
    network.destroy();
  });

  it('keeps changes made while cut off, and clears them once the link heals', async () => {
    const network = new Network(2);
    const [alice] = network.replicas as [Replica, Replica];
    network.partition(0, 1);
    draw(alice);
    draw(alice);
    await settle(network);
    assert.equal(alice.sync.unsyncedChanges, 2, 'nothing reached anyone');
    network.heal(0, 1);
    await settle(network);
    assert.equal(alice.sync.unsyncedChanges, 0);
    network.destroy();
  });

  it('keeps a change whose update was lost even though later messages arrived', async () => {
    const network = new Network(2);
    const [alice, bob] = network.replicas as [Replica, Replica];
    await settle(network);
    draw(alice);
    assert.ok(network.dropOne(0, 1), "alice's update is lost");
    bob.sync.attach({ peerId: 'peer-0', send: (bytes) => network.pool.push({ from: 1, to: 0, bytes: bytes.slice() }) });
    // Bob's sync step 1 reaches alice, without what she lost: it must not count as a receipt.
    network.deliver(network.pool.findIndex((envelope) => envelope.from === 1));
    assert.equal(alice.sync.unsyncedChanges, 1);
    network.destroy();
  });

  it('stays unsynced when the only peer leaves before its receipt', async () => {
    const network = new Network(2);
    const [alice] = network.replicas as [Replica, Replica];
    await settle(network);
    draw(alice);
    alice.sync.detach('peer-1');
    network.pool.length = 0;
    await settle(network);
    assert.equal(alice.sync.unsyncedChanges, 1);
    network.destroy();
  });
});
