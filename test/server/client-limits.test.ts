import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientAddressOf } from '../../server/http/client-address.js';
import { ClientGate, DEFAULT_CLIENT_LIMITS, type ClientLimits } from '../../server/signaling/client-limits.js';

const limits = (overrides: Partial<ClientLimits>): ClientLimits => ({ ...DEFAULT_CLIENT_LIMITS, ...overrides });

describe('client addresses', () => {
  it('is the socket address when no proxy header is trusted, whatever the client claims', () => {
    assert.equal(clientAddressOf({ 'x-forwarded-for': '6.6.6.6' }, '10.0.0.7'), '10.0.0.7');
  });

  it('takes the last X-Forwarded-For entry (the one our proxy added) when that header is trusted', () => {
    assert.equal(clientAddressOf({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }, '10.0.0.1', 'X-Forwarded-For'), '203.0.113.9');
    assert.equal(clientAddressOf({ 'x-real-ip': '198.51.100.4' }, '10.0.0.1', 'x-real-ip'), '198.51.100.4');
    assert.equal(clientAddressOf({}, '10.0.0.1', 'x-real-ip'), '10.0.0.1', 'no header: the socket');
  });

  it('counts IPv4-mapped addresses as IPv4 and IPv6 ones per /64', () => {
    assert.equal(clientAddressOf({}, '::ffff:192.0.2.1'), '192.0.2.1');
    assert.equal(clientAddressOf({}, '2001:db8:1:2:aaaa::1'), clientAddressOf({}, '2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    assert.notEqual(clientAddressOf({}, '2001:db8:1:2::1'), clientAddressOf({}, '2001:db8:1:3::1'));
    assert.equal(clientAddressOf({}, '::1'), '0:0:0:0::/64');
  });
});

describe('ClientGate', () => {
  it('lets one address take its burst of identities, then refuses with a wait, and refills', () => {
    let now = 0;
    const gate = new ClientGate(limits({ accessPerMinute: 6, accessBurst: 3 }), () => now);
    for (let i = 0; i < 3; i++) assert.equal(gate.takeAccess('a'), null);
    const refused = gate.takeAccess('a');
    assert.ok(refused);
    assert.match(refused.error, /too many new identities from your address: at most 6 a minute/);
    assert.equal(refused.retryAfterSeconds, 10);
    assert.equal(gate.takeAccess('b'), null, 'another address has its own allowance');
    now += 10_000;
    assert.equal(gate.takeAccess('a'), null, 'refilled after the wait it was told');
  });

  it('caps the whole instance too, however many addresses ask', () => {
    const gate = new ClientGate(limits({ instanceAccessPerSecond: 5 }), () => 0);
    const answers = Array.from({ length: 8 }, (_, i) => gate.takeAccess(`client-${i}`));
    assert.equal(answers.filter((answer) => answer === null).length, 5);
    assert.match(answers[7]!.error, /too many identities right now/);
  });

  it('limits joins per address', () => {
    const gate = new ClientGate(limits({ joinsPerMinute: 60, joinsBurst: 2 }), () => 0);
    assert.equal(gate.takeJoin('a'), null);
    assert.equal(gate.takeJoin('a'), null);
    assert.deepEqual(gate.takeJoin('a'), { error: 'too many room joins from your address: at most 60 a minute', retryAfterSeconds: 1 });
  });

  it('counts open streams per address and in all, and frees them when they close', () => {
    const gate = new ClientGate(limits({ streamsPerClient: 2, maxStreams: 3 }));
    assert.equal(gate.openStream('a'), null);
    assert.equal(gate.openStream('a'), null);
    assert.match(gate.openStream('a')!.error, /at most 2/);
    assert.equal(gate.openStream('b'), null);
    assert.match(gate.openStream('c')!.error, /holds its most streams \(3\)/);
    gate.closeStream('a');
    assert.equal(gate.openStream('c'), null, 'a closed stream makes room');
    gate.closeStream('unknown');
    assert.match(gate.openStream('d')!.error, /holds its most streams/, 'closing a stream never opened frees nothing');
  });
});
