import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { v4 as uuidv4 } from 'uuid';
import { SignalingServer, TEST_SECRET, type Visitor } from '../support/signaling-server.js';

interface World {
  server: SignalingServer;
  alice: Visitor;
  bob: Visitor;
  eve: Visitor;
  /** A valid token of a user without a stream. */
  streamless: string;
}

type Send = (world: World) => Promise<Response>;
interface BadInput {
  what: string;
  send: Send;
  status: number;
  error: RegExp;
}

const json = { 'Content-Type': 'application/json' };
const sign = (payload: object, secret = TEST_SECRET, options: jwt.SignOptions = {}) => jwt.sign(payload, secret, options);
const expired = () => sign({ id: uuidv4(), username: 'x', exp: Math.floor(Date.now() / 1000) - 60 });
const forgedTokens: Array<[string, () => string, RegExp]> = [
  ['a malformed token', () => 'not-a-jwt', /invalid token/],
  ['a token of three dots', () => '...', /invalid token/],
  ['a token signed with another secret', () => sign({ id: uuidv4(), username: 'x' }, 'another-secret-another-secret-12345'), /invalid token/],
  ['an expired token', expired, /token expired/],
  ['an alg "none" token', () => jwt.sign({ id: uuidv4(), username: 'x' }, '', { algorithm: 'none' }), /invalid token/],
  ['an HS512 token', () => sign({ id: uuidv4(), username: 'x' }, TEST_SECRET, { algorithm: 'HS512' }), /invalid token/],
  ['a token whose id is not a uuid', () => sign({ id: 'admin', username: 'x' }), /does not name a user/],
  ['a token without a username (no such user)', () => sign({ id: uuidv4() }), /does not name a user/],
  ['a token of 6 KB', () => 'x'.repeat(6000), /invalid token/],
];

const access = (body: string, headers: Record<string, string> = json): Send => ({ server }) =>
  server.request('/access', { method: 'POST', body, headers });
type Body = string | undefined | ((w: World) => string);
const relay = (path: (w: World) => string, body: Body, headers: Record<string, string> = json): Send => (w) =>
  w.server.request(`/relay/${path(w)}`, { method: 'POST', body: typeof body === 'function' ? body(w) : body, headers: { Authorization: `Bearer ${w.alice.token}`, ...headers } });
const toBob = (event = 'ice-candidate') => (w: World) => `${w.bob.member.id}/${event}`;
/** A relay body from alice's widget. */
const fromAlice = (data: unknown = {}) => (w: World) => JSON.stringify({ from: w.alice.member.id, data });
const join = (room: string, token: (w: World) => string | undefined = (w) => w.alice.token): Send => (w) => {
  const value = token(w);
  return w.server.request(`/${room}/join`, { method: 'POST', headers: value === undefined ? {} : { Authorization: `Bearer ${value}` } });
};
const joinWith = (body: string): Send => (w) =>
  w.server.request('/bad-input-room/join', { method: 'POST', body, headers: { Authorization: `Bearer ${w.alice.token}`, ...json } });

const cases: BadInput[] = [
  // POST /access: the body
  { what: 'access without a body', send: access(''), status: 400, error: /valid JSON/ },
  { what: 'access with malformed JSON', send: access('{"username":'), status: 400, error: /valid JSON/ },
  { what: 'access with a JSON array', send: access('["alice"]'), status: 400, error: /JSON object/ },
  { what: 'access with a JSON string', send: access('"alice"'), status: 400, error: /JSON object/ },
  { what: 'access with a JSON number', send: access('42'), status: 400, error: /JSON object/ },
  { what: 'access with JSON null', send: access('null'), status: 400, error: /JSON object/ },
  { what: 'access without a username', send: access('{}'), status: 400, error: /username must be a string/ },
  { what: 'access with a numeric username', send: access('{"username":5}'), status: 400, error: /username must be a string/ },
  { what: 'access with a null username', send: access('{"username":null}'), status: 400, error: /username must be a string/ },
  { what: 'access with an array username', send: access('{"username":["a"]}'), status: 400, error: /username must be a string/ },
  { what: 'access with an object username', send: access('{"username":{"first":"a"}}'), status: 400, error: /username must be a string/ },
  { what: 'access with an empty username', send: access('{"username":""}'), status: 400, error: /1 to 32 characters/ },
  { what: 'access with a blank username', send: access('{"username":"   "}'), status: 400, error: /1 to 32 characters/ },
  { what: 'access with a 33-character username', send: access(JSON.stringify({ username: 'a'.repeat(33) })), status: 400, error: /1 to 32 characters/ },
  { what: 'access with control characters in the username', send: access(JSON.stringify({ username: 'bob\u0000\u001b[31m' })), status: 400, error: /control characters/ },
  { what: 'access with a body over 1 KB', send: access(JSON.stringify({ username: 'a', pad: 'x'.repeat(2000) })), status: 413, error: /1 KB/ },
  { what: 'access as text/plain', send: access('{"username":"alice"}', { 'Content-Type': 'text/plain' }), status: 415, error: /application\/json/ },
  { what: 'access as a form', send: access('username=alice', { 'Content-Type': 'application/x-www-form-urlencoded' }), status: 415, error: /application\/json/ },
  { what: 'access without a Content-Type', send: access('{"username":"alice"}', {}), status: 415, error: /application\/json/ },
  { what: 'GET /access', send: ({ server }) => server.request('/access'), status: 404, error: /no route for GET \/access/ },

  // Tokens, wherever they are presented
  ...forgedTokens.flatMap(([what, token, error]): BadInput[] => [
    { what: `refresh with ${what}`, send: ({ server }) => server.post('/access/refresh', {}, token()), status: 401, error },
    { what: `connect with ${what}`, send: ({ server }) => server.request(`/connect?token=${encodeURIComponent(token())}`), status: 401, error },
    { what: `join with ${what}`, send: join('bad-input-room', () => token()), status: 401, error },
  ]),
  { what: 'refresh without a token', send: ({ server }) => server.post('/access/refresh', {}), status: 401, error: /missing Authorization/ },
  { what: 'refresh with Basic auth', send: ({ server }) => server.post('/access/refresh', {}, undefined, { Authorization: 'Basic YTpi' }), status: 400, error: /Bearer <token>/ },
  { what: 'refresh with an empty bearer', send: ({ server }) => server.post('/access/refresh', {}, undefined, { Authorization: 'Bearer ' }), status: 400, error: /Bearer <token>/ },

  // GET /connect: the query string
  { what: 'connect without a token', send: ({ server }) => server.request('/connect'), status: 401, error: /missing token/ },
  { what: 'connect with an empty token', send: ({ server }) => server.request('/connect?token='), status: 401, error: /missing token/ },
  { what: 'connect with a badly escaped token', send: ({ server }) => server.request('/connect?token=%ZZ%'), status: 401, error: /invalid token/ },
  { what: 'connect with the token twice', send: (w) => w.server.request(`/connect?token=junk&token=${w.alice.token}`), status: 401, error: /invalid token/ },

  // POST /:roomId/join: the path
  { what: 'join without a token', send: join('bad-input-room', () => undefined), status: 401, error: /missing Authorization/ },
  { what: 'join a 7-character room id', send: join('short77'), status: 404, error: /room ids are 8-64 characters/ },
  { what: 'join a room id with a dot', send: join('has.dot-in-it'), status: 404, error: /room ids are 8-64 characters/ },
  { what: 'join a 65-character room id', send: join('x'.repeat(65)), status: 404, error: /room ids are 8-64 characters/ },
  { what: 'join a room id with an escaped slash', send: join('abcd%2Fefgh'), status: 404, error: /room ids are 8-64 characters/ },
  { what: 'join a room id with an escaped space', send: join('abcd%20efgh'), status: 404, error: /room ids are 8-64 characters/ },
  { what: 'join a non-ASCII room id', send: join(encodeURIComponent('ラウンジラウンジラウンジ')), status: 404, error: /room ids are 8-64 characters/ },
  { what: 'join without an open stream', send: (w) => w.server.post('/bad-input-room/join', { member: 'widget-1' }, w.streamless), status: 409, error: /open the event stream/ },
  // POST /:roomId/join: the body
  { what: 'join without a body', send: (w) => w.server.request('/bad-input-room/join', { method: 'POST', headers: { Authorization: `Bearer ${w.alice.token}` } }), status: 415, error: /application\/json/ },
  { what: 'join without a member key', send: joinWith('{}'), status: 400, error: /member must be the widget's member key/ },
  { what: 'join with a 7-character member key', send: joinWith('{"member":"widget1"}'), status: 400, error: /member must be the widget's member key/ },
  { what: 'join with a member key holding a dot', send: joinWith('{"member":"widget.one"}'), status: 400, error: /member must be the widget's member key/ },
  { what: 'join with a numeric member key', send: joinWith('{"member":12345678}'), status: 400, error: /member must be the widget's member key/ },
  { what: 'join with a numeric username', send: joinWith('{"member":"widget-9","username":5}'), status: 400, error: /username must be a string/ },
  { what: 'join with a blank username', send: joinWith('{"member":"widget-9","username":"  "}'), status: 400, error: /1 to 32 characters/ },
  { what: 'join with a body over 1 KB', send: joinWith(JSON.stringify({ member: 'widget-9', pad: 'x'.repeat(2000) })), status: 413, error: /1 KB/ },
  { what: 'leave without a member key', send: (w) => w.server.post('/bad-input-shared/leave', {}, w.alice.token), status: 400, error: /member must be the widget's member key/ },
  { what: 'leave an invalid room id', send: (w) => w.server.post('/short77/leave', { member: 'widget-1' }, w.alice.token), status: 404, error: /room ids are 8-64 characters/ },
  { what: 'GET a join', send: ({ server }) => server.request('/bad-input-room/join'), status: 404, error: /no route/ },

  // POST /relay/:peerId/:event: path and body
  { what: 'relay without a token', send: (w) => w.server.request(`/relay/${toBob()(w)}`, { method: 'POST', body: '{}', headers: json }), status: 401, error: /missing Authorization/ },
  { what: 'relay an unknown event', send: relay(toBob('offer'), '{}'), status: 400, error: /allowed events are session-description, ice-candidate/ },
  { what: 'relay a server event (add-peer)', send: relay(toBob('add-peer'), '{}'), status: 400, error: /cannot relay "add-peer"/ },
  { what: 'relay a server event (connected)', send: relay(toBob('connected'), '{}'), status: 400, error: /cannot relay "connected"/ },
  { what: 'relay to a peer id that is not a member id', send: relay(() => 'bob/ice-candidate', fromAlice()), status: 400, error: /member id/ },
  { what: 'relay to a user id', send: relay((w) => `${w.bob.user.id}/ice-candidate`, fromAlice()), status: 400, error: /member id/ },
  { what: 'relay to a 1000-character peer id', send: relay(() => `${'a'.repeat(1000)}/ice-candidate`, fromAlice()), status: 400, error: /member id/ },
  { what: 'relay to oneself', send: relay((w) => `${w.alice.member.id}/ice-candidate`, fromAlice()), status: 400, error: /yourself/ },
  { what: 'relay to an unknown peer', send: relay(() => `${uuidv4()}.widget-1/ice-candidate`, fromAlice()), status: 404, error: /not connected/ },
  { what: 'relay across rooms', send: relay((w) => `${w.eve.member.id}/ice-candidate`, fromAlice()), status: 404, error: /not connected to a room of yours/ },
  { what: 'relay without from', send: relay(toBob(), '{"data":{}}'), status: 400, error: /from must be the sending member's id/ },
  { what: "relay from another user's member", send: relay(toBob(), (w) => JSON.stringify({ from: w.eve.member.id, data: {} })), status: 400, error: /from must be a member of your own/ },
  { what: 'relay without data', send: relay(toBob(), (w) => JSON.stringify({ from: w.alice.member.id })), status: 400, error: /data must be a JSON object/ },
  { what: 'relay data that is a string', send: relay(toBob(), fromAlice('sdp')), status: 400, error: /data must be a JSON object/ },
  { what: 'relay malformed JSON', send: relay(toBob(), '{"candidate":'), status: 400, error: /valid JSON/ },
  { what: 'relay a JSON array', send: relay(toBob(), '[1,2]'), status: 400, error: /JSON object/ },
  { what: 'relay a JSON string', send: relay(toBob(), '"sdp"'), status: 400, error: /JSON object/ },
  { what: 'relay JSON null', send: relay(toBob(), 'null'), status: 400, error: /JSON object/ },
  { what: 'relay without a body', send: relay(toBob(), undefined), status: 400, error: /valid JSON/ },
  { what: 'relay a body over 16 KB', send: relay(toBob(), fromAlice({ sdp: 'x'.repeat(17_000) })), status: 413, error: /16 KB/ },
  {
    what: 'relay a body over 16 KB sent in chunks, without a length',
    send: (w) => w.server.request(`/relay/${toBob()(w)}`, {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${w.alice.token}` },
      body: new Blob([JSON.stringify({ sdp: 'x'.repeat(40_000) })]).stream(),
      duplex: 'half',
    } as RequestInit),
    status: 413,
    error: /16 KB/,
  },
  { what: 'relay as text/plain', send: relay(toBob(), fromAlice(), { 'Content-Type': 'text/plain' }), status: 415, error: /application\/json/ },
  { what: 'relay with an expired token', send: (w) => w.server.post(`/relay/${toBob()(w)}`, {}, expired()), status: 401, error: /token expired/ },

  // Anything else
  { what: 'an unknown path', send: ({ server }) => server.request('/no/such/path/here'), status: 404, error: /no route for GET \/no\/such\/path\/here/ },
  { what: 'a path of 8,000 characters', send: ({ server }) => server.request(`/${'p'.repeat(8000)}/x`), status: 404, error: /no route/ },
  { what: 'POST /', send: ({ server }) => server.post('/', {}), status: 404, error: /no route for POST \// },
  { what: 'a page for an invalid room id', send: ({ server }) => server.request('/bad.room.id'), status: 404, error: /no route for GET \/bad.room.id/ },
  { what: 'DELETE on the API', send: ({ server }) => server.request('/access', { method: 'DELETE' }), status: 404, error: /no route for DELETE/ },
];

describe(`${cases.length} kinds of bad input`, () => {
  const world = {} as World;
  before(async () => {
    world.server = await SignalingServer.start();
    world.alice = await world.server.visitor('alice');
    world.bob = await world.server.visitor('bob');
    world.eve = await world.server.visitor('eve');
    world.streamless = (await world.server.access('streamless')).token;
    await world.server.join(world.alice, 'bad-input-shared');
    await world.server.join(world.bob, 'bad-input-shared');
    await world.server.join(world.eve, 'bad-input-eves-own');
  });
  after(() => world.server.close());

  it('are at least 60', () => assert.ok(cases.length >= 60, `${cases.length} cases`));

  for (const { what, send, status, error } of cases) {
    it(`${what}: ${status} {error}`, async () => {
      const response = await send(world);
      const text = await response.text();
      assert.equal(response.status, status, text);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      const body = JSON.parse(text) as { error?: unknown };
      assert.equal(typeof body.error, 'string');
      assert.match(body.error as string, error);
      assert.doesNotMatch(text, /\bat .+:\d+:\d+|node_modules|\/server\//, 'no stack trace or file path');
    });
  }

  it('leaves the server serving and the members connected', async () => {
    const response = await world.server.relay(world.alice, world.bob.member.id, 'ice-candidate', { candidate: 'still here' });
    assert.equal(response.status, 200);
    assert.deepEqual((await world.bob.stream.next('ice-candidate')).data, { to: world.bob.member.id, peer: world.alice.member, data: { candidate: 'still here' } });
  });
});
