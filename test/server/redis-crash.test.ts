import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JoinAnswer, Member } from '../../protocol/signaling.js';
import { RedisCluster } from '../support/redis-cluster.js';
import { spawnMain } from '../support/server-process.js';
import { SseClient } from '../support/sse-client.js';
import { TEST_SECRET, type SignalingServer } from '../support/signaling-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// The README's promise: the members of an instance that died are gone this soon after.
const GONE_WITHIN_MS = 30_000;

/** An instance that crashes (SIGKILL, a child process running server/main.ts) while its users are in rooms. */
describe('an instance that crashes', () => {
  let cluster: RedisCluster;
  let a: SignalingServer;
  before(async () => {
    cluster = await RedisCluster.start(1);
    a = cluster.instances[0]!.server;
  });
  after(() => cluster.close());

  it('stops counting its users at once: relays to them answer 404, newcomers are not told of them, the others hear remove-peer', async () => {
    const doomed = await spawnMain({ TOKEN_SECRET: TEST_SECRET, REDIS_URL: cluster.redis.url });
    const post = (path: string, token: string, body: object) =>
      fetch(`${doomed.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const { token: carolToken } = (await (await fetch(`${doomed.url}/access`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":"carol"}' })).json()) as { token: string };
    const carolStream = await SseClient.open(`${doomed.url}/connect?token=${carolToken}`);
    await carolStream.next('connected');
    const alice = await a.visitor('alice');
    await a.join(alice, 'crash-room');
    const joined = await post('/crash-room/join', carolToken, { member: 'widget-1' });
    assert.equal(joined.status, 200);
    const carol = ((await joined.json()) as JoinAnswer).member;
    assert.deepEqual(((await alice.stream.next('add-peer')).data as { peer: Member }).peer, carol);

    doomed.child.kill('SIGKILL');
    const crashedAt = Date.now();
    await new Promise((resolve) => doomed.child.once('exit', resolve));
    await sleep(1000);
    const relay = await a.relay(alice, carol.id, 'ice-candidate', { to: 'nobody' });
    assert.equal(relay.status, 404, 'no instance holds carol’s stream: nothing is delivered');

    const dave = await a.visitor('dave');
    const answer = (await (await a.join(dave, 'crash-room')).json()) as JoinAnswer;
    assert.deepEqual(answer.peers.map((peer) => peer.username), ['alice'], 'a newcomer is not told to connect to carol');

    assert.deepEqual((await alice.stream.next('remove-peer', GONE_WITHIN_MS)).data, { to: alice.member.id, peer: carol, roomId: 'crash-room' });
    assert.ok(Date.now() - crashedAt <= GONE_WITHIN_MS, `carol was removed ${Date.now() - crashedAt} ms after the crash`);
    await sleep(300);
    assert.ok(!dave.stream.events.some((event) => event.event === 'remove-peer'), 'dave hears no remove-peer for a peer he was never told of');
    alice.stream.close();
    dave.stream.close();
  });
});
