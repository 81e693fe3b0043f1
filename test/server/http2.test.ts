import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { constants, type ClientHttp2Session } from 'node:http2';
import type { IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AccessGrant, JoinAnswer } from '../../protocol/signaling.js';
import { ConfigError, readConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/listen.js';
import { silentLogger } from '../../server/log/log.js';
import { spawnServer, type ServerEntry } from '../support/server-process.js';
import { TEST_SECRET, UNLIMITED_CLIENTS } from '../support/signaling-server.js';
import { SseClient } from '../support/sse-client.js';
import { connectHttp2, fetchHttp2, fetchHttps1, type TestRequest } from '../support/tls-clients.js';
import { makeTestCertificate, type TestCertificate } from '../support/tls.js';

const json = (body: unknown, token?: string): TestRequest => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
});

/** A user with a token and an event stream whose `connected` has arrived, all over one HTTP/2 session. */
async function visitorOverHttp2(session: ClientHttp2Session, username: string): Promise<AccessGrant & { stream: SseClient }> {
  const { response: access } = await fetchHttp2(session, '/access', json({ username }));
  assert.equal(access.status, 200, `POST /access for ${username}`);
  const grant = (await access.json()) as AccessGrant;
  const { response, cancel } = await fetchHttp2(session, `/connect?token=${encodeURIComponent(grant.token)}`, { headers: { accept: 'text/event-stream' } });
  assert.equal(response.status, 200, `GET /connect for ${username}`);
  const stream = SseClient.reading(response, cancel);
  assert.deepEqual((await stream.next('connected')).data, { user: grant.user });
  return { ...grant, stream };
}

describe('HTTPS and HTTP/2 with TLS_CERT and TLS_KEY', () => {
  let certificate: TestCertificate;
  before(async () => (certificate = await makeTestCertificate()));
  after(() => certificate?.remove());

  const startTlsServer = () =>
    startServer({ port: 0, host: '127.0.0.1', tokenSecret: TEST_SECRET, log: silentLogger, clientLimits: UNLIMITED_CLIENTS, tls: certificate });

  describe('a server with a certificate', () => {
    let server: RunningServer;
    const sessions: ClientHttp2Session[] = [];
    const http2 = async () => {
      const session = await connectHttp2(server.url, certificate.cert);
      sessions.push(session);
      return session;
    };
    before(async () => (server = await startTlsServer()));
    after(async () => {
      for (const session of sessions) session.destroy();
      await server?.close(500);
    });

    it('says https:// in its URL', () => {
      assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    });

    it('speaks HTTP/2 to a client that offers it: POST /access, and /connect as an event stream without HTTP/1.1 connection headers', async () => {
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => warnings.push(warning);
      process.on('warning', onWarning);
      try {
        const session = await http2();
        assert.equal(session.alpnProtocol, 'h2');
        const { response: access } = await fetchHttp2(session, '/access', json({ username: 'ada' }));
        assert.equal(access.status, 200);
        const { token, user } = (await access.json()) as AccessGrant;
        const { response, cancel } = await fetchHttp2(session, `/connect?token=${encodeURIComponent(token)}`, { headers: { accept: 'text/event-stream' } });
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
        assert.equal(response.headers.get('x-accel-buffering'), 'no');
        const stream = SseClient.reading(response, cancel);
        assert.deepEqual((await stream.next('connected')).data, { user });
        stream.close();
        // node drops a Connection header on HTTP/2 with an UnsupportedWarning; the stream must not send one.
        assert.deepEqual(warnings.map((warning) => warning.message), []);
      } finally {
        process.off('warning', onWarning);
      }
    });

    it('joins a room and relays an offer between two users, each on an HTTP/2 connection of its own', async () => {
      const [adaSession, bobSession] = [await http2(), await http2()];
      const ada = await visitorOverHttp2(adaSession, 'ada');
      const bob = await visitorOverHttp2(bobSession, 'bob');
      const { response: adaJoined } = await fetchHttp2(adaSession, '/h2-room-1/join', json({ member: 'widget-1' }, ada.token));
      const { response: bobJoined } = await fetchHttp2(bobSession, '/h2-room-1/join', json({ member: 'widget-1' }, bob.token));
      assert.deepEqual([adaJoined.status, bobJoined.status], [200, 200]);
      const [adaMember, bobMember] = [((await adaJoined.json()) as JoinAnswer).member, ((await bobJoined.json()) as JoinAnswer).member];
      assert.deepEqual((await ada.stream.next('add-peer')).data, { to: adaMember.id, peer: bobMember, roomId: 'h2-room-1', offer: false });
      assert.deepEqual((await bob.stream.next('add-peer')).data, { to: bobMember.id, peer: adaMember, roomId: 'h2-room-1', offer: true });

      const offer = { description: { type: 'offer', sdp: 'v=0 over h2' } };
      const { response: relayed } = await fetchHttp2(bobSession, `/relay/${adaMember.id}/session-description`, json({ from: bobMember.id, data: offer }, bob.token));
      assert.equal(relayed.status, 200);
      assert.deepEqual(await relayed.json(), { delivered: true });
      assert.deepEqual((await ada.stream.next('session-description')).data, { to: adaMember.id, peer: bobMember, data: offer });
      ada.stream.close();
      bob.stream.close();
    });

    it('carries the event streams of 12 users on one HTTP/2 connection (over HTTP/1.1 a browser stops at 6)', async () => {
      const session = await http2();
      const visitors = await Promise.all(Array.from({ length: 12 }, (_, i) => visitorOverHttp2(session, `tab ${i + 1}`)));
      for (const visitor of visitors) {
        assert.equal((await fetchHttp2(session, '/h2-room-many/join', json({ member: 'widget-1' }, visitor.token))).response.status, 200);
      }
      const last = visitors.at(-1)!;
      const joined = await Promise.all(visitors.slice(0, -1).map(async (visitor) => {
        for (;;) {
          const event = await visitor.stream.next('add-peer');
          if ((event.data as { peer: { userId: string } }).peer.userId === last.user.id) return true;
        }
      }));
      assert.equal(joined.length, 11, 'every earlier member hears the twelfth join, on its stream of the same connection');
      for (const visitor of visitors) visitor.stream.close();
    });

    it('still answers HTTP/1.1 clients (allowHTTP1): POST /access and an event stream', async () => {
      const access = await fetchHttps1(`${server.url}/access`, certificate.cert, json({ username: 'old-client' }));
      assert.equal(access.alpnProtocol, false, 'the client offered no ALPN, so it speaks HTTP/1.1');
      assert.equal(access.response.status, 200);
      const { token, user } = (await access.response.json()) as AccessGrant;
      const connect = await fetchHttps1(`${server.url}/connect?token=${encodeURIComponent(token)}`, certificate.cert, { headers: { accept: 'text/event-stream' } });
      assert.equal(connect.response.status, 200);
      assert.equal(connect.response.headers.get('connection'), 'keep-alive', 'HTTP/1.1 keeps its Connection header');
      const stream = SseClient.reading(connect.response, connect.cancel);
      assert.deepEqual((await stream.next('connected')).data, { user });
      stream.close();
    });

    it('serves the widget over HTTP/2 through Hono', async () => {
      const { response } = await fetchHttp2(await http2(), '/draw-room.js', { headers: { 'accept-encoding': 'identity' } });
      // 404 when dist/ is not built: either way Hono answered on HTTP/2, with its security headers.
      assert.ok([200, 404].includes(response.status), `status ${response.status}`);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      await response.arrayBuffer();
    });
  });

  describe('closing', () => {
    // The deadline is a minute and the test has 15 s: sessions and connections must end without the cut.
    it('tells HTTP/2 streams `server-restart` first, then ends every session with GOAWAY, and HTTP/1.1 connections as their requests end', { timeout: 15_000 }, async () => {
      const server = await startTlsServer();
      const session = await connectHttp2(server.url, certificate.cert);
      const ada = await visitorOverHttp2(session, 'ada');
      const goaway = once(session, 'goaway');
      const sessionClosed = once(session, 'close');
      const agent = new Agent({ keepAlive: true });
      const idle = await fetchHttps1(`${server.url}/access`, certificate.cert, json({ username: 'keep-alive' }), agent);
      await idle.response.arrayBuffer();
      const idleSockets = Object.values(agent.freeSockets).flat();
      assert.equal(idleSockets.length, 1, 'the HTTP/1.1 connection waits idle in the agent');
      const idleClosed = once(idleSockets[0]!, 'close');
      // An HTTP/1.1 request the server holds (it answered 100 Continue) and that ends only after close() began.
      const inFlightAgent = new Agent({ keepAlive: true });
      const inFlight = httpsRequest(`${server.url}/access`, {
        ca: certificate.cert,
        agent: inFlightAgent,
        method: 'POST',
        headers: { 'content-type': 'application/json', expect: '100-continue' },
      });
      const answered = new Promise<IncomingMessage>((resolve) => inFlight.once('response', resolve));
      await once(inFlight, 'continue');
      const inFlightClosed = once(inFlight.socket!, 'close');

      const closing = server.close(60_000);
      const restart = await ada.stream.next('server-restart');
      assert.deepEqual(restart.data, { reason: 'the server is restarting', retryAfterMs: 1000 });
      await ada.stream.waitForEnd();
      await goaway;
      await sessionClosed;
      await idleClosed;
      inFlight.end(JSON.stringify({ username: 'in-flight' }));
      const response = await answered;
      assert.equal(response.statusCode, 200, 'a request in flight is answered');
      response.resume();
      await inFlightClosed;
      await closing;
      agent.destroy();
      inFlightAgent.destroy();
    });

    it('cuts an HTTP/2 request still in flight at the deadline', { timeout: 15_000 }, async () => {
      const server = await startTlsServer();
      const session = await connectHttp2(server.url, certificate.cert);
      session.on('error', () => undefined);
      const { token } = (await (await fetchHttp2(session, '/access', json({ username: 'slow' }))).response.json()) as AccessGrant;
      // A relay whose body never ends: the session cannot close by itself.
      const stuck = session.request({ ':method': 'POST', ':path': '/relay/00000000-0000-4000-8000-000000000000.widget-1/ice-candidate', 'content-type': 'application/json', authorization: `Bearer ${token}` });
      stuck.on('error', () => undefined);
      stuck.write('{"candidate":');
      const stuckEnded = new Promise<number>((resolve) => stuck.once('close', () => resolve(stuck.rstCode ?? -1)));
      // Frames are handled in order: once the ping is answered, the server holds the request (GOAWAY cannot refuse it).
      await new Promise<void>((resolve, reject) => session.ping((error) => (error ? reject(error) : resolve())));
      await server.close(300);
      assert.notEqual(await stuckEnded, constants.NGHTTP2_REFUSED_STREAM, 'the request was in flight, not refused');
      assert.ok(session.destroyed || session.closed, 'the session ended');
    });
  });

  describe('configuration', () => {
    it('reads both files into the config, and neither means plain HTTP', () => {
      const config = readConfig({ TLS_CERT: certificate.certFile, TLS_KEY: certificate.keyFile });
      assert.deepEqual(config.tls, { cert: certificate.cert, key: certificate.key });
      assert.equal(readConfig({}).tls, undefined);
    });

    it('refuses one without the other, an unreadable file, a file that is not PEM, and a key of another certificate', async () => {
      const other = await makeTestCertificate();
      const notPem = join(other.certFile, '..', 'not.pem');
      await writeFile(notPem, 'hello');
      try {
        const refusals: Array<[Record<string, string>, RegExp]> = [
          [{ TLS_CERT: certificate.certFile }, /TLS_CERT is set but TLS_KEY is not: give both PEM files/],
          [{ TLS_KEY: certificate.keyFile }, /TLS_KEY is set but TLS_CERT is not/],
          [{ TLS_CERT: '/nonexistent/cert.pem', TLS_KEY: certificate.keyFile }, /TLS_CERT names \/nonexistent\/cert.pem, which cannot be read \(ENOENT\)/],
          [{ TLS_CERT: certificate.certFile, TLS_KEY: notPem }, /TLS_KEY names .*not\.pem, which is not a PEM file/],
          [{ TLS_CERT: certificate.certFile, TLS_KEY: other.keyFile }, /TLS_CERT \(.*\) and TLS_KEY \(.*\) cannot serve HTTPS together: .*key values mismatch/],
        ];
        for (const [env, message] of refusals) {
          assert.throws(() => readConfig(env), (error: Error) => error instanceof ConfigError && message.test(error.message), JSON.stringify(env));
        }
      } finally {
        await other.remove();
      }
    });

    it('ends the process with the reason when only one of the two is given', async () => {
      const server = spawnServer({ TOKEN_SECRET: TEST_SECRET, PORT: '0', HOST: '127.0.0.1', TLS_CERT: certificate.certFile });
      assert.equal(await server.exited, 1);
      assert.match(server.output(), /draw-room cannot start: TLS_CERT is set but TLS_KEY is not/);
    });
  });

  const entries: Array<[ServerEntry, string]> = [['source', 'server/main.ts'], ['built', 'dist/server.js']];
  for (const [entry, file] of entries) {
    it(`runs as ${file}: prints its https:// URL, streams over HTTP/2, and on SIGTERM the stream hears server-restart and the process exits 0`, async () => {
      const server = spawnServer({ TOKEN_SECRET: TEST_SECRET, PORT: '0', HOST: '127.0.0.1', TLS_CERT: certificate.certFile, TLS_KEY: certificate.keyFile }, entry);
      try {
        const url = await server.listening;
        assert.match(url, /^https:\/\//);
        const session = await connectHttp2(url, certificate.cert);
        const ada = await visitorOverHttp2(session, 'ada');
        const sessionClosed = once(session, 'close');
        server.child.kill('SIGTERM');
        await ada.stream.next('server-restart');
        await sessionClosed;
        assert.equal(await server.exited, 0, `exit code; output: ${server.output().slice(-500)}`);
      } finally {
        if (server.child.exitCode === null) server.child.kill('SIGKILL');
      }
    });
  }
});
