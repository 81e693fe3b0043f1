import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServerAnswerError } from '../../components/network/signaling-http.js';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('ServerAnswerError.from: what a refusal said, as the widget acts on it', () => {
  for (const [status, code] of [[409, 'room-full'], [409, 'too-many-rooms'], [413, 'room-too-large'], [409, 'compacted-meanwhile'], [404, 'no-storage']] as const) {
    it(`keeps the server's code ${code}`, async () => {
      const error = await ServerAnswerError.from('POST /room/x', answer(status, { error: 'words', code, limit: 65536 }));
      assert.equal(error.status, status);
      assert.equal(error.body?.code, code);
      assert.equal(error.body?.limit, 65536);
    });
  }

  it('drops a code it does not know, keeps the words and Retry-After', async () => {
    const error = await ServerAnswerError.from('POST /room/x', answer(429, { error: 'slow down', code: 'made-up' }, { 'Retry-After': '3' }));
    assert.equal(error.body?.code, undefined);
    assert.equal(error.detail, '429 slow down');
    assert.equal(error.retryAfterSeconds, 3);
  });
});
