import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PeerStatus } from '../../components/network/peer-reachability.js';
import type { PeerChannel } from '../../components/sync/document-sync.js';
import { PeerLinks } from '../../components/sync/peer-links.js';
import { FakeClock } from './signaling-fakes.js';

const ANN = { id: 'ann', username: 'Ann' };
const BOB = { id: 'bob', username: 'Bob' };
const connecting = (...peers: Array<typeof ANN>): PeerStatus[] => peers.map((peer) => ({ peer, state: 'connecting' }));

/** PeerLinks over a sync and a relay that record what they are asked; `beyond` holds the peers beyond the mesh size. */
function linksUnderTest() {
  const clock = new FakeClock();
  const log: string[] = [];
  const channels = new Map<string, PeerChannel>();
  const uploaded: Array<[string, number[]]> = [];
  const links = new PeerLinks({
    sync: {
      attach: (channel) => {
        channels.set(channel.peerId, channel);
        log.push(`attach ${channel.peerId}`);
      },
      detach: (peerId) => void log.push(`detach ${peerId}`),
      receive: () => {},
    },
    relay: { send: (peerId, bytes) => void uploaded.push([peerId, [...bytes]]), forget: (peerId) => void log.push(`forget ${peerId}`) },
    clock,
    relayAfterMs: 3000,
    canConnectDirectly: true,
    relayAvailable: () => true,
    onChange: () => void log.push('changed'),
  });
  const beyond = new Set<string>();
  const update = (statuses: PeerStatus[]) => links.update(statuses, (peerId) => beyond.has(peerId));
  return { links, clock, log, channels, uploaded, beyond, update };
}

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
