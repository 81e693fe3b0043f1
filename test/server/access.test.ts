import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { validate, version } from 'uuid';
import { SignalingServer, TEST_SECRET, errorOf } from '../support/signaling-server.js';

describe('POST /access', () => {
  let server: SignalingServer;
  before(async () => (server = await SignalingServer.start({ tokenTtlSeconds: 3600 })));
  after(() => server.close());

  it('issues a token and a uuid v4 user for a trimmed username', async () => {
    const response = await server.post('/access', { username: '  Ada Lovelace  ' });
    assert.equal(response.status, 200);
    const { token, user } = (await response.json()) as { token: string; user: { id: string; username: string } };
    assert.equal(user.username, 'Ada Lovelace');
    assert.ok(validate(user.id) && version(user.id) === 4, `user.id ${user.id} is a uuid v4`);
    const payload = jwt.verify(token, TEST_SECRET) as jwt.JwtPayload;
    assert.equal(payload.id, user.id);
    assert.equal(payload.username, 'Ada Lovelace');
    assert.equal(payload.exp! - payload.iat!, 3600, 'the token expires after TOKEN_TTL_SECONDS');
  });

  it('gives every request a different user id', async () => {
    const [a, b] = [await server.access('same'), await server.access('same')];
    assert.notEqual(a.user.id, b.user.id);
  });

  const badBodies: Array<[string, unknown, RegExp]> = [
    ['no username', {}, /username must be a string/],
    ['a numeric username', { username: 42 }, /username must be a string/],
    ['a blank username', { username: '   ' }, /1 to 32 characters/],
    ['a 33-character username', { username: 'x'.repeat(33) }, /1 to 32 characters/],
    ['an array body', [{ username: 'a' }], /JSON object/],
    ['a JSON string body', '"alice"', /JSON object/],
    ['malformed JSON', '{"username": ', /valid JSON/],
  ];
  for (const [what, body, message] of badBodies) {
    it(`answers 400 with a reason for ${what}`, async () => {
      const response = await server.post('/access', body);
      assert.equal(response.status, 400);
      assert.match(await errorOf(response), message);
    });
  }

  it('answers 413 for a body over 1 KB', async () => {
    const response = await server.post('/access', { username: 'a', padding: 'x'.repeat(2000) });
    assert.equal(response.status, 413);
    assert.match(await errorOf(response), /1 KB/);
  });

  it('accepts a 32-character username', async () => {
    const { user } = await server.access('y'.repeat(32));
    assert.equal(user.username.length, 32);
  });
});
