import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { IceServersAnswer } from '../../protocol/ice-servers.js';
import { ConfigError, readConfig } from '../../server/config.js';
import type { IceServerOptions } from '../../server/signaling/turn-credentials.js';
import { FakeClock } from '../support/fake-clock.js';
import { SignalingServer, errorOf } from '../support/signaling-server.js';

const TURN_SECRET = randomBytes(24).toString('base64url');
const TURN: IceServerOptions = {
  stunUrls: ['stun:stun.example.com:3478'],
  turnUrls: ['turn:turn.example.com:3478', 'turns:turn.example.com:5349?transport=tcp'],
  turnSecret: TURN_SECRET,
  turnTtlSeconds: 600,
};

/** What coturn's use-auth-secret computes from a username to check the password it was given. */
const coturnExpects = (username: string) => createHmac('sha1', TURN_SECRET).update(username).digest('base64');

describe('GET /ice-servers', () => {
  const clock = new FakeClock();
  const logged: string[] = [];
  let server: SignalingServer;
  let unconfigured: SignalingServer;
  before(async () => {
    server = await SignalingServer.start({
      iceServers: TURN,
      clock,
      allowedOrigins: ['https://host.example'],
      log: (event, fields) => logged.push(JSON.stringify({ event, ...fields })),
    });
    unconfigured = await SignalingServer.start();
  });
  after(async () => {
    await server.close();
    await unconfigured.close();
  });

  const askWith = (target: SignalingServer, token: string | undefined, headers: Record<string, string> = {}) =>
    target.request('/ice-servers', { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });

  it('hands out STUN as configured and TURN with a credential coturn accepts for this user until the expiry', async () => {
    const { token, user } = await server.access('Ada');
    const response = await askWith(server, token);
    assert.equal(response.status, 200);
    const answer = (await response.json()) as IceServersAnswer;
    const expirySeconds = Math.floor(clock.now() / 1000) + TURN.turnTtlSeconds;
    assert.equal(answer.expiresAt, expirySeconds * 1000, 'the credentials expire TURN_TTL_SECONDS from now');
    assert.equal(answer.iceServers.length, 2);
    assert.deepEqual(answer.iceServers[0], { urls: TURN.stunUrls });
    const turn = answer.iceServers[1]!;
    assert.deepEqual(turn.urls, TURN.turnUrls);
    assert.equal(turn.username, `${expirySeconds}:${user.id}`, 'the TURN REST username: expiry in unix seconds, then the user id');
    assert.equal(turn.credential, coturnExpects(turn.username!));
  });

  it('always names the URLs `urls`, never `url`, and lets no cache keep the credentials', async () => {
    const { token } = await server.access('Bea');
    const response = await askWith(server, token);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const text = await response.text();
    assert.doesNotMatch(text, /"url"/);
    for (const entry of (JSON.parse(text) as IceServersAnswer).iceServers) assert.ok(Array.isArray(entry.urls));
  });

  it('stamps every answer with its own time: a later one expires later, and its credential matches its username', async () => {
    const { token } = await server.access('Cy');
    const first = (await (await askWith(server, token)).json()) as IceServersAnswer;
    clock.advance(90_000);
    const second = (await (await askWith(server, token)).json()) as IceServersAnswer;
    assert.equal(second.expiresAt - first.expiresAt, 90_000);
    assert.notEqual(second.iceServers[1]!.username, first.iceServers[1]!.username);
    assert.equal(second.iceServers[1]!.credential, coturnExpects(second.iceServers[1]!.username!));
  });

  it('gives each user a username of its own', async () => {
    const [ada, bea] = [await server.access('Ada'), await server.access('Bea')];
    const usernames = [];
    for (const { token } of [ada, bea]) usernames.push(((await (await askWith(server, token)).json()) as IceServersAnswer).iceServers[1]!.username);
    assert.ok(usernames[0]!.endsWith(`:${ada.user.id}`) && usernames[1]!.endsWith(`:${bea.user.id}`));
  });

  it('answers an empty list when no STUN or TURN server is configured', async () => {
    const { token } = await unconfigured.access('Dee');
    const response = await askWith(unconfigured, token);
    assert.equal(response.status, 200);
    assert.deepEqual(((await response.json()) as IceServersAnswer).iceServers, []);
  });

  it('refuses a request without a token (401 with a Bearer challenge) and one with a forged token', async () => {
    const missing = await askWith(server, undefined);
    assert.equal(missing.status, 401);
    assert.match(missing.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.match(await errorOf(missing), /Authorization: Bearer/);
    const { token } = await server.access('Eve');
    const forged = await askWith(server, `${token.slice(0, -2)}xx`);
    assert.equal(forged.status, 401);
    assert.match(forged.headers.get('www-authenticate') ?? '', /invalid_token/);
  });

  it('answers CORS for the allowed origins, preflight included, and not for others', async () => {
    const { token } = await server.access('Fay');
    const allowed = await askWith(server, token, { Origin: 'https://host.example' });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://host.example');
    const other = await askWith(server, token, { Origin: 'https://evil.example' });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const preflight = await server.request('/ice-servers', {
      method: 'OPTIONS',
      headers: { Origin: 'https://host.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
  });

  it('never puts the TURN secret in an answer or a log line', async () => {
    const { token } = await server.access('Gus');
    const bodies = [await (await askWith(server, token)).text(), await (await askWith(server, undefined)).text()];
    for (const body of bodies) assert.ok(!body.includes(TURN_SECRET), 'no answer holds the secret');
    assert.ok(logged.length > 0, 'the requests were logged');
    assert.ok(logged.every((line) => !line.includes(TURN_SECRET)), 'no log line holds the secret');
  });
});

describe('STUN and TURN configuration', () => {
  const secret = 'a-turn-secret-of-some-length';

  it('has no ICE servers unless configured, and TURN credentials that last a day', () => {
    assert.deepEqual(readConfig({}).iceServers, { stunUrls: [], turnUrls: [], turnSecret: undefined, turnTtlSeconds: 86_400 });
  });

  it('reads comma-separated STUN and TURN URLs, the secret and the lifetime', () => {
    const config = readConfig({
      STUN_URLS: 'stun:a.example:3478, stun:b.example:3478',
      TURN_URLS: 'turn:t.example:3478?transport=udp,turns:t.example:5349',
      TURN_SECRET: secret,
      TURN_TTL_SECONDS: '3600',
    });
    assert.deepEqual(config.iceServers, {
      stunUrls: ['stun:a.example:3478', 'stun:b.example:3478'],
      turnUrls: ['turn:t.example:3478?transport=udp', 'turns:t.example:5349'],
      turnSecret: secret,
      turnTtlSeconds: 3600,
    });
  });

  const refused: Array<[string, Record<string, string>, RegExp]> = [
    ['TURN_URLS without TURN_SECRET', { TURN_URLS: 'turn:t.example:3478' }, /TURN_URLS is set but TURN_SECRET is not/],
    ['TURN_SECRET without TURN_URLS', { TURN_SECRET: secret }, /TURN_SECRET is set but TURN_URLS is not/],
    ['a short TURN_SECRET', { TURN_URLS: 'turn:t.example:3478', TURN_SECRET: 'short' }, /TURN_SECRET is too short/],
    ['a TURN URL that is not turn: or turns:', { TURN_URLS: 'https://t.example', TURN_SECRET: secret }, /TURN_URLS has "https:\/\/t\.example"/],
    ['a STUN URL given as TURN', { TURN_URLS: 'stun:t.example', TURN_SECRET: secret }, /TURN_URLS has "stun:t\.example"/],
    ['a STUN URL that is not stun:', { STUN_URLS: 'stun.example.com:3478' }, /STUN_URLS has "stun\.example\.com:3478"/],
    ['a TURN_TTL_SECONDS that is not a number', { TURN_TTL_SECONDS: 'soon' }, /TURN_TTL_SECONDS must be a whole number/],
  ];
  for (const [what, env, message] of refused) {
    it(`refuses to start with ${what}, saying why`, () => {
      assert.throws(() => readConfig(env), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, message);
        assert.ok(!error.message.includes(secret), 'the message does not quote the secret');
        return true;
      });
    });
  }
});
