import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MALFORMED_BEARER, MISSING_BEARER } from '../../server/http/bearer.js';
import { storeCall } from '../../server/http/errors.js';
import { MemoryBus } from '../../server/signaling/bus.js';
import { MemoryRoomRegistry, type RoomRegistry } from '../../server/signaling/rooms.js';
import { isRoomId } from '../../protocol/signaling.js';
import { SignalingServer, type Visitor } from '../support/signaling-server.js';

// /connect and /relay are served on node:http, everything else by Hono: an error must be answered the same
// whichever kind of route refuses it (status, JSON body, headers), CORS and nosniff included.

const ORIGIN = { Origin: 'https://host.example' };
const ROOM = 'route-errors-room';

/** What a client can tell of an answer: status, body, and every header but the date (and the length, which the body gives). */
async function answerOf(response: Response): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date' && name !== 'content-length'));
  assert.ok(response.headers.has('content-length') && !response.headers.has('transfer-encoding'), `${response.url} answers with its length`);
  return { status: response.status, body: await response.json(), headers };
}

/** A room registry that works in memory until told to fail, then fails like an unreachable Redis or a bug. */
class FailingRooms implements RoomRegistry {
  failure: 'store' | 'bug' | null = null;
  private readonly rooms: MemoryRoomRegistry;

  constructor(bus: MemoryBus) {
    this.rooms = new MemoryRoomRegistry(bus);
  }

  join(...args: Parameters<RoomRegistry['join']>) {
    return this.failing('join') ?? this.rooms.join(...args);
  }

  leave(...args: Parameters<RoomRegistry['leave']>) {
    return this.failing('leave') ?? this.rooms.leave(...args);
  }

  leaveAll(userId: string) {
    return this.rooms.leaveAll(userId);
  }

  relaySender(fromId: string, toId: string) {
    return this.failing('relaySender') ?? this.rooms.relaySender(fromId, toId);
  }

  hasMember(roomId: string, memberId: string) {
    return this.failing('hasMember') ?? this.rooms.hasMember(roomId, memberId);
  }

  private failing(operation: string): Promise<never> | null {
    if (this.failure === 'store') return storeCall(operation, Promise.reject(new Error('connection refused')));
    if (this.failure === 'bug') return Promise.reject(new TypeError(`${operation}: cannot read properties of undefined`));
    return null;
  }
}

describe('errors answered alike by node:http routes (/relay, /connect) and Hono routes', () => {
  const lines: Array<Record<string, unknown>> = [];
  const bus = new MemoryBus();
  const rooms = new FailingRooms(bus);
  let server: SignalingServer;
  let alice: Visitor;
  let bob: Visitor;
  before(async () => {
    server = await SignalingServer.start({
      allowedOrigins: ['https://host.example'],
      bus,
      rooms,
      limits: { relayPerSecond: 1, relayBurst: 10 },
      log: (event, fields) => lines.push({ event, ...fields }),
    });
    alice = await server.visitor('alice');
    bob = await server.visitor('bob');
    assert.equal((await server.join(alice, ROOM)).status, 200);
    assert.equal((await server.join(bob, ROOM)).status, 200);
  });
  after(() => server.close());

  /** A relay to bob from `sender`'s widget, or with no token at all. */
  const relay = (sender: Visitor | undefined, headers: Record<string, string> = {}, body?: unknown) =>
    server.post(`/relay/${bob.member.id}/ice-candidate`, body ?? { from: (sender ?? alice).member.id, data: { candidate: null } }, sender?.token, { ...ORIGIN, ...headers });
  const join = (token: string | undefined, headers: Record<string, string> = {}) =>
    server.post(`/${ROOM}/join`, { member: 'widget-1' }, token, { ...ORIGIN, ...headers });

  it('refuses a missing, garbled or forged bearer token with the same status, message, challenge and headers', async () => {
    const cases: Array<{ header: Record<string, string>; status: number; error: string | null; challenge: string }> = [
      { header: {}, status: 401, error: MISSING_BEARER, challenge: 'Bearer realm=""' },
      { header: { Authorization: 'Basic YWxpY2U6c2VjcmV0' }, status: 400, error: MALFORMED_BEARER, challenge: 'Bearer error="invalid_request"' },
      { header: { Authorization: 'Bearer not a token' }, status: 400, error: MALFORMED_BEARER, challenge: 'Bearer error="invalid_request"' },
      { header: { Authorization: 'Bearer forged.token.value' }, status: 401, error: null, challenge: 'Bearer error="invalid_token"' },
    ];
    for (const { header, status, error, challenge } of cases) {
      const [viaNode, viaHono, viaRefresh] = await Promise.all([
        answerOf(await relay(undefined, header)),
        answerOf(await join(undefined, header)),
        answerOf(await server.post('/access/refresh', {}, undefined, { ...ORIGIN, ...header })),
      ]);
      const what = JSON.stringify(header);
      assert.equal(viaNode.status, status, what);
      assert.equal(viaNode.headers['www-authenticate'], challenge, what);
      if (error) assert.deepEqual(viaNode.body, { error }, what);
      else assert.match((viaNode.body as { error: string }).error, /invalid token/, what);
      assert.deepEqual(viaHono, viaNode, `POST /:roomId/join answers ${what} as POST /relay does`);
      assert.deepEqual(viaRefresh, viaNode, `POST /access/refresh answers ${what} as POST /relay does`);
    }
  });

  it('answers a body it cannot read (415, 413, 400) the same on /relay and /access', async () => {
    const sender = await server.visitor('erin');
    const bodies: Array<{ body: string; headers: Record<string, string>; status: number }> = [
      { body: '{"candidate":null}', headers: { 'Content-Type': 'text/plain' }, status: 415 },
      { body: JSON.stringify({ pad: 'x'.repeat(20_000) }), headers: {}, status: 413 },
      { body: '{oops', headers: {}, status: 400 },
      { body: '[1,2]', headers: {}, status: 400 },
    ];
    for (const { body, headers, status } of bodies) {
      const viaNode = await answerOf(await relay(sender, headers, body));
      const viaHono = await answerOf(await server.post('/access', body, undefined, { ...ORIGIN, ...headers }));
      const what = body.slice(0, 20);
      assert.equal(viaNode.status, status, what);
      if (status === 413) {
        // Each route has its own limit, and says which.
        assert.deepEqual([viaNode.body, viaHono.body], [{ error: 'request body is over the 16 KB limit' }, { error: 'request body is over the 1 KB limit' }]);
        assert.deepEqual({ ...viaHono, body: null }, { ...viaNode, body: null }, what);
      } else assert.deepEqual(viaHono, viaNode, what);
    }
  });

  it('gives every refusal of the node:http routes CORS and nosniff, and 429 its Retry-After', async () => {
    const sender = await server.visitor('frank');
    const refusals: Response[] = [
      await relay(undefined),
      await server.post('/relay/not-a-uuid/ice-candidate', {}, alice.token, ORIGIN),
      await server.post(`/relay/${bob.member.id}/hello`, {}, alice.token, ORIGIN),
      await server.request('/connect', { headers: ORIGIN }),
      await server.request('/connect?token=forged', { headers: ORIGIN }),
    ];
    let limited: Response | undefined;
    for (let i = 0; i < 20 && !limited; i++) {
      const response = await relay(sender);
      if (response.status === 429) limited = response;
      else await response.body?.cancel();
    }
    assert.ok(limited, 'the relay rate limit refuses past its burst');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1, 'with Retry-After in whole seconds');
    refusals.push(limited);
    assert.deepEqual(refusals.map((response) => response.status), [401, 400, 400, 401, 401, 429]);
    for (const response of refusals) {
      const what = `${response.status} ${response.url}`;
      assert.equal(response.headers.get('access-control-allow-origin'), 'https://host.example', what);
      assert.equal(response.headers.get('vary'), 'Origin', what);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', what);
      assert.equal(response.headers.get('content-type'), 'application/json', what);
      assert.ok(typeof ((await response.json()) as { error?: unknown }).error === 'string', what);
    }
  });

  it('answers an unreachable store 503 with Retry-After on both kinds of route, and logs why', async () => {
    const fresh = await server.visitor('carol');
    rooms.failure = 'store';
    try {
      const viaNode = await answerOf(await relay(fresh));
      const viaHono = await answerOf(await join(fresh.token));
      assert.equal(viaNode.status, 503);
      assert.equal(viaNode.headers['retry-after'], '2');
      assert.equal(viaNode.headers['access-control-allow-origin'], 'https://host.example');
      assert.match((viaNode.body as { error: string }).error, /cannot reach its shared store \(relaySender: connection refused\)/);
      assert.deepEqual({ ...viaHono, body: null }, { ...viaNode, body: null });
      assert.match((viaHono.body as { error: string }).error, /cannot reach its shared store \(join: connection refused\)/);
      const logged = lines.filter((line) => line.event === 'store-unavailable' && line.userId === fresh.user.id).map((line) => line.path);
      assert.deepEqual(logged, [`/relay/${bob.member.id}/ice-candidate`, `/${ROOM}/join`]);
    } finally {
      rooms.failure = null;
    }
  });

  it('answers any other failure 500 without saying what it was, and logs it', async () => {
    const fresh = await server.visitor('dave');
    rooms.failure = 'bug';
    try {
      const viaNode = await answerOf(await relay(fresh));
      const viaHono = await answerOf(await join(fresh.token));
      assert.deepEqual(viaNode.body, { error: 'internal server error' });
      assert.equal(viaNode.status, 500);
      assert.deepEqual(viaHono, viaNode);
      const logged = lines.filter((line) => line.event === 'internal-error' && line.userId === fresh.user.id);
      assert.deepEqual(logged.map((line) => line.error), [
        'TypeError: relaySender: cannot read properties of undefined',
        'TypeError: join: cannot read properties of undefined',
      ]);
    } finally {
      rooms.failure = null;
    }
  });

  it('keeps a join refusal’s code and limit in its body', async () => {
    const crowd: Visitor[] = [];
    for (let i = 0; i < 32; i++) crowd.push(await server.visitor(`member ${i}`));
    const full = 'route-errors-full-room';
    for (const member of crowd) assert.equal((await server.join(member, full)).status, 200);
    const refused = await answerOf(await server.post(`/${full}/join`, { member: 'widget-2' }, alice.token, ORIGIN));
    assert.equal(refused.status, 409);
    const { error, ...details } = refused.body as { error: string };
    assert.deepEqual(details, { code: 'room-full', limit: 32 });
    assert.match(error, /full/);
    assert.equal(refused.headers['access-control-allow-origin'], 'https://host.example');
  });
});

describe('the route table', () => {
  let server: SignalingServer;
  let alice: Visitor;
  let bob: Visitor;
  before(async () => {
    server = await SignalingServer.start();
    alice = await server.visitor('alice');
    bob = await server.visitor('bob');
    await server.join(alice, ROOM);
    await server.join(bob, ROOM);
  });
  after(() => server.close());

  it('sends other methods on the node:http routes’ paths to Hono, which has no route for them', async () => {
    for (const [method, path] of [['POST', '/connect'], ['GET', `/relay/${bob.member.id}/ice-candidate`], ['PUT', `/relay/${bob.member.id}/ice-candidate`]] as const) {
      const response = await server.request(path, { method });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.deepEqual(await response.json(), { error: `no route for ${method} ${path}` });
    }
  });

  it('matches /relay’s path segment by segment: percent-encoded segments are decoded, a query string is ignored, more segments are not a relay', async () => {
    const encoded = await server.post(`/relay/${bob.member.id}/ice%2Dcandidate?via=test`, { from: alice.member.id, data: { candidate: 'c1' } }, alice.token);
    assert.equal(encoded.status, 200);
    assert.deepEqual((await bob.stream.next('ice-candidate')).data, { to: bob.member.id, peer: alice.member, data: { candidate: 'c1' } });
    const deeper = await server.post(`/relay/${bob.member.id}/ice-candidate/more`, {}, alice.token);
    assert.equal(deeper.status, 404);
    assert.match(((await deeper.json()) as { error: string }).error, /no route for POST/);
  });

  it('redirects / to a new room whose id the widget would accept as its own', async () => {
    const response = await server.request('/');
    assert.equal(response.status, 302);
    // The room page makes the room's key itself (#new): the server never knows it.
    const [path, fragment] = (response.headers.get('location') ?? '').split('#');
    assert.equal(fragment, 'new');
    const roomId = (path ?? '').slice(1);
    assert.ok(isRoomId(roomId), roomId);
    assert.match(roomId, /^[A-Za-z0-9_-]{22}$/);
    const page = await server.request(`/${roomId}`);
    assert.notEqual(page.status, 404, 'the room page is served at that id');
    await page.body?.cancel();
  });
});
