/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { PeerMesh, type MeshTiming } from '../../components/mesh.js';
import type { User } from '../../server/protocol.js';

// Quick enough for tests, slow enough that a loaded machine still connects before a link counts as broken.
const FAST: MeshTiming = { iceRestartAfterMs: 1000, replaceAfterMs: 4000, giveUpAfterMs: 3000, checkEveryMs: 100 };
/** Nothing is replaced or given up: negotiation alone must connect. */
const PATIENT: MeshTiming = { iceRestartAfterMs: 60_000, replaceAfterMs: 60_000, giveUpAfterMs: 60_000, checkEveryMs: 1000 };
const ALICE: User = { id: '11111111-1111-4111-8111-111111111111', username: 'alice' };
const BOB: User = { id: '22222222-2222-4222-8222-222222222222', username: 'bob' };

interface Side {
  user: User;
  mesh: PeerMesh;
  gone: string[];
  errors: string[];
  received: string[];
  /** While false, this side's signaling is down: nothing it sends is delivered. */
  online: boolean;
}

/** Two meshes in this page whose signaling is a direct (asynchronous) call into each other. */
function pair(timing = FAST): [Side, Side] {
  const sides: Side[] = [];
  for (const user of [ALICE, BOB]) {
    const side = { user, gone: [] as string[], errors: [] as string[], received: [] as string[], online: true } as Side;
    side.mesh = new PeerMesh(() => user.id, () => [], {
      signal: (peerId, event, data) => {
        const other = sides.find((s) => s.user.id === peerId)!;
        if (!side.online) return;
        setTimeout(() => void (event === 'session-description' ? other.mesh.handleDescription(user, data) : other.mesh.handleCandidate(user, data)), 5);
      },
      onChannelOpen: () => {},
      onPeerGone: (peer) => side.gone.push(peer.username),
      onMessage: (_peer, data) => side.received.push(String(data)),
      onPeersChanged: () => {},
      onError: (message) => side.errors.push(message),
    }, timing);
    sides.push(side);
  }
  return sides as [Side, Side];
}

async function until(what: string, check: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const connected = (side: Side) => side.mesh.connectedPeers.length === 1;
const linkOf = (side: Side) => (side.mesh as unknown as { links: Map<string, { connection: RTCPeerConnection; channel: RTCDataChannel | null }> }).links.values().next().value;

describe('PeerMesh between two real RTCPeerConnections', () => {
  let sides: Side[] = [];
  afterEach(() => sides.forEach((side) => side.mesh.close()));

  it('connects when both sides offer at once (perfect negotiation never deadlocks)', async () => {
    const [alice, bob] = (sides = pair(PATIENT));
    alice.mesh.addPeer(BOB, true);
    bob.mesh.addPeer(ALICE, true);
    await until('both channels open', () => connected(alice) && connected(bob));
  });

  it('keeps a working connection when the server announces the peer again (a rejoin)', async () => {
    const [alice, bob] = (sides = pair());
    bob.mesh.addPeer(ALICE, false);
    alice.mesh.addPeer(BOB, true);
    await until('connected', () => connected(alice) && connected(bob));
    const before = linkOf(alice)!.connection;
    alice.mesh.addPeer(BOB, true);
    bob.mesh.addPeer(ALICE, false);
    expect(linkOf(alice)!.connection).to.equal(before);
    linkOf(alice)!.channel!.send('still the same channel');
    await until('the message arrives', () => bob.received.includes('still the same channel'));
  });

  it('restores a connection closed under it, while the peer is still in the room', async () => {
    const [alice, bob] = (sides = pair());
    bob.mesh.addPeer(ALICE, false);
    alice.mesh.addPeer(BOB, true);
    await until('connected', () => connected(alice) && connected(bob));
    linkOf(alice)!.connection.close();
    await until('the loss is noticed', () => !connected(alice) && !connected(bob));
    await until('the connection is restored', () => connected(alice) && connected(bob));
    linkOf(bob)!.channel!.send('after the restore');
    await until('messages flow again', () => alice.received.includes('after the restore'));
  });

  it('drops a peer that vanished without the server saying so, after the give-up time', async () => {
    const [alice, bob] = (sides = pair());
    bob.mesh.addPeer(ALICE, false);
    alice.mesh.addPeer(BOB, true);
    await until('connected', () => connected(alice) && connected(bob));
    // Bob's tab is gone: his connections close and he never signals again.
    bob.online = false;
    bob.mesh.close();
    await until('alice gives up on bob', () => alice.errors.some((message) => /gave up on peer/.test(message)), 10_000);
    expect(alice.gone).to.include('bob');
    expect(alice.mesh.connectedPeers).to.deep.equal([]);
  });
});
