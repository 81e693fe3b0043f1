import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JoinAnswer, Member } from '../../protocol/signaling.js';
import { RedisCluster } from '../support/redis-cluster.js';
import { SseClient } from '../support/sse-client.js';
import type { SignalingServer, Visitor } from '../support/signaling-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const OPTIONS = { commandTimeoutMs: 500 };
// The stall that dropped 3 of 4 members for good, with the defaults: longer than the old 30 s member TTL.
const STALL_MS = 40_000;
const AFTER_STALL_MS = 4500;
// A request during an outage is answered within this (the command timeout and some slack), not when Redis is back.
const ANSWER_WITHIN_MS = 2500;

/** What each kind of request answers while Redis cannot, and how long it takes to say so. */
async function duringOutage(server: SignalingServer, visitor: Visitor, peer: Member, newcomerToken: string): Promise<string[]> {
  const timed = async (name: string, request: () => Promise<Response>) => {
    const started = Date.now();
    const response = await request();
    const body = (await response.json()) as { error?: unknown };
    return `${name} ${response.status} retry-after:${response.headers.get('retry-after') !== null} error:${typeof body.error} fast:${Date.now() - started < ANSWER_WITHIN_MS}`;
  };
  const limit = { signal: AbortSignal.timeout(ANSWER_WITHIN_MS * 2) };
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${visitor.token}` };
  return [
    await timed('join', () => server.request('/outage-room/join', { method: 'POST', body: JSON.stringify({ member: 'widget-9' }), headers, ...limit })),
    await timed('relay', () => server.request(`/relay/${peer.id}/ice-candidate`, { method: 'POST', body: JSON.stringify({ from: visitor.member.id, data: {} }), headers, ...limit })),
    await timed('connect', () => server.request(`/connect?token=${newcomerToken}`, limit)),
  ];
}
const UNAVAILABLE = ['join 503 retry-after:true error:string fast:true', 'relay 503 retry-after:true error:string fast:true', 'connect 503 retry-after:true error:string fast:true'];

describe('Redis stalls and outages', () => {
  let cluster: RedisCluster;
  let a: SignalingServer;
  let b: SignalingServer;
  before(async () => {
    cluster = await RedisCluster.start(2, OPTIONS);
    [a, b] = cluster.instances.map((instance) => instance.server) as [SignalingServer, SignalingServer];
  });
  after(() => cluster.close());

  it('keeps members whose streams are alive through a stall longer than any timeout, telling no one they left', async () => {
    const members: Visitor[] = [];
    for (const [i, server] of [a, b, a, b].entries()) {
      const member = await server.visitor(`member${i}`);
      assert.equal((await server.join(member, 'stall-room')).status, 200);
      members.push(member);
    }
    cluster.redis.pause();
    await sleep(STALL_MS);
    cluster.redis.resume();
    await sleep(AFTER_STALL_MS);

    const newcomer = await b.visitor('newcomer');
    const answer = (await (await b.join(newcomer, 'stall-room')).json()) as JoinAnswer;
    assert.deepEqual(answer.peers.map((peer) => peer.username).sort(), ['member0', 'member1', 'member2', 'member3']);
    for (const member of members) {
      assert.ok(!member.stream.events.some((event) => event.event === 'remove-peer'), `${member.user.username} heard no one leave`);
    }
    assert.equal((await a.relay(members[0]!, members[3]!.member.id, 'ice-candidate', { after: 'stall' })).status, 200);
    assert.deepEqual((await members[3]!.stream.next('ice-candidate')).data, { to: members[3]!.member.id, peer: members[0]!.member, data: { after: 'stall' } });
    for (const visitor of [...members, newcomer]) visitor.stream.close();
  });

  it('answers 503 with Retry-After at once while Redis is stalled (SIGSTOP), and works again after', async () => {
    const ann = await a.visitor('ann');
    const bea = await b.visitor('bea');
    await a.join(ann, 'outage-room');
    await b.join(bea, 'outage-room');
    const { token } = await b.access('cat');
    cluster.redis.pause();
    try {
      assert.deepEqual(await duringOutage(b, ann, bea.member, token), UNAVAILABLE);
    } finally {
      cluster.redis.resume();
    }
    await sleep(500);
    assert.equal((await b.relay(ann, bea.member.id, 'ice-candidate', { after: 'resume' })).status, 200);
    assert.deepEqual((await bea.stream.next('ice-candidate')).data, { to: bea.member.id, peer: ann.member, data: { after: 'resume' } });
    ann.stream.close();
    bea.stream.close();
  });

  it('answers 503 with Retry-After at once while Redis is down (kill -9), and rebuilds the rooms when it is back', async () => {
    const cyd = await a.visitor('cyd');
    const dan = await b.visitor('dan');
    await a.join(cyd, 'outage-room-2');
    await b.join(dan, 'outage-room-2');
    const { token } = await a.access('eve');
    await cluster.redis.stop();
    try {
      assert.deepEqual(await duringOutage(a, cyd, dan.member, token), UNAVAILABLE);
    } finally {
      await cluster.redis.restart();
    }
    // Redis came back empty: clients are asked to reconnect and join again, as the widget does.
    await cyd.stream.next('server-restart', 10_000);
    const back: Visitor = { ...cyd, stream: await SseClient.open(`${a.url}/connect?token=${cyd.token}`) };
    await back.stream.next('connected');
    await dan.stream.next('server-restart', 10_000);
    const danBack: Visitor = { ...dan, stream: await SseClient.open(`${b.url}/connect?token=${dan.token}`) };
    await danBack.stream.next('connected');
    assert.equal((await a.join(back, 'outage-room-2')).status, 200);
    assert.equal((await b.join(danBack, 'outage-room-2')).status, 200);
    assert.equal((await a.relay(cyd, dan.member.id, 'ice-candidate', { after: 'restart' })).status, 200);
    assert.deepEqual((await danBack.stream.next('ice-candidate')).data, { to: dan.member.id, peer: cyd.member, data: { after: 'restart' } });
    back.stream.close();
    danBack.stream.close();
  });
});
