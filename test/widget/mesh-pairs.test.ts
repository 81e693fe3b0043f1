import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MeshPlan, directPeerIds } from '../../components/network/mesh-pairs.js';

/** Ids that do not sort in the order they were made, like the server's random ones. */
const members = (count: number, salt = 0) => Array.from({ length: count }, (_, i) => `m${((i * 7919 + salt * 104729) % 100_003).toString(36).padStart(4, '0')}-${i}`);

/** Every direct pair of a room, each as "a|b" with a < b, as each member computes it from the member list alone. */
function directPairs(room: readonly string[], meshPeers: number): Set<string> {
  const pairs = new Set<string>();
  for (const id of room) {
    for (const peer of directPeerIds(id, room, meshPeers)) pairs.add(id < peer ? `${id}|${peer}` : `${peer}|${id}`);
  }
  return pairs;
}

describe('directPeerIds: which pairs of a room connect directly', () => {
  it('connects everyone to everyone while the room fits the mesh', () => {
    const room = members(4);
    for (const id of room) assert.deepEqual([...directPeerIds(id, room, 3)].sort(), room.filter((other) => other !== id).sort());
    assert.deepEqual([...directPeerIds('solo', [], 3)], []);
  });

  it('is symmetric: both ends of a pair reach the same answer on their own', () => {
    for (const [size, meshPeers] of [[10, 3], [32, 8], [17, 5], [9, 2], [40, 1]] as const) {
      const room = members(size);
      for (const a of room) {
        const direct = directPeerIds(a, room, meshPeers);
        for (const b of room) {
          if (b === a) continue;
          assert.equal(directPeerIds(b, room, meshPeers).has(a), direct.has(b), `${a} and ${b} in a room of ${size}, mesh ${meshPeers}`);
        }
      }
    }
  });

  it('gives no member more than meshPeers direct peers, and never itself', () => {
    for (const [size, meshPeers] of [[10, 3], [32, 8], [5, 4], [33, 7], [3, 1]] as const) {
      const room = members(size);
      for (const id of room) {
        const direct = directPeerIds(id, room, meshPeers);
        assert.ok(direct.size <= meshPeers, `${id} has ${direct.size} direct peers in a room of ${size}, mesh ${meshPeers}`);
        assert.ok(!direct.has(id));
      }
    }
  });

  it('links everyone through direct pairs, and every other pair takes the relay', () => {
    const room = members(32);
    const pairs = directPairs(room, 8);
    // Direct pairs alone join the whole room (a ring): no one is cut off when the relay is slow.
    const reached = new Set([room[0]!]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const pair of pairs) {
        const [a, b] = pair.split('|') as [string, string];
        if (reached.has(a) !== reached.has(b)) {
          reached.add(a).add(b);
          grew = true;
        }
      }
    }
    assert.equal(reached.size, room.length);
    // Each member holds 8 and relays the rest: 32 × 8 / 2 direct pairs out of 32 × 31 / 2.
    assert.equal(pairs.size, (32 * 8) / 2);
  });

  it('changes few pairs when one member joins: the newcomer’s, and at most half the mesh size of the others', () => {
    for (const [size, meshPeers] of [[10, 3], [31, 8], [20, 5]] as const) {
      const room = members(size);
      for (let salt = 1; salt <= 20; salt++) {
        const newcomer = members(1, salt)[0]!.replace(/-0$/, '-new');
        const before = directPairs(room, meshPeers);
        const after = directPairs([...room, newcomer], meshPeers);
        const closed = [...before].filter((pair) => !after.has(pair));
        const opened = [...after].filter((pair) => !before.has(pair));
        assert.ok(closed.length <= Math.floor(meshPeers / 2), `${closed.length} pairs closed when ${newcomer} joined ${size}, mesh ${meshPeers}`);
        assert.ok(opened.every((pair) => pair.includes(newcomer)), 'the only new pairs are the newcomer’s');
        assert.ok(opened.length <= meshPeers);
      }
    }
  });

  it('changes few pairs when one member leaves: the leaver’s go, at most half the mesh size come back', () => {
    const room = members(12);
    for (const leaver of room) {
      const before = directPairs(room, 4);
      const after = directPairs(room.filter((id) => id !== leaver), 4);
      const opened = [...after].filter((pair) => !before.has(pair));
      const closed = [...before].filter((pair) => !after.has(pair));
      assert.ok(opened.length <= 2, `${opened.length} pairs opened when ${leaver} left`);
      assert.ok(closed.every((pair) => pair.includes(leaver)), 'the only pairs closed are the leaver’s');
    }
  });

  it('ignores duplicate ids and the local id among the members', () => {
    const room = members(10);
    assert.deepEqual(directPeerIds(room[0]!, [...room, ...room], 3), directPeerIds(room[0]!, room.slice(1), 3));
  });
});

describe('MeshPlan: one browser following its room', () => {
  it('decides nothing until the server gives the mesh size: every peer may be direct meanwhile', () => {
    const plan = new MeshPlan();
    plan.announce('b', true);
    assert.deepEqual(plan.replan('a', ['b', 'c']), { dropped: [], added: [] });
    assert.equal(plan.isDirect('c'), true);
    assert.equal(plan.isBeyond('c'), false);
    plan.setSize(2);
    // b was announced with offer:true; c was not announced, and a is the lower id: c offers.
    assert.deepEqual(plan.replan('a', ['b', 'c']), { dropped: [], added: [{ peerId: 'b', offer: true }, { peerId: 'c', offer: false }] });
  });

  it('has exactly one side of each new pair offer: the one the server said, else the higher id', () => {
    // A ring of five with one direct peer each side; e leaves, so a and d become neighbours: d was told to offer
    // when it joined after a, and a was told to wait, so d offers and a waits for it.
    const room = ['a', 'b', 'c', 'd', 'e'];
    const plans = new Map(room.map((id) => [id, new MeshPlan()]));
    for (const [id, plan] of plans) {
      plan.setSize(2);
      // The later joiner (the later letter) was told to offer.
      for (const other of room) if (other !== id) plan.announce(other, id > other);
      plan.replan(id, room);
    }
    const remaining = room.filter((id) => id !== 'e');
    const offers = new Map<string, boolean>();
    for (const id of remaining) {
      const plan = plans.get(id)!;
      plan.forget('e');
      const { added, dropped } = plan.replan(id, remaining);
      assert.ok(dropped.every((peerId) => peerId === 'e'));
      for (const { peerId, offer } of added) offers.set(`${id}→${peerId}`, offer);
    }
    assert.deepEqual(Object.fromEntries(offers), { 'a→d': false, 'd→a': true });
  });

  it('says which peers are beyond the mesh, and forgets every decision on reset (the size stays)', () => {
    const plan = new MeshPlan();
    plan.setSize(2);
    plan.replan('a', ['b', 'c', 'd', 'e']);
    assert.deepEqual(['b', 'c', 'd', 'e'].filter((id) => plan.isBeyond(id)), ['c', 'd']);
    plan.reset();
    assert.equal(plan.isBeyond('c'), false);
    assert.equal(plan.size, 2);
  });
});
