import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { SignalingServer, type Visitor } from '../support/signaling-server.js';

/** Bodies a client could send: JSON of any shape, arbitrary text, arbitrary bytes. */
const body = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.record({ username: fc.jsonValue() }).map((value) => JSON.stringify(value)),
  fc.record({ member: fc.oneof(fc.jsonValue(), fc.stringMatching(/^[A-Za-z0-9_.-]{0,40}$/)), username: fc.jsonValue() }, { requiredKeys: ['member'] })
    .map((value) => JSON.stringify(value)),
  fc.record({ from: fc.oneof(fc.jsonValue(), fc.uuid().map((id) => `${id}.widget-1`)), data: fc.jsonValue() }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);
const pathPart = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.uuid(),
  fc.uuid().map((id) => `${id}.widget-1`),
  fc.constantFrom('ice-candidate', 'session-description', 'add-peer', ''),
);

/** Every answer is a status under 500, and a JSON {error} when it is a refusal. */
async function assertAnswered(response: Response): Promise<void> {
  const text = await response.text();
  assert.ok(response.status < 500, `${response.status} ${text}`);
  if (response.status >= 400) {
    const parsed = JSON.parse(text) as { error?: unknown };
    assert.equal(typeof parsed.error, 'string', text);
  }
}

describe('fuzzing the JSON API with random input', () => {
  let server: SignalingServer;
  let alice: Visitor;
  let bob: Visitor;
  before(async () => {
    server = await SignalingServer.start({ limits: { relayPerSecond: 100_000, relayBurst: 100_000, frameUploadsPerSecond: 10_000 } });
    alice = await server.visitor('alice');
    bob = await server.visitor('bob');
    await server.join(alice, 'fuzz-room-shared');
    await server.join(bob, 'fuzz-room-shared');
  });
  after(() => server.close());

  it('POST /access never fails with 500', async () => {
    await fc.assert(fc.asyncProperty(body, async (text) => assertAnswered(await server.post('/access', text))), { numRuns: 300 });
  });

  it('POST /relay/:peerId/:event never fails with 500, whatever the path and body', async () => {
    await fc.assert(
      fc.asyncProperty(pathPart, pathPart, body, async (peer, event, text) =>
        assertAnswered(await server.post(`/relay/${encodeURIComponent(peer)}/${encodeURIComponent(event)}`, text, alice.token))),
      { numRuns: 300 },
    );
  });

  it('POST /frames never fails with 500, whatever the body, and frames of any shape from a real member', async () => {
    const base64 = fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('base64'));
    const group = fc.record(
      {
        to: fc.oneof(fc.jsonValue(), fc.array(fc.oneof(fc.constant(bob.member.id), fc.constant(alice.member.id), fc.string({ maxLength: 70 })), { maxLength: 4 })),
        frames: fc.oneof(fc.jsonValue(), fc.array(fc.oneof(base64, fc.string({ maxLength: 20 }), fc.jsonValue()), { maxLength: 4 })),
      },
      { requiredKeys: [] },
    );
    const upload = fc.record({ from: fc.oneof(fc.constant(alice.member.id), fc.jsonValue()), groups: fc.oneof(fc.jsonValue(), fc.array(group, { maxLength: 4 })) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.oneof(body, upload.map((value) => JSON.stringify(value))), async (text) => assertAnswered(await server.post('/frames', text, alice.token))),
      { numRuns: 300 },
    );
  });

  it('POST /:roomId/join and /leave never fail with 500, whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        await assertAnswered(await server.post('/fuzz-room-bodies/join', text, alice.token));
        await assertAnswered(await server.post('/fuzz-room-bodies/leave', text, alice.token));
      }),
      { numRuns: 200 },
    );
  });

  it('POST /:roomId/join and GET /connect never fail with 500, whatever the room id or token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 100 }), fc.string({ maxLength: 400 }), async (room, token) => {
        await assertAnswered(await server.post(`/${encodeURIComponent(room)}/join`, '', alice.token));
        await assertAnswered(await server.post('/fuzz-room-other/join', '', token.replace(/[\r\n]/g, '')));
        const stream = await server.request(`/connect?token=${encodeURIComponent(token)}`);
        await assertAnswered(stream);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves the members of a room able to signal each other', async () => {
    const response = await server.relay(alice, bob.member.id, 'ice-candidate', { candidate: 'after the fuzz' });
    assert.equal(response.status, 200);
    assert.deepEqual((await bob.stream.next('ice-candidate', 5000)).data, { to: bob.member.id, peer: alice.member, data: { candidate: 'after the fuzz' } });
  });
});
