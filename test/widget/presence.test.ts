import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import * as encoding from 'lib0/encoding';
import { FrameKind, frame } from '../../components/network/channel-frames.js';
import { Network, type Replica } from './replicas.js';

describe('presence over the mesh', () => {
  afterEach(() => mock.timers.reset());

  it('drops a peer that stopped speaking for 30 s, and renews its own state so others keep it', () => {
    mock.timers.enable({ apis: ['setInterval'] });
    const network = new Network(2);
    const [alice, bob] = network.replicas as [NonNullable<(typeof network.replicas)[0]>, NonNullable<(typeof network.replicas)[1]>];
    alice.presence.setUser('Alice');
    bob.presence.setUser('Bob');
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

describe('presence from a hostile peer', () => {
  /** An awareness update as y-protocols encodes it, for any client id the sender cares to claim. */
  function forgedAwareness(entries: Array<{ clientId: number; clock: number; state: object | null }>): ArrayBuffer {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, entries.length);
    for (const { clientId, clock, state } of entries) {
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, JSON.stringify(state));
    }
    const bytes = frame(FrameKind.Awareness, encoding.toUint8Array(encoder))[0]!;
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  it("refuses awareness a link sends for the receiver's own client id or another link's, and says which peer", () => {
    const network = new Network(3);
    const [victim, attacker, third] = network.replicas as [Replica, Replica, Replica];
    victim.presence.setUser('Victim');
    attacker.presence.setUser('Attacker');
    third.presence.setUser('Third');
    network.drain();
    const names = () => new Map(victim.presence.participants.map((p) => [p.clientId, `${p.name}${p.local ? ' (local)' : ''}`]));
    const before = names();
    const { awareness } = victim.presence;
    const victimId = awareness.clientID;
    const thirdId = third.presence.awareness.clientID;

    victim.sync.receive('peer-1', forgedAwareness([
      { clientId: victimId, clock: awareness.meta.get(victimId)!.clock + 10, state: { name: 'HACKED', color: '#000000' } },
      { clientId: thirdId, clock: awareness.meta.get(thirdId)!.clock + 10, state: { name: 'HACKED', color: '#000000' } },
    ]));
    victim.sync.receive('peer-1', forgedAwareness([{ clientId: thirdId, clock: awareness.meta.get(thirdId)!.clock + 11, state: null }]));

    assert.deepEqual(names(), before, "the victim's own entry and the third peer's are untouched");
    assert.equal(victim.reports.length, 2, victim.reports.join('\n'));
    for (const report of victim.reports) assert.match(report, /refused presence from peer peer-1 for client/);
    assert.match(victim.reports[0]!, new RegExp(`client ${victimId}.*client ${thirdId}`));

    // The attacker's own entry still updates, and its own removal is accepted.
    const attackerId = attacker.presence.awareness.clientID;
    victim.sync.receive('peer-1', forgedAwareness([{ clientId: attackerId, clock: awareness.meta.get(attackerId)!.clock + 1, state: { name: 'Renamed', color: '#17cf60' } }]));
    assert.equal(names().get(attackerId), 'Renamed');
    victim.sync.receive('peer-1', forgedAwareness([{ clientId: attackerId, clock: awareness.meta.get(attackerId)!.clock + 1, state: null }]));
    assert.equal(names().has(attackerId), false);
    assert.equal(victim.reports.length, 2);
    network.destroy();
  });

  it('refuses a link whose first announcement claims an id another link already speaks for', () => {
    const network = new Network(3);
    const [victim, , third] = network.replicas as [Replica, Replica, Replica];
    third.presence.setUser('Third');
    // Only the third peer's link has spoken; the first link's first words claim the third peer's id.
    network.pool.splice(0, network.pool.length, ...network.pool.filter((envelope) => envelope.from === 2 && envelope.to === 0));
    network.drain();
    const thirdId = third.presence.awareness.clientID;
    const clock = victim.presence.awareness.meta.get(thirdId)!.clock;
    victim.sync.receive('peer-1', forgedAwareness([{ clientId: thirdId, clock: clock + 5, state: { name: 'HACKED', color: '#000000' } }]));
    assert.equal(victim.presence.participants.find((p) => p.clientId === thirdId)?.name, 'Third');
    assert.match(victim.reports.join('\n'), /peer-1/);
    network.destroy();
  });
});
