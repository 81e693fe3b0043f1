import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignalingServer, TEST_SECRET } from '../support/signaling-server.js';

describe('logs', () => {
  it('are one JSON-ready line per request and event, with user and room ids, and never a token or secret', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const server = await SignalingServer.start({ log: (event, fields) => lines.push({ event, ...fields }) });
    const alice = await server.visitor('alice');
    const bob = await server.visitor('bob');
    await server.join(alice, 'logs-room-one');
    await server.join(bob, 'logs-room-one');
    await server.relay(alice, bob.member.id, 'ice-candidate', { candidate: null });
    await server.post('/logs-room-one/join', {}, 'forged-token');
    await server.request('/connect?token=forged-token-in-the-query');
    alice.stream.close();
    await bob.stream.next('remove-peer');
    await server.close();

    const requests = lines.filter((line) => line.event === 'request');
    const join = requests.find((line) => line.path === '/logs-room-one/join' && line.userId === alice.user.id);
    assert.deepEqual({ ...join, ms: 0 }, { event: 'request', method: 'POST', path: '/logs-room-one/join', status: 200, ms: 0, userId: alice.user.id, roomId: 'logs-room-one' });
    assert.ok(requests.some((line) => line.path === '/connect' && line.status === 200 && line.userId === bob.user.id), 'the stream request names its user');
    assert.ok(requests.some((line) => line.path === '/connect' && line.status === 401 && line.userId === undefined));
    assert.ok(requests.some((line) => line.path === `/relay/${bob.member.id}/ice-candidate` && line.userId === alice.user.id));
    for (const event of ['stream-opened', 'joined-room', 'stream-closed', 'left-room']) {
      assert.ok(lines.some((line) => line.event === event), `an ${event} line`);
    }
    for (const event of ['joined-room', 'left-room']) {
      const line = lines.find((candidate) => candidate.event === event && candidate.userId === alice.user.id);
      assert.deepEqual([line?.memberId, line?.roomId], [alice.member.id, 'logs-room-one'], `the ${event} line names the member (widget) and its room`);
    }
    const text = lines.map((line) => JSON.stringify(line)).join('\n');
    for (const secret of [alice.token, bob.token, TEST_SECRET, 'forged-token', alice.token.split('.')[2]!]) {
      assert.ok(!text.includes(secret), `logs never hold ${secret.slice(0, 12)}…`);
    }
  });
});
