import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DEFAULT_CLIENT_LIMITS, type ClientLimits } from '../../server/signaling/client-limits.js';
import { FakeClock } from '../support/fake-clock.js';
import { SignalingServer, UNLIMITED_CLIENTS, errorOf, widgetOf } from '../support/signaling-server.js';

const servers: SignalingServer[] = [];
// Time stands still: a bucket refilling by the second cannot let one more request through on a slow machine.
async function start(clientLimits: Partial<ClientLimits>, trustedProxyHeader?: string): Promise<SignalingServer> {
  const server = await SignalingServer.start({ clientLimits: { ...UNLIMITED_CLIENTS, ...clientLimits }, trustedProxyHeader, clock: new FakeClock() });
  servers.push(server);
  return server;
}

/** Sends `count` requests one after another and tallies their statuses. */
async function tally(count: number, send: (i: number) => Promise<Response>): Promise<{ statuses: Map<number, number>; last: Response }> {
  const statuses = new Map<number, number>();
  let last: Response | undefined;
  for (let i = 0; i < count; i++) {
    last = await send(i);
    statuses.set(last.status, (statuses.get(last.status) ?? 0) + 1);
    if (i < count - 1) await last.body?.cancel();
  }
  return { statuses, last: last! };
}

async function assertTooMany(response: Response, error: RegExp): Promise<void> {
  assert.equal(response.status, 429);
  assert.ok(Number(response.headers.get('retry-after')) >= 1, 'with Retry-After in whole seconds');
  assert.match(await errorOf(response), error);
}

describe('limits per client address and per instance', () => {
  after(() => Promise.all(servers.map((server) => server.close())));

  it('hands one address its minute of identities, then 429 with Retry-After, by default', async () => {
    const server = await start({ accessPerMinute: DEFAULT_CLIENT_LIMITS.accessPerMinute, accessBurst: DEFAULT_CLIENT_LIMITS.accessBurst });
    const { statuses, last } = await tally(200, (i) => server.post('/access', { username: `flood ${i}` }));
    assert.equal(statuses.get(200), DEFAULT_CLIENT_LIMITS.accessBurst, 'the burst, and not one more');
    assert.equal(statuses.get(429), 200 - DEFAULT_CLIENT_LIMITS.accessBurst);
    await assertTooMany(last, /too many new identities from your address: at most 60 a minute/);
  });

  it('limits the event streams one address holds open, and frees the place when one closes', async () => {
    const server = await start({ streamsPerClient: 3 });
    const visitors = [await server.visitor('a'), await server.visitor('b'), await server.visitor('c')];
    const { token } = await server.access('d');
    const refused = await server.request(`/connect?token=${encodeURIComponent(token)}`);
    await assertTooMany(refused, /too many open streams from your address: at most 3/);
    visitors[0]!.stream.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stream = await server.connect(token);
    assert.equal((await stream.next('connected')).event, 'connected', 'a closed stream made room');
  });

  it('limits room joins per address, so short room ids cannot be probed by the thousand', async () => {
    const server = await start({ joinsPerMinute: 5, joinsBurst: 5 });
    const visitor = await server.visitor('prober');
    // A widget each: one widget joins one room.
    const { statuses, last } = await tally(8, (i) => server.join(widgetOf(visitor, `widget-${i}`), `guess-${String(i).padStart(4, '0')}`));
    assert.equal(statuses.get(200), 5);
    await assertTooMany(last, /too many room joins from your address: at most 5 a minute/);
  });

  it('counts clients by the trusted proxy header when one is set, and by the socket otherwise', async () => {
    const behindProxy = await start({ accessPerMinute: 2, accessBurst: 2 }, 'X-Forwarded-For');
    const from = (address: string, i: number) => behindProxy.post('/access', { username: `u${i}` }, undefined, { 'X-Forwarded-For': `6.6.6.6, ${address}` });
    assert.deepEqual([...(await tally(3, (i) => from('203.0.113.1', i))).statuses], [[200, 2], [429, 1]]);
    assert.equal((await from('203.0.113.2', 9)).status, 200, 'another client behind the proxy has its own allowance');

    const direct = await start({ accessPerMinute: 2, accessBurst: 2 });
    const spoofed = await tally(3, (i) => direct.post('/access', { username: `u${i}` }, undefined, { 'X-Forwarded-For': `198.51.100.${i}` }));
    assert.deepEqual([...spoofed.statuses], [[200, 2], [429, 1]], 'an untrusted header changes nothing');
  });

  it('caps identities for the whole instance, however many addresses ask', async () => {
    const server = await start({ instanceAccessPerSecond: 5 }, 'X-Real-IP');
    const { statuses, last } = await tally(8, (i) => server.post('/access', { username: `u${i}` }, undefined, { 'X-Real-IP': `192.0.2.${i}` }));
    assert.equal(statuses.get(200), 5);
    await assertTooMany(last, /too many identities right now/);
  });
});
