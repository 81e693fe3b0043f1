import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SignalingServer, errorOf, type Visitor } from '../support/signaling-server.js';

const deeplyNested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;

/** Sends the start of a request whose body never arrives in full, then cuts the connection. */
function abortMidBody(url: string, path: string, headers: Record<string, string>): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const head = Object.entries({ Host: `${hostname}:${port}`, 'Content-Type': 'application/json', 'Content-Length': '5000', ...headers })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n{"candidate":"${'x'.repeat(100)}`);
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 100);
    });
    socket.on('error', reject);
  });
}

describe('hostile request bodies', () => {
  const lines: Array<Record<string, unknown>> = [];
  let server: SignalingServer;
  let alice: Visitor;
  let bob: Visitor;
  before(async () => {
    server = await SignalingServer.start({ log: (event, fields) => lines.push({ event, ...fields }) });
    alice = await server.visitor('alice');
    bob = await server.visitor('bob');
    await server.join(alice, 'hostile-bodies-room');
    await server.join(bob, 'hostile-bodies-room');
    await bob.stream.next('add-peer');
  });
  after(() => server.close());

  for (const [what, body] of [
    ['2,500 nested objects (about as deep as fits in 16 KB)', deeplyNested(2500)],
    ['8,000 nested arrays', deepArray(8000)],
    ['33 nested objects', deeplyNested(33)],
  ] as const) {
    it(`answers 400 "nested too deeply" to a relay of ${what}, and the peer gets nothing`, async () => {
      const response = await server.post(`/relay/${bob.member.id}/ice-candidate`, `{"from":"${alice.member.id}","data":${body}}`, alice.token);
      assert.equal(response.status, 400);
      assert.match(await errorOf(response), /nested too deeply: at most 32 levels/);
      assert.deepEqual(await bob.stream.eventsWithin(50), []);
    });
  }

  it('answers 400 "nested too deeply" to frames nested in 8,000 arrays, and the peer gets nothing', async () => {
    const response = await server.post('/frames', `{"from":"${alice.member.id}","groups":${deepArray(8000)}}`, alice.token);
    assert.equal(response.status, 400);
    assert.match(await errorOf(response), /nested too deeply: at most 32 levels/);
    assert.deepEqual(await bob.stream.eventsWithin(50), []);
  });

  it('answers 400 "nested too deeply" to POST /access with arrays 500 deep (all that fits in its 1 KB), 413 to 8,000 deep', async () => {
    const body = `{"username":"x","a":${'['.repeat(500)}${']'.repeat(500)}}`;
    assert.ok(body.length <= 1024);
    const response = await server.post('/access', body);
    assert.equal(response.status, 400);
    assert.match(await errorOf(response), /nested too deeply: at most 32 levels/);
    assert.equal((await server.post('/access', deeplyNested(8000))).status, 413);
  });

  it('relays a body nested 32 deep, and brackets inside strings do not count', async () => {
    // The body {from, data: {sdp, nested}}: two levels, and 30 in `nested`.
    const data = { sdp: '[[[[{{{{'.repeat(20), nested: JSON.parse(deeplyNested(30)) as unknown };
    const response = await server.relay(alice, bob.member.id, 'session-description', data);
    assert.equal(response.status, 200, await response.text());
    assert.deepEqual((await bob.stream.next('session-description')).data, { to: bob.member.id, peer: alice.member, data });
  });

  it('takes a relay body cut off by its client as the client\'s doing: no internal error, and the server serves on', async () => {
    await abortMidBody(server.url, `/relay/${bob.member.id}/ice-candidate`, { Authorization: `Bearer ${alice.token}` });
    await abortMidBody(server.url, '/access', {});
    await abortMidBody(server.url, '/frames', { Authorization: `Bearer ${alice.token}` });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(lines.filter((line) => line.event === 'internal-error'), []);
    const response = await server.relay(alice, bob.member.id, 'ice-candidate', { candidate: 'after the abort' });
    assert.equal(response.status, 200);
    assert.deepEqual((await bob.stream.next('ice-candidate')).data, { to: bob.member.id, peer: alice.member, data: { candidate: 'after the abort' } });
  });
});
