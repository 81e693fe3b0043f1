import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccessGrant, JoinAnswer } from '../../protocol/signaling.js';
import { spawnServer } from '../support/server-process.js';
import { SseClient } from '../support/sse-client.js';
import { TEST_SECRET } from '../support/signaling-server.js';

/**
 * dist/server.js, the bundle production runs (npm run build makes it; npm test builds before the server tests):
 * a bundling mistake (a file looked for beside the module, a dependency left out) shows only here.
 */
describe('the built server, dist/server.js', () => {
  it('issues tokens, opens streams, joins a room, relays, serves the widget and its icon, and exits 0 on SIGTERM', async () => {
    const server = spawnServer({ NODE_ENV: 'production', TOKEN_SECRET: TEST_SECRET, PORT: '0', HOST: '127.0.0.1' }, 'built');
    const url = await server.listening;
    const streams: SseClient[] = [];
    try {
      const post = (path: string, body: unknown, token?: string) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        });
      const visitor = async (username: string) => {
        const access = await post('/access', { username });
        assert.equal(access.status, 200, `POST /access for ${username}`);
        const grant = (await access.json()) as AccessGrant;
        const stream = await SseClient.open(`${url}/connect?token=${encodeURIComponent(grant.token)}`);
        streams.push(stream);
        assert.deepEqual((await stream.next('connected')).data, { user: grant.user });
        return { ...grant, stream };
      };
      const ada = await visitor('ada');
      const bob = await visitor('bob');
      const adaJoined = (await (await post('/built-server-room/join', { member: 'widget-1' }, ada.token)).json()) as JoinAnswer;
      const bobJoined = (await (await post('/built-server-room/join', { member: 'widget-1' }, bob.token)).json()) as JoinAnswer;
      const [adaMember, bobMember] = [adaJoined.member, bobJoined.member];
      assert.deepEqual((await ada.stream.next('add-peer')).data, { to: adaMember.id, peer: bobMember, roomId: 'built-server-room', offer: false });
      assert.deepEqual((await bob.stream.next('add-peer')).data, { to: bobMember.id, peer: adaMember, roomId: 'built-server-room', offer: true });

      const offer = { description: { type: 'offer', sdp: 'v=0 from the bundle' } };
      assert.equal((await post(`/relay/${adaMember.id}/session-description`, { from: bobMember.id, data: offer }, bob.token)).status, 200);
      assert.deepEqual((await ada.stream.next('session-description')).data, { to: adaMember.id, peer: bobMember, data: offer });

      const widget = await fetch(`${url}/draw-room.js`);
      assert.equal(widget.status, 200);
      assert.match(widget.headers.get('content-type') ?? '', /javascript/);
      assert.match(await widget.text(), /draw-room/);
      const icon = await fetch(`${url}/favicon.svg`);
      assert.equal(icon.status, 200);
      assert.match(icon.headers.get('content-type') ?? '', /image\/svg\+xml/);
      assert.match(await icon.text(), /<svg/);

      server.child.kill('SIGTERM');
      const farewell = (await ada.stream.next('server-restart')).data as { retryAfterMs: unknown };
      assert.equal(typeof farewell.retryAfterMs, 'number', 'streams hear the server go');
      assert.equal(await server.exited, 0, `exit code; output: ${server.output().slice(-500)}`);
    } finally {
      for (const stream of streams) stream.close();
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  });
});
