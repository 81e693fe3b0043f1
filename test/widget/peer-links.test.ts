import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PeerState, PeerStatus } from '../../components/network/peer-reachability.js';
import type { PeerChannel } from '../../components/sync/document-sync.js';
import { PeerLinks } from '../../components/sync/peer-links.js';
import { FakeClock } from './signaling-fakes.js';

const ANN = { id: 'ann', username: 'Ann' };
const BOB = { id: 'bob', username: 'Bob' };
const connecting = (...peers: Array<typeof ANN>): PeerStatus[] => peers.map((peer) => ({ peer, state: 'connecting' }));

/** PeerLinks over a sync and a relay that record what they are asked, on a clock the test moves; `beyond` holds the peers beyond the mesh size. */
function linksUnderTest(canConnectDirectly = true) {
  const clock = new FakeClock();
  const log: string[] = [];
  const channels = new Map<string, PeerChannel>();
  const uploaded: Array<[string, number[]]> = [];
  const server = { there: true };
  const links = new PeerLinks({
    sync: {
      attach: (channel) => {
        channels.set(channel.peerId, channel);
        log.push(`attach ${channel.peerId}`);
      },
      detach: (peerId) => void log.push(`detach ${peerId}`),
      receive: (peerId, data) => void log.push(`receive ${peerId} ${[...(data as Uint8Array)]}`),
    },
    relay: { send: (peerId, bytes) => void uploaded.push([peerId, [...bytes]]), forget: (peerId) => void log.push(`forget ${peerId}`) },
    clock,
    relayAfterMs: 3000,
    canConnectDirectly,
    relayAvailable: () => server.there,
    onChange: () => void log.push('changed'),
  });
  const statuses = (...entries: Array<[typeof ANN, PeerState]>) => entries.map(([peer, state]) => ({ peer, state }));
  const direct = (peerId: string): PeerChannel => ({ peerId, send: () => {} });
  /** Peers beyond the mesh size, as the mesh would say. */
  const beyond = new Set<string>();
  const update = (peerStatuses: PeerStatus[]) => links.update(peerStatuses, (peerId) => beyond.has(peerId));
  return { links, clock, log, channels, uploaded, statuses, direct, server, beyond, update };
}

describe('PeerLinks: direct when a channel opens, the server relay when none does', () => {
  it('gives a new peer relayAfterMs to open a direct channel, then sends its traffic through the relay', async () => {
    const { links, clock, log, channels, uploaded, statuses } = linksUnderTest();
    links.update(statuses([ANN, 'connecting']));
    await clock.advance(2999);
    assert.equal(links.kindOf('ann'), 'none');
    assert.deepEqual(log, []);
    await clock.advance(1);
    assert.equal(links.kindOf('ann'), 'relay');
    assert.deepEqual(log, ['attach ann', 'changed']);
    channels.get('ann')!.send(Uint8Array.of(4, 2));
    assert.deepEqual(uploaded, [['ann', [4, 2]]], 'what the sync sends to ann goes up the relay');
  });

  it('keeps a peer direct once its channel opens in time: no relay, no timer left', async () => {
    const { links, clock, log, statuses, direct } = linksUnderTest();
    links.update(statuses([ANN, 'connecting']));
    links.channelOpened(direct('ann'));
    links.update(statuses([ANN, 'direct']));
    await clock.advance(10_000);
    assert.equal(links.kindOf('ann'), 'channel');
    assert.deepEqual(log, ['forget ann', 'attach ann', 'changed']);
    assert.equal(clock.pending, 0);
  });

  it('keeps a peer on its data channel when that channel goes through TURN', async () => {
    const { links, clock, log, statuses, direct } = linksUnderTest();
    links.update(statuses([ANN, 'connecting']));
    links.channelOpened(direct('ann'));
    links.update(statuses([ANN, 'turn']));
    await clock.advance(10_000);
    assert.equal(links.kindOf('ann'), 'channel');
    assert.deepEqual(log, ['forget ann', 'attach ann', 'changed'], 'never detached, never relayed');
  });

  it('moves a relayed peer to its direct channel when one opens later, and the relay forgets it', async () => {
    const { links, clock, log, statuses, direct } = linksUnderTest();
    links.update(statuses([ANN, 'connecting']));
    await clock.advance(3000);
    log.length = 0;
    links.channelOpened(direct('ann'));
    assert.equal(links.kindOf('ann'), 'channel');
    assert.deepEqual(log, ['forget ann', 'attach ann', 'changed'], 'the new attach replaces the relay link and syncs both ways');
  });

  it('falls back to the relay when a direct channel closes and does not come back in time', async () => {
    const { links, clock, log, statuses, direct } = linksUnderTest();
    links.update(statuses([ANN, 'connecting']));
    links.channelOpened(direct('ann'));
    links.update(statuses([ANN, 'direct']));
    log.length = 0;
    links.update(statuses([ANN, 'connecting']));
    assert.equal(links.kindOf('ann'), 'none');
    await clock.advance(3000);
    assert.equal(links.kindOf('ann'), 'relay');
    assert.deepEqual(log, ['detach ann', 'changed', 'attach ann', 'changed']);
  });

  it('answers through the relay at once when a peer’s frames come that way, and hands them to the sync in order', () => {
    const { links, log, uploaded, channels, statuses } = linksUnderTest();
    links.update(statuses([BOB, 'connecting']));
    links.relayedFrames('bob', [Uint8Array.of(1), Uint8Array.of(2)]);
    assert.equal(links.kindOf('bob'), 'relay');
    assert.deepEqual(log, ['attach bob', 'changed', 'receive bob 1', 'receive bob 2']);
    channels.get('bob')!.send(Uint8Array.of(3));
    assert.deepEqual(uploaded, [['bob', [3]]]);
  });

  it('ignores relayed frames from a peer its direct channel already carries, and direct messages of a relayed peer', async () => {
    const { links, clock, log, statuses, direct } = linksUnderTest();
    links.update(statuses([ANN, 'connecting'], [BOB, 'connecting']));
    links.channelOpened(direct('ann'));
    await clock.advance(3000);
    log.length = 0;
    links.relayedFrames('ann', [Uint8Array.of(9)]);
    links.channelMessage('bob', Uint8Array.of(8));
    links.channelMessage('ann', Uint8Array.of(7));
    assert.deepEqual(log, ['receive ann 7']);
  });

  it('waits for the server before falling back to the relay, which needs it', async () => {
    const { links, clock, server, statuses } = linksUnderTest();
    server.there = false;
    links.update(statuses([ANN, 'connecting']));
    await clock.advance(9000);
    assert.equal(links.kindOf('ann'), 'none', 'no relay while the server is away');
    server.there = true;
    await clock.advance(3000);
    assert.equal(links.kindOf('ann'), 'relay');
  });

  it('relays every peer at once in a browser without WebRTC', () => {
    const { links, statuses } = linksUnderTest(false);
    links.update(statuses([ANN, 'unreachable'], [BOB, 'unreachable']));
    assert.deepEqual(links.relayed, ['ann', 'bob']);
  });

  it('unlinks a peer that left or that the server could not reach, and stops with nothing scheduled', async () => {
    const { links, clock, log, statuses } = linksUnderTest();
    links.update(statuses([ANN, 'connecting'], [BOB, 'connecting']));
    await clock.advance(3000);
    log.length = 0;
    links.update(statuses([BOB, 'connecting']));
    assert.deepEqual(log, ['forget ann', 'detach ann', 'changed']);
    links.unreachable('bob');
    assert.equal(links.kindOf('bob'), 'none');
    links.update(statuses([ANN, 'connecting']));
    links.stop();
    assert.equal(clock.pending, 0);
  });
});

describe('PeerLinks: peers beyond the mesh size go through the relay by design', () => {
  it('relays a peer beyond the mesh at once, with no wait for a direct channel', () => {
    const { links, log, channels, uploaded, beyond, update } = linksUnderTest();
    beyond.add('bob');
    update(connecting(ANN, BOB));
    assert.equal(links.kindOf('bob'), 'relay');
    assert.equal(links.kindOf('ann'), 'none', 'a peer in the mesh still gets its time to connect');
    assert.deepEqual(log, ['attach bob', 'changed']);
    channels.get('bob')!.send(Uint8Array.of(5));
    assert.deepEqual(uploaded, [['bob', [5]]]);
  });

  it('moves a direct peer that falls out of the mesh to the relay at once', async () => {
    const { links, clock, log, beyond, update } = linksUnderTest();
    update(connecting(ANN));
    links.channelOpened({ peerId: 'ann', send: () => {} });
    log.length = 0;
    beyond.add('ann');
    update(connecting(ANN));
    assert.equal(links.kindOf('ann'), 'relay');
    assert.deepEqual(log, ['attach ann', 'changed'], 'the relay replaces the channel in the sync, which starts over both ways');
    await clock.advance(10_000);
    assert.equal(links.kindOf('ann'), 'relay');
  });

  it('keeps a peer that comes back into the mesh on the relay until its direct channel opens', async () => {
    const { links, clock, log, beyond, update } = linksUnderTest();
    beyond.add('ann');
    update(connecting(ANN));
    beyond.delete('ann');
    update(connecting(ANN));
    await clock.advance(10_000);
    assert.equal(links.kindOf('ann'), 'relay', 'never a gap with no way to reach ann');
    log.length = 0;
    links.channelOpened({ peerId: 'ann', send: () => {} });
    assert.equal(links.kindOf('ann'), 'channel');
    assert.deepEqual(log, ['forget ann', 'attach ann', 'changed']);
  });
});
