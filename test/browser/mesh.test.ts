/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { PeerMesh, type MeshTiming, type PeerState } from '../../components/network/mesh.js';
import { DEFAULT_MESH_PEERS, type User } from '../../protocol/signaling.js';
import { eventually } from '../support/eventually.js';

// Quick enough for tests, slow enough that a loaded machine still connects before a link counts as broken.
const FAST: MeshTiming = { iceRestartAfterMs: 1000, replaceAfterMs: 4000, maxReplaceAfterMs: 8000, unreachableAfterMs: 3000, checkEveryMs: 100 };
/** Nothing is replaced: negotiation alone must connect. */
const PATIENT: MeshTiming = { iceRestartAfterMs: 60_000, replaceAfterMs: 60_000, maxReplaceAfterMs: 60_000, unreachableAfterMs: 60_000, checkEveryMs: 1000 };
/** Replacements every 0.5, 1, then 2 s at most (plus up to 20% jitter below the cap), to see the backoff in seconds. */
const BACKOFF: MeshTiming = { iceRestartAfterMs: 1000, replaceAfterMs: 500, maxReplaceAfterMs: 2000, unreachableAfterMs: 1500, checkEveryMs: 100 };
const ALICE: User = { id: '11111111-1111-4111-8111-111111111111', username: 'alice' };
const BOB: User = { id: '22222222-2222-4222-8222-222222222222', username: 'bob' };

interface Side {
  user: User;
  mesh: PeerMesh;
  gone: string[];
  errors: string[];
  received: string[];
  /** The data channels handed over by onChannelOpen, latest last. */
  channels: RTCDataChannel[];
  /** The other's state as this side saw it at each onPeersChanged. */
  stateReports: (PeerState | 'absent')[];
  /** When this side sent each offer (performance.now()). */
  offersSentAt: number[];
  /** While false, this side's signaling is down: nothing it sends is delivered. */
  online: boolean;
  /** While true, this side's new connections gather no candidate (relay only, and no TURN server): nothing reaches it. */
  blocked: boolean;
}

/** Two meshes in this page whose signaling is a direct (asynchronous) call into each other. */
function pair(timing = FAST, blocked: User | null = null): [Side, Side] {
  const sides: Side[] = [];
  for (const user of [ALICE, BOB]) {
    const side: Side = {
      user,
      mesh: undefined as unknown as PeerMesh,
      gone: [],
      errors: [],
      received: [],
      channels: [],
      stateReports: [],
      offersSentAt: [],
      online: true,
      blocked: user === blocked,
    };
    const otherState = () => side.mesh.peerStates.find(({ peer }) => peer.id !== user.id)?.state ?? 'absent';
    side.mesh = new PeerMesh(
      () => user.id,
      () => [],
      {
        signal: (peerId, event, data) => {
          const other = sides.find((s) => s.user.id === peerId)!;
          if (!side.online) return;
          if ((data as { description?: RTCSessionDescriptionInit }).description?.type === 'offer') side.offersSentAt.push(performance.now());
          setTimeout(() => void (event === 'session-description' ? other.mesh.handleDescription(user, data) : other.mesh.handleCandidate(user, data)), 5);
        },
        onChannelOpen: (_peer, channel) => side.channels.push(channel),
        onPeerGone: (peer) => side.gone.push(peer.username),
        onMessage: (_peer, data) => side.received.push(String(data)),
        onPeersChanged: () => side.stateReports.push(otherState()),
        onUnreachable: (_peer, report) => side.errors.push(report),
        onError: (message) => side.errors.push(message),
      },
      timing,
      () => ({ iceTransportPolicy: side.blocked ? 'relay' : 'all' }),
    );
    // What the join answer tells a session's mesh: until then it connects to no one.
    side.mesh.setMeshSize(DEFAULT_MESH_PEERS);
    sides.push(side);
  }
  return sides as [Side, Side];
}

/** Under mocha's 10 s, so a wait that fails says what it waited for. */
const WAIT_MS = 8000;

const connected = (side: Side) => side.mesh.connectedPeers.length === 1;
const openChannel = (side: Side) => side.channels.filter((channel) => channel.readyState === 'open').at(-1)!;
const stateOf = (side: Side, peer: User) => side.mesh.peerStates.find((status) => status.peer.id === peer.id)?.state;
const unreachableErrors = (side: Side) => side.errors.filter((message) => message.startsWith("can't reach peer"));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PeerMesh between two real RTCPeerConnections', () => {
  let sides: Side[] = [];
  afterEach(() => sides.forEach((side) => side.mesh.close()));

  it('connects when both sides offer at once (perfect negotiation never deadlocks)', async () => {
    const [alice, bob] = (sides = pair(PATIENT));
    alice.mesh.addPeer(BOB, true);
    bob.mesh.addPeer(ALICE, true);
    await eventually('both channels open', () => connected(alice) && connected(bob), WAIT_MS);
  });

  it('keeps a working connection when the server announces the peer again (a rejoin)', async () => {
    const [alice, bob] = (sides = pair());
    bob.mesh.addPeer(ALICE, false);
    alice.mesh.addPeer(BOB, true);
    await eventually('connected', () => connected(alice) && connected(bob), WAIT_MS);
    const before = alice.mesh.connectionTo(BOB.id);
    alice.mesh.addPeer(BOB, true);
    bob.mesh.addPeer(ALICE, false);
    expect(alice.mesh.connectionTo(BOB.id)).to.equal(before);
    alice.mesh.channelTo(BOB.id)!.send('still the same channel');
    await eventually('the message arrives', () => bob.received.includes('still the same channel'), WAIT_MS);
  });

  it('restores a connection closed under it, while the peer is still in the room', async () => {
    const [alice, bob] = (sides = pair());
    bob.mesh.addPeer(ALICE, false);
    alice.mesh.addPeer(BOB, true);
    await eventually('connected', () => connected(alice) && connected(bob), WAIT_MS);
    alice.mesh.connectionTo(BOB.id)!.close();
    await eventually('the loss is noticed', () => !connected(alice) && !connected(bob), WAIT_MS);
    await eventually('the connection is restored', () => connected(alice) && connected(bob), WAIT_MS);
    bob.mesh.channelTo(ALICE.id)!.send('after the restore');
    await eventually('messages flow again', () => alice.received.includes('after the restore'), WAIT_MS);
  });

  it('reports connecting, then direct, once each, for a pair that connects on its own addresses', async () => {
    const [alice, bob] = (sides = pair());
    bob.mesh.addPeer(ALICE, false);
    alice.mesh.addPeer(BOB, true);
    expect(stateOf(alice, BOB)).to.equal('connecting');
    await eventually('connected', () => connected(alice) && connected(bob), WAIT_MS);
    expect(stateOf(alice, BOB)).to.equal('direct');
    expect(stateOf(bob, ALICE)).to.equal('direct');
    // Ten watchdog checks with nothing new to say.
    await sleep(10 * FAST.checkEveryMs);
    expect(alice.stateReports).to.deep.equal(['connecting', 'direct']);
    expect(bob.stateReports).to.deep.equal(['connecting', 'direct']);
    expect(alice.errors.concat(bob.errors)).to.deep.equal([]);
  });

  it('keeps a vanished peer as unreachable, naming it, until the server says it left', async function () {
    this.timeout(15_000);
    const [alice, bob] = (sides = pair());
    bob.mesh.addPeer(ALICE, false);
    alice.mesh.addPeer(BOB, true);
    await eventually('connected', () => connected(alice) && connected(bob), WAIT_MS);
    // Bob's tab is gone: his connections close and he never signals again, but the server has not noticed yet.
    bob.online = false;
    bob.mesh.close();
    await eventually('alice has lost the channel', () => !connected(alice), WAIT_MS);
    const lostAt = performance.now();
    await eventually('bob is unreachable for alice', () => stateOf(alice, BOB) === 'unreachable', FAST.unreachableAfterMs + 2000);
    expect(performance.now() - lostAt).to.be.at.least(FAST.unreachableAfterMs - 2 * FAST.checkEveryMs);
    // Long past the 45 s of the old give-up, scaled: still wanted, still one error for the one transition.
    await sleep(FAST.unreachableAfterMs);
    expect(alice.mesh.peerStates.map(({ peer, state }) => [peer.username, state])).to.deep.equal([['bob', 'unreachable']]);
    expect(unreachableErrors(alice)).to.have.length(1);
    expect(unreachableErrors(alice)[0]).to.match(/^can't reach peer bob \(22222222…\): no working connection for [\d.]+ s; retrying$/);
    expect(alice.stateReports).to.deep.equal(['connecting', 'direct', 'connecting', 'unreachable']);

    alice.mesh.removePeer(BOB.id);
    expect(alice.mesh.peerStates).to.deep.equal([]);
    expect(alice.gone).to.include('bob');
    expect(alice.stateReports.at(-1)).to.equal('absent');
  });

  for (const blockedUser of [ALICE, BOB]) {
    const role = blockedUser === BOB ? 'the side that offers replacements' : 'the side that waits for them';
    it(`shows an unreachable pair, backs off, and connects once the network comes back (blocked: ${role})`, async function () {
      this.timeout(25_000);
      const [alice, bob] = (sides = pair(BACKOFF, blockedUser));
      const startedAt = performance.now();
      bob.mesh.addPeer(ALICE, false);
      alice.mesh.addPeer(BOB, true);

      await sleep(BACKOFF.unreachableAfterMs / 2);
      expect([stateOf(alice, BOB), stateOf(bob, ALICE)]).to.deep.equal(['connecting', 'connecting']);
      await eventually('both see the other unreachable', () => stateOf(alice, BOB) === 'unreachable' && stateOf(bob, ALICE) === 'unreachable', 3000);
      expect(performance.now() - startedAt).to.be.at.least(BACKOFF.unreachableAfterMs - 2 * BACKOFF.checkEveryMs);
      expect(unreachableErrors(alice)).to.have.length(1);
      expect(unreachableErrors(alice)[0]).to.match(/^can't reach peer bob \(22222222…\): no connection after [\d.]+ s; retrying$/);
      expect(unreachableErrors(bob)).to.have.length(1);
      expect(unreachableErrors(bob)[0]).to.match(/^can't reach peer alice \(11111111…\): no connection after [\d.]+ s; retrying$/);

      // Bob (the higher id) replaces the link, each time waiting twice as long, up to the cap.
      await eventually('bob has replaced the link four times', () => bob.offersSentAt.length >= 4, 10_000);
      const waits = bob.offersSentAt.slice(1).map((at, i) => at - bob.offersSentAt[i]!);
      const slack = 5 * BACKOFF.checkEveryMs;
      expect(waits[0]).to.be.within(1000 - 50, 1200 + slack);
      expect(waits[1]).to.be.within(2000 - 50, 2000 + slack);
      expect(waits[2]).to.be.within(2000 - 50, 2000 + slack);
      expect(connected(alice) || connected(bob)).to.equal(false);
      expect(alice.mesh.peerStates.map(({ peer }) => peer.username)).to.deep.equal(['bob']);
      expect(unreachableErrors(alice).length + unreachableErrors(bob).length).to.equal(2);

      // The network comes back: the next replacement connects, with no help from the server.
      sides.find((side) => side.user === blockedUser)!.blocked = false;
      await eventually('connected again', () => connected(alice) && connected(bob), BACKOFF.maxReplaceAfterMs + 3000);
      expect([stateOf(alice, BOB), stateOf(bob, ALICE)]).to.deep.equal(['direct', 'direct']);
      expect(alice.stateReports).to.deep.equal(['connecting', 'unreachable', 'direct']);
      expect(bob.stateReports).to.deep.equal(['connecting', 'unreachable', 'direct']);
      openChannel(alice).send('back in touch');
      await eventually('the message arrives', () => bob.received.includes('back in touch'), WAIT_MS);
      const offersBefore = bob.offersSentAt.length;
      await sleep(BACKOFF.maxReplaceAfterMs + 500);
      expect(bob.offersSentAt.length, 'a working link is not replaced').to.equal(offersBefore);
    });
  }
});
