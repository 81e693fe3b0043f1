import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { SignalingServer } from '../support/signaling-server.js';

const HEARTBEAT_MS = 400;
const WATCH_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const heartbeats = (comments: string[]) => comments.filter((comment) => comment === 'heartbeat').length;

describe('heartbeats', () => {
  const servers: SignalingServer[] = [];
  after(() => Promise.all(servers.map((server) => server.close())));

  it('sends a single open stream one heartbeat per interval, not one per tick', async () => {
    const server = await SignalingServer.start({ heartbeatMs: HEARTBEAT_MS });
    servers.push(server);
    const alice = await server.visitor('alice');
    const before = heartbeats(alice.stream.comments);
    await sleep(WATCH_MS);
    const sent = heartbeats(alice.stream.comments) - before;
    // 2000 ms at one per 400 ms: 5, give or take the one in progress at either end.
    assert.ok(sent >= 4 && sent <= 6, `${sent} heartbeats in ${WATCH_MS} ms at one per ${HEARTBEAT_MS} ms`);
  });

  it('sends each of several streams one heartbeat per interval', async () => {
    const server = await SignalingServer.start({ heartbeatMs: HEARTBEAT_MS });
    servers.push(server);
    const visitors = await Promise.all(['ann', 'ben', 'cat'].map((name) => server.visitor(name)));
    const before = visitors.map((visitor) => heartbeats(visitor.stream.comments));
    await sleep(WATCH_MS);
    const sent = visitors.map((visitor, i) => heartbeats(visitor.stream.comments) - before[i]!);
    assert.ok(sent.every((count) => count >= 4 && count <= 6), `heartbeats per stream in ${WATCH_MS} ms: ${sent.join(', ')}`);
  });
});
