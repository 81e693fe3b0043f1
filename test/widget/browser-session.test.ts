import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BrowserSession } from '../../components/network/browser-session.js';
import { RoomSignaling } from '../../components/network/room-signaling.js';
import type { Member } from '../../protocol/signaling.js';
import { FakeClock, FakeConnectivity, FakeSignalingServer, json, settle, type SeenRequest } from './signaling-fakes.js';
import { RecordedRoomHandlers } from './signaling-recorders.js';
import { FakeTab, FakeTabNetworks } from './signaling-tab-fakes.js';

const ROOM = 'room-for-tests-1';
const OTHER_ROOM = 'room-for-tests-2';
const GRACE: Member = { id: 'user-9.grace-key-1', userId: 'user-9', username: 'Grace' };

interface Widget {
  signaling: RoomSignaling;
  handlers: RecordedRoomHandlers;
}

/** One browser on fake time and server: tabs that share a session over fake BroadcastChannels and Web Locks. */
function browser() {
  const clock = new FakeClock();
  const server = new FakeSignalingServer(clock);
  const networks = new FakeTabNetworks();
  const connectivity = new FakeConnectivity();
  const openTab = () => {
    const tab = new FakeTab(networks, server, clock);
    const session = new BrowserSession({
      serverUrl: 'http://draw.test/',
      tabs: tab.network,
      fetch: tab.fetch,
      EventSource: tab.EventSource,
      clock: tab.clock,
      connectivity,
      random: () => 0.5,
    });
    /** A widget of this tab, started. */
    const widget = (roomId = ROOM): Widget => {
      const handlers = new RecordedRoomHandlers();
      const signaling = new RoomSignaling({ session, roomId, username: 'Ada', handlers, clock: tab.clock, random: () => 0.5 });
      signaling.start();
      return { signaling, handlers };
    };
    return { tab, session, widget };
  };
  return { clock, server, networks, connectivity, openTab };
}

/** Three tabs opened one after another, each with a widget in ROOM; the first has a second one in OTHER_ROOM. */
async function threeTabs() {
  const setup = browser();
  const a = setup.openTab();
  const a1 = a.widget();
  const a2 = a.widget(OTHER_ROOM);
  await settle();
  const b = setup.openTab();
  const b1 = b.widget();
  await settle();
  const c = setup.openTab();
  const c1 = c.widget();
  await settle();
  const widgets = [a1, a2, b1, c1];
  for (const { handlers } of widgets) assert.deepEqual(handlers.statuses, ['connecting', 'connected'], 'every widget joined before the test begins');
  return { ...setup, a, b, c, a1, a2, b1, c1, widgets };
}

const keyOf = (request: SeenRequest | undefined) => (request?.body as { member?: string } | undefined)?.member;
const since = (server: FakeSignalingServer, count: number) => server.requests.slice(count);

describe('browser session: tabs share one stream', () => {
  it('opens one token and one stream for all the tabs; every widget joins as its own member of the one user', async () => {
    const { server, a, b, c, widgets } = await threeTabs();
    assert.equal(server.requestsTo('POST /access').length, 1);
    assert.equal(server.streams.length, 1);
    assert.deepEqual([a.tab.streamsOpened, b.tab.streamsOpened, c.tab.streamsOpened], [1, 0, 0], 'the first tab leads');
    const joins = server.requestsTo('POST /join');
    assert.equal(joins.length, 4);
    assert.ok(joins.every((join) => join.token === 'token-1'), 'every tab uses the one token');
    assert.deepEqual(new Set(joins.map(keyOf)), new Set(widgets.map(({ signaling }) => signaling.memberKey)));
    assert.deepEqual(
      widgets.map(({ handlers }) => handlers.joins[0]?.member.id),
      widgets.map(({ signaling }) => `user-1.${signaling.memberKey}`),
    );
    for (const { handlers } of widgets) assert.deepEqual(handlers.errors, []);
  });

  it("hands each event to the widget it is addressed to, whichever tab it is in", async () => {
    const { server, a1, a2, b1, c1 } = await threeTabs();
    server.theOpenStream.emit('add-peer', { to: b1.signaling.memberId!, peer: GRACE, roomId: ROOM, offer: true });
    server.theOpenStream.emit('frames', { to: c1.signaling.memberId!, peer: GRACE, frames: ['AAEC'] });
    server.theOpenStream.emit('session-description', { to: a2.signaling.memberId!, peer: GRACE, data: { type: 'offer' } });
    await settle();
    assert.deepEqual(b1.handlers.addedPeers, [{ to: b1.signaling.memberId, peer: GRACE, roomId: ROOM, offer: true }]);
    assert.deepEqual(c1.handlers.frames, [{ to: c1.signaling.memberId, peer: GRACE, frames: ['AAEC'] }]);
    assert.deepEqual(a2.handlers.descriptions, [{ to: a2.signaling.memberId, peer: GRACE, data: { type: 'offer' } }]);
    assert.deepEqual([a1, a2, b1, c1].map(({ handlers }) => handlers.events), [0, 1, 1, 1]);
  });

  it('follows the stream in every tab: a drop makes every widget reconnect and join again', async () => {
    const { server, clock, widgets } = await threeTabs();
    const before = server.requests.length;
    server.theOpenStream.fail();
    await settle();
    for (const { handlers } of widgets) assert.equal(handlers.statuses.at(-1), 'reconnecting');
    await clock.advance(375);
    assert.equal(server.streams.length, 2);
    const joins = since(server, before).filter((request) => request.route === 'POST /join');
    assert.deepEqual(new Set(joins.map(keyOf)), new Set(widgets.map(({ signaling }) => signaling.memberKey)));
    assert.ok(joins.every((join) => join.token === 'token-2'));
    for (const { handlers } of widgets) assert.deepEqual(handlers.statuses, ['connecting', 'connected', 'reconnecting', 'connected']);
  });
});

describe('browser session: a tab closes', () => {
  it("hands the stream to another tab when the leading tab dies: the same user, every member joins again, the dead tab's members leave", async () => {
    const { server, a, b, c, a1, a2, b1, c1 } = await threeTabs();
    const before = server.requests.length;
    a.tab.kill();
    await settle();
    const after = since(server, before);
    assert.equal(server.requestsTo('POST /access').length, 1, 'no new user');
    assert.deepEqual(after.filter((request) => request.route === 'POST /access/refresh').map((request) => request.token), ['token-1'], 'the last token renewed');
    assert.equal(b.tab.streamsOpened + c.tab.streamsOpened, 1, 'one of the other tabs opened a stream');
    assert.equal(server.theOpenStream.token, 'token-2');
    const joins = after.filter((request) => request.route === 'POST /join');
    assert.deepEqual(joins.map(keyOf).sort(), [b1.signaling.memberKey, c1.signaling.memberKey].sort());
    assert.ok(joins.every((join) => join.token === 'token-2'));
    // Sent once the new leader's stream is open, with the token its refresh brought: none refused.
    assert.deepEqual(
      after.filter((request) => request.route === 'POST /leave').map((leave) => ({ path: leave.path, member: keyOf(leave), token: leave.token })).sort((x, y) => x.path.localeCompare(y.path)),
      [
        { path: `/${ROOM}/leave`, member: a1.signaling.memberKey, token: 'token-2' },
        { path: `/${OTHER_ROOM}/leave`, member: a2.signaling.memberKey, token: 'token-2' },
      ],
    );
    for (const { handlers } of [b1, c1]) {
      assert.deepEqual(handlers.statuses, ['connecting', 'connected', 'reconnecting', 'connected']);
      assert.deepEqual(handlers.joins.map((join) => join.member.userId), ['user-1', 'user-1']);
      assert.equal(handlers.newIdentities, 0);
      assert.deepEqual(handlers.errors, []);
    }
    server.theOpenStream.emit('add-peer', { to: c1.signaling.memberId!, peer: GRACE, roomId: ROOM, offer: false });
    server.theOpenStream.emit('add-peer', { to: b1.signaling.memberId!, peer: GRACE, roomId: ROOM, offer: false });
    await settle();
    assert.equal(c1.handlers.addedPeers.length, 1);
    assert.equal(b1.handlers.addedPeers.length, 1);
  });

  it("makes a dead follower tab's member leave its room, keeping the one stream", async () => {
    const { server, c, c1, a1, b1 } = await threeTabs();
    const before = server.requests.length;
    c.tab.kill();
    await settle();
    const after = since(server, before);
    assert.deepEqual(after.map((request) => ({ route: request.route, path: request.path, token: request.token, member: keyOf(request) })), [
      { route: 'POST /leave', path: `/${ROOM}/leave`, token: 'token-1', member: c1.signaling.memberKey },
    ]);
    assert.equal(server.streams.length, 1);
    for (const { handlers } of [a1, b1]) {
      assert.deepEqual(handlers.statuses, ['connecting', 'connected']);
      assert.deepEqual(handlers.errors, []);
    }
  });

  it('hands over cleanly when the last widget of the leading tab stops: it leaves, the next tab leads with the same user', async () => {
    const { server, networks, b, c, a1, a2, b1, c1 } = await threeTabs();
    const before = server.requests.length;
    a1.signaling.stop();
    a2.signaling.stop();
    await settle();
    const after = since(server, before);
    const leaves = after.filter((request) => request.route === 'POST /leave');
    const ownLeaves = leaves.filter((leave) => leave.keepalive);
    assert.deepEqual(ownLeaves.map(keyOf).sort(), [a1.signaling.memberKey, a2.signaling.memberKey].sort(), 'each widget said it leaves, as it went');
    assert.ok(ownLeaves.every((leave) => leave.token === 'token-1'));
    // The new leader may get the tab's lock before its last word that it has no members left, and make them leave
    // once more (the server answers {left: false}); but only once, whatever the tab said on its way out.
    const leaderLeaves = leaves.filter((leave) => !leave.keepalive && leave.status === 200).map(keyOf);
    assert.equal(new Set(leaderLeaves).size, leaderLeaves.length, `no member made to leave twice: ${leaderLeaves.join(', ')}`);
    assert.equal(server.requestsTo('POST /access').length, 1);
    assert.equal(server.streams[0]?.closed, true, "the stopped tab's stream is closed");
    assert.equal(b.tab.streamsOpened + c.tab.streamsOpened, 1);
    assert.equal(server.theOpenStream.token, 'token-2');
    assert.deepEqual(after.filter((request) => request.route === 'POST /join').map(keyOf).sort(), [b1.signaling.memberKey, c1.signaling.memberKey].sort());
    assert.ok(networks.heldLocks.some((name) => name.endsWith(' leader')), 'a tab leads');
    for (const { handlers } of [b1, c1]) {
      assert.deepEqual(handlers.statuses, ['connecting', 'connected', 'reconnecting', 'connected']);
      assert.deepEqual(handlers.errors, []);
    }
  });

  it("tells the widgets of the other tabs that a closed tab's members are gone, whichever tab it was", async () => {
    const { server, a, c, a1, b1, c1 } = await threeTabs();
    const memberOf = (widget: Widget) => widget.handlers.joins[0]!.member;
    // As the server announces them: everyone in ROOM knows the others (a2 is alone in OTHER_ROOM).
    const room = [a1, b1, c1];
    for (const widget of room) {
      for (const other of room) if (other !== widget) server.theOpenStream.emit('add-peer', { to: widget.signaling.memberId!, peer: memberOf(other), roomId: ROOM, offer: false });
      server.theOpenStream.emit('add-peer', { to: widget.signaling.memberId!, peer: GRACE, roomId: ROOM, offer: false });
    }
    await settle();
    c.tab.kill();
    await settle();
    for (const widget of [a1, b1]) assert.deepEqual(widget.handlers.removedPeers, [{ to: widget.signaling.memberId, peer: memberOf(c1), roomId: ROOM }], 'a follower tab closed');
    a.tab.kill();
    await settle();
    assert.deepEqual(b1.handlers.removedPeers.map((event) => event.peer), [memberOf(c1), memberOf(a1)], 'the leading tab closed; Grace stays');
  });

  it('a tab that opens after the leader changed hears from the new leader', async () => {
    const { server, openTab, a } = await threeTabs();
    a.tab.kill();
    await settle();
    const d = openTab();
    const d1 = d.widget();
    await settle();
    assert.deepEqual(d1.handlers.statuses, ['connecting', 'connected']);
    assert.equal(d1.handlers.joins[0]?.member.userId, 'user-1');
    assert.equal(server.requestsTo('POST /join').at(-1)?.token, 'token-2');
    server.theOpenStream.emit('add-peer', { to: d1.signaling.memberId!, peer: GRACE, roomId: ROOM, offer: true });
    await settle();
    assert.equal(d1.handlers.addedPeers.length, 1);
  });
});

describe('browser session: tokens', () => {
  it("sends a follower's request refused with 401 once more, with the token the leading tab renewed", async () => {
    const { server, a, c, c1 } = await threeTabs();
    server.answerNext('POST /relay', json(401, { error: 'invalid or expired token' }));
    await c1.signaling.relay(GRACE.id, 'ice-candidate', { candidate: 'c' });
    assert.deepEqual(server.routes().slice(-3), ['POST /relay', 'POST /access/refresh', 'POST /relay']);
    assert.deepEqual(server.requestsTo('POST /relay').map((request) => request.token), ['token-1', 'token-2']);
    assert.equal(a.tab.streamsOpened, 1, 'the leader renewed it');
    assert.equal(c.tab.streamsOpened, 0);
    assert.deepEqual(c1.handlers.errors, []);
    assert.equal(a.session.view.access?.token, 'token-2');
    assert.equal(c.session.view.access?.token, 'token-2');
  });

  it("gives up on a follower's request when the leading tab does not renew the token within 5 s", async () => {
    const { server, clock, c1 } = await threeTabs();
    server.answerNext('POST /relay', json(401, { error: 'invalid or expired token' }));
    server.answerNext('POST /access/refresh', () => new Promise(() => {}));
    const sent = c1.signaling.relay(GRACE.id, 'ice-candidate', { candidate: 'c' });
    await clock.advance(4_999);
    assert.deepEqual(c1.handlers.errors, []);
    await clock.advance(1);
    await sent;
    assert.equal(server.requestsTo('POST /relay').length, 1);
    assert.deepEqual(c1.handlers.errors, [`relay of ice-candidate to peer ${GRACE.id} failed: 401 invalid or expired token`]);
  });
});

describe('browser session: stopping', () => {
  it('leaves nothing behind once every widget of every tab stopped: no timer, stream, lock or channel', async () => {
    const { server, clock, networks, connectivity, widgets } = await threeTabs();
    assert.ok(clock.pending > 0, 'a renewal is scheduled while connected');
    for (const { signaling } of widgets) signaling.stop();
    await settle();
    assert.equal(clock.pending, 0);
    assert.deepEqual(server.openStreams, []);
    assert.deepEqual(networks.heldLocks, []);
    assert.equal(networks.waitingForLocks, 0);
    assert.equal(networks.openChannels, 0);
    assert.equal(connectivity.watchers, 0);
    assert.equal(server.requestsTo('POST /leave').length, widgets.length);
    assert.equal(server.requestsTo('POST /access').length, 1, 'no tab took the lead on its way out');
  });

  it('leaves nothing behind once the surviving tabs stop after the leading one died', async () => {
    const { server, clock, networks, a, b1, c1 } = await threeTabs();
    a.tab.kill();
    await settle();
    b1.signaling.stop();
    c1.signaling.stop();
    await settle();
    assert.equal(clock.pending, 0);
    assert.deepEqual(server.openStreams, []);
    assert.deepEqual(networks.heldLocks, []);
    assert.equal(networks.waitingForLocks, 0);
  });
});
