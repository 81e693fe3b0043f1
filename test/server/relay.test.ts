import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v4 as uuidv4 } from 'uuid';
import { FakeClock } from '../support/fake-clock.js';
import { WIDGETS_AT_FULL_RATE } from '../../server/signaling/limits.js';
import { SignalingServer, errorOf, widgetOf, type Visitor } from '../support/signaling-server.js';

describe('POST /relay/:peerId/:event', () => {
  let server: SignalingServer;
  let alice: Visitor;
  let alicesOtherTab: Visitor;
  let bob: Visitor;
  let eve: Visitor;
  before(async () => {
    server = await SignalingServer.start();
    alice = await server.visitor('alice');
    alicesOtherTab = widgetOf(alice, 'widget-2');
    bob = await server.visitor('bob');
    eve = await server.visitor('eve');
    await server.join(alice, 'relay-room-shared');
    await server.join(alicesOtherTab, 'relay-room-shared');
    await server.join(bob, 'relay-room-shared');
    await server.join(eve, 'relay-room-eves-own');
    // What the joins announced: out of the way of the tests that count events.
    await alice.stream.eventsWithin(100);
    alice.stream.skipArrived();
    bob.stream.skipArrived();
  });
  after(() => server.close());

  for (const event of ['session-description', 'ice-candidate']) {
    it(`delivers ${event} to a member of the same room as {to, peer: sending member, data}`, async () => {
      const data = { description: { type: 'offer', sdp: 'v=0 test' } };
      const response = await server.relay(alice, bob.member.id, event, data);
      assert.equal(response.status, 200);
      assert.deepEqual((await bob.stream.next(event)).data, { to: bob.member.id, peer: alice.member, data });
    });
  }

  it('relays between two widgets of one browser (two tabs) over its one stream', async () => {
    const data = { candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' } };
    assert.equal((await server.relay(alice, alicesOtherTab.member.id, 'ice-candidate', data)).status, 200);
    assert.deepEqual((await alice.stream.next('ice-candidate')).data, { to: alicesOtherTab.member.id, peer: alice.member, data });
    assert.equal((await server.relay(alicesOtherTab, alice.member.id, 'ice-candidate', data)).status, 200);
    assert.deepEqual((await alice.stream.next('ice-candidate')).data, { to: alice.member.id, peer: alicesOtherTab.member, data });
  });

  it("refuses a `from` that is not one of the token's members with 400, delivering nothing", async () => {
    const asBob = await server.post(`/relay/${alicesOtherTab.member.id}/ice-candidate`, { from: bob.member.id, data: {} }, alice.token);
    assert.equal(asBob.status, 400);
    assert.match(await errorOf(asBob), /from must be a member of your own/);
    for (const from of [undefined, alice.user.id, 'not-a-member', `${alice.user.id}.bad`]) {
      const response = await server.post(`/relay/${bob.member.id}/ice-candidate`, { from, data: {} }, alice.token);
      assert.equal(response.status, 400, String(from));
      assert.match(await errorOf(response), /from must be the sending member's id/);
    }
    assert.deepEqual(await bob.stream.eventsWithin(150), [], 'bob received nothing');
  });

  it('refuses a relay to a connected member in another room, who receives nothing', async () => {
    const response = await server.relay(eve, bob.member.id, 'ice-candidate', { candidate: {} });
    assert.equal(response.status, 404);
    assert.equal(await errorOf(response), `peer ${bob.member.id} is not connected to a room of yours`);
    assert.deepEqual(await bob.stream.eventsWithin(150), [], 'bob received nothing from eve');
  });

  it('refuses a relay from a member that is in no room', async () => {
    const response = await server.relay(widgetOf(alice, 'widget-unjoined'), bob.member.id, 'ice-candidate', {});
    assert.equal(response.status, 404);
    assert.deepEqual(await bob.stream.eventsWithin(150), []);
  });

  it('answers a connected stranger exactly as an id nobody has, so nobody can test who is online', async () => {
    const unknown = `${uuidv4()}.widget-1`;
    const toStranger = await server.relay(eve, bob.member.id, 'ice-candidate', { candidate: {} });
    const toNobody = await server.relay(eve, unknown, 'ice-candidate', { candidate: {} });
    assert.equal(toStranger.status, toNobody.status);
    assert.equal((await errorOf(toStranger)).replace(bob.member.id, '<id>'), (await errorOf(toNobody)).replace(unknown, '<id>'));
    assert.deepEqual([...toStranger.headers.keys()].filter((name) => name !== 'date' && name !== 'content-length'),
      [...toNobody.headers.keys()].filter((name) => name !== 'date' && name !== 'content-length'));
  });

  it('answers 400 for events other than session-description and ice-candidate', async () => {
    for (const event of ['connected', 'add-peer', 'remove-peer', 'anything']) {
      const response = await server.relay(alice, bob.member.id, event, {});
      assert.equal(response.status, 400, event);
      assert.match(await errorOf(response), /allowed events are session-description, ice-candidate/);
    }
  });

  it('answers 400 for a peer id that is not a member id, or the sending member itself', async () => {
    for (const peerId of ['not-a-uuid', bob.user.id, `${bob.user.id}.short`]) {
      const response = await server.relay(alice, peerId, 'ice-candidate', {});
      assert.equal(response.status, 400, peerId);
      assert.match(await errorOf(response), /peer id must be a member id/);
    }
    const self = await server.relay(alice, alice.member.id, 'ice-candidate', {});
    assert.equal(self.status, 400);
    assert.match(await errorOf(self), /yourself/);
  });

  it('answers 400 for a body that is not a JSON object, or data that is not one', async () => {
    for (const body of ['{oops', '[1,2]', '"text"', 'null', JSON.stringify({ from: alice.member.id, data: [1] }), JSON.stringify({ from: alice.member.id })]) {
      const response = await server.post(`/relay/${bob.member.id}/ice-candidate`, body, alice.token);
      assert.equal(response.status, 400, body);
      await errorOf(response);
    }
  });

  it('answers 413 for a body over 16 KB and relays one just under it', async () => {
    const tooBig = await server.relay(alice, bob.member.id, 'ice-candidate', { pad: 'x'.repeat(16 * 1024) });
    assert.equal(tooBig.status, 413);
    assert.match(await errorOf(tooBig), /16 KB/);
    const fits = await server.relay(alice, bob.member.id, 'ice-candidate', { pad: 'x'.repeat(16 * 1024 - 120) });
    assert.equal(fits.status, 200);
  });

  it('answers 401 without a valid bearer token', async () => {
    const body = { from: alice.member.id, data: {} };
    assert.equal((await server.post(`/relay/${bob.member.id}/ice-candidate`, body)).status, 401);
    const forged = await server.post(`/relay/${bob.member.id}/ice-candidate`, body, 'forged.token.value');
    assert.equal(forged.status, 401);
    assert.match(await errorOf(forged), /invalid token/);
    const basic = await server.post(`/relay/${bob.member.id}/ice-candidate`, body, undefined, { Authorization: 'Basic abc' });
    assert.equal(basic.status, 400);
    await errorOf(basic);
  });
});

describe('POST /relay rate limit, per sending member', () => {
  it('gives each widget of one browser its own allowance', async () => {
    const server = await SignalingServer.start({ clock: new FakeClock(), limits: { relayPerSecond: 1, relayBurst: 2 } });
    try {
      const ann = await server.visitor('ann');
      const annsOtherTab = widgetOf(ann, 'widget-2');
      const ben = await server.visitor('ben');
      for (const member of [ann, annsOtherTab, ben]) await server.join(member, 'relay-rate-room');
      for (let i = 0; i < 2; i++) assert.equal((await server.relay(ann, ben.member.id, 'ice-candidate', {})).status, 200);
      const refused = await server.relay(ann, ben.member.id, 'ice-candidate', {});
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.equal((await server.relay(annsOtherTab, ben.member.id, 'ice-candidate', {})).status, 200, "the other tab's widget is not held back");
    } finally {
      await server.close();
    }
  });

  it('holds a browser to WIDGETS_AT_FULL_RATE widgets\' worth, so made-up member ids buy no fresh allowance', async () => {
    const server = await SignalingServer.start({ clock: new FakeClock(), limits: { relayPerSecond: 1, relayBurst: 2 } });
    try {
      const ann = await server.visitor('ann');
      const ben = await server.visitor('ben');
      await server.join(ben, 'relay-rate-room');
      const statuses: number[] = [];
      // Each relay names a member of ann's that never joined: 404 while the allowance lasts, then 429.
      for (let i = 0; i < 2 * WIDGETS_AT_FULL_RATE + 1; i++) {
        statuses.push((await server.relay(widgetOf(ann, `made-up-${String(i).padStart(4, '0')}`), ben.member.id, 'ice-candidate', {})).status);
      }
      assert.deepEqual(statuses.slice(0, -1), new Array(2 * WIDGETS_AT_FULL_RATE).fill(404), "the browser's allowance of relays, each refused as not reachable");
      assert.equal(statuses.at(-1), 429, 'then the browser is held back, whatever member id it names');
    } finally {
      await server.close();
    }
  });
});
