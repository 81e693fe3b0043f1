import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v4 as uuidv4 } from 'uuid';
import { SignalingServer, errorOf, type Visitor } from '../support/signaling-server.js';

describe('POST /relay/:peerId/:event', () => {
  let server: SignalingServer;
  let alice: Visitor;
  let bob: Visitor;
  let eve: Visitor;
  before(async () => {
    server = await SignalingServer.start();
    alice = await server.visitor('alice');
    bob = await server.visitor('bob');
    eve = await server.visitor('eve');
    await server.join(alice, 'relay-room-shared');
    await server.join(bob, 'relay-room-shared');
    await server.join(eve, 'relay-room-eves-own');
  });
  after(() => server.close());

  for (const event of ['session-description', 'ice-candidate']) {
    it(`delivers ${event} to a peer in the same room as {peer: sender, data: body}`, async () => {
      const body = { description: { type: 'offer', sdp: 'v=0 test' } };
      const response = await server.post(`/relay/${bob.user.id}/${event}`, body, alice.token);
      assert.equal(response.status, 200);
      assert.deepEqual((await bob.stream.next(event)).data, { peer: alice.user, data: body });
    });
  }

  it('refuses a relay to a connected user in another room, who receives nothing', async () => {
    const response = await server.post(`/relay/${bob.user.id}/ice-candidate`, { candidate: {} }, eve.token);
    assert.equal(response.status, 404);
    assert.equal(await errorOf(response), `peer ${bob.user.id} is not connected to a room of yours`);
    assert.deepEqual(await bob.stream.eventsWithin(150), [], 'bob received nothing from eve');
  });

  it('answers a connected stranger exactly as an id nobody has, so nobody can test who is online', async () => {
    const unknown = uuidv4();
    const toStranger = await server.post(`/relay/${bob.user.id}/ice-candidate`, { candidate: {} }, eve.token);
    const toNobody = await server.post(`/relay/${unknown}/ice-candidate`, { candidate: {} }, eve.token);
    assert.equal(toStranger.status, toNobody.status);
    assert.equal((await errorOf(toStranger)).replace(bob.user.id, '<id>'), (await errorOf(toNobody)).replace(unknown, '<id>'));
    assert.deepEqual([...toStranger.headers.keys()].filter((name) => name !== 'date' && name !== 'content-length'),
      [...toNobody.headers.keys()].filter((name) => name !== 'date' && name !== 'content-length'));
  });

  it('answers 400 for events other than session-description and ice-candidate', async () => {
    for (const event of ['connected', 'add-peer', 'remove-peer', 'anything']) {
      const response = await server.post(`/relay/${bob.user.id}/${event}`, {}, alice.token);
      assert.equal(response.status, 400, event);
      assert.match(await errorOf(response), /allowed events are session-description, ice-candidate/);
    }
  });

  it('answers 400 for a peer id that is not a uuid, or the sender itself', async () => {
    assert.equal((await server.post('/relay/not-a-uuid/ice-candidate', {}, alice.token)).status, 400);
    const self = await server.post(`/relay/${alice.user.id}/ice-candidate`, {}, alice.token);
    assert.equal(self.status, 400);
    assert.match(await errorOf(self), /yourself/);
  });

  it('answers 400 for a body that is not a JSON object', async () => {
    for (const body of ['{oops', '[1,2]', '"text"', 'null']) {
      const response = await server.post(`/relay/${bob.user.id}/ice-candidate`, body, alice.token);
      assert.equal(response.status, 400, body);
      await errorOf(response);
    }
  });

  it('answers 413 for a body over 16 KB and relays one just under it', async () => {
    const tooBig = await server.post(`/relay/${bob.user.id}/ice-candidate`, { pad: 'x'.repeat(16 * 1024) }, alice.token);
    assert.equal(tooBig.status, 413);
    assert.match(await errorOf(tooBig), /16 KB/);
    const fits = await server.post(`/relay/${bob.user.id}/ice-candidate`, { pad: 'x'.repeat(16 * 1024 - 20) }, alice.token);
    assert.equal(fits.status, 200);
  });

  it('answers 401 without a valid bearer token', async () => {
    assert.equal((await server.post(`/relay/${bob.user.id}/ice-candidate`, {})).status, 401);
    const forged = await server.post(`/relay/${bob.user.id}/ice-candidate`, {}, 'forged.token.value');
    assert.equal(forged.status, 401);
    assert.match(await errorOf(forged), /invalid token/);
    const basic = await server.post(`/relay/${bob.user.id}/ice-candidate`, {}, undefined, { Authorization: 'Basic abc' });
    assert.equal(basic.status, 400);
    await errorOf(basic);
  });
});
