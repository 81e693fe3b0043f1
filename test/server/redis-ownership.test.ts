import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { memberIdOf, type Member, type User } from '../../protocol/signaling.js';
import { RedisCluster, seededRandom } from '../support/redis-cluster.js';
import type { SseClient } from '../support/sse-client.js';
import { widgetOf, type SignalingServer, type Visitor } from '../support/signaling-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A user's stream is one in the whole cluster: requests may reach any instance. */
describe('one stream per user across instances', () => {
  let cluster: RedisCluster;
  let a: SignalingServer;
  let b: SignalingServer;
  before(async () => {
    cluster = await RedisCluster.start(2);
    [a, b] = cluster.instances.map((instance) => instance.server) as [SignalingServer, SignalingServer];
  });
  after(() => cluster.close());

  it('ends the old stream on one instance when the user opens a new one on another, and keeps its rooms', async () => {
    const ada = await a.visitor('ada');
    const obi = await a.visitor('obi');
    await a.join(ada, 'ownership-room');
    await a.join(obi, 'ownership-room');
    await ada.stream.next('add-peer');
    // The network flaps: ada's new stream reaches B while A still holds the old one.
    const moved: Visitor = { ...ada, stream: await b.connect(ada.token) };
    await moved.stream.next('connected');
    await ada.stream.waitForEnd(3000);

    assert.equal((await a.relay(obi, ada.member.id, 'ice-candidate', { n: 1 })).status, 200);
    assert.deepEqual((await moved.stream.next('ice-candidate')).data, { to: ada.member.id, peer: obi.member, data: { n: 1 } });
    assert.equal((await b.join(moved, 'ownership-room')).status, 200);
    assert.equal((await a.relay(ada, obi.member.id, 'ice-candidate', { n: 2 })).status, 200);
    assert.deepEqual((await obi.stream.next('ice-candidate')).data, { to: obi.member.id, peer: ada.member, data: { n: 2 } });
    assert.deepEqual(await obi.stream.eventsWithin(500), ['ice-candidate'].slice(1), 'obi never hears that ada left');
    moved.stream.close();
    assert.deepEqual((await obi.stream.next('remove-peer')).data, { to: obi.member.id, peer: ada.member, roomId: 'ownership-room' });
    obi.stream.close();
  });

  it('removes no membership when a stale stream dies after a newer one took over', async () => {
    const cal = await b.visitor('cal');
    const dot = await a.visitor('dot');
    await b.join(cal, 'stale-room');
    const moved: Visitor = { ...cal, stream: await a.connect(cal.token) };
    await moved.stream.next('connected');
    const calsOtherWidget = widgetOf(moved, 'widget-2');
    await a.join(calsOtherWidget, 'stale-room-two');
    await a.join(dot, 'stale-room-two');
    cal.stream.close();
    await sleep(300);
    assert.equal((await b.relay(dot, calsOtherWidget.member.id, 'ice-candidate', { n: 3 })).status, 200);
    assert.deepEqual((await moved.stream.next('ice-candidate')).data, { to: calsOtherWidget.member.id, peer: dot.member, data: { n: 3 } });
    assert.equal((await b.relay(calsOtherWidget, dot.member.id, 'ice-candidate', { n: 4 })).status, 200);
    assert.ok(!dot.stream.events.some((event) => event.event === 'remove-peer'), 'dot never hears that cal left');
    moved.stream.close();
    dot.stream.close();
  });

  it('keeps every observer’s view equal to the rooms’ members while users join, leave and reconnect through random instances', async () => {
    const seed = Number(process.env.RACE_SEED ?? Date.now() % 100_000);
    const random = seededRandom(seed);
    const pick = () => cluster.pick(random);
    const rooms = ['race-room-0', 'race-room-1', 'race-room-2'];

    // A widget per room: a widget joins one room.
    const widgetKey = (room: string) => `widget-${room}`;
    // Observers stay on one stream throughout, with a widget in each room; their view is what its add-peer and
    // remove-peer events say (a joiner hears add-peer for each member already there).
    const observers: Visitor[] = [];
    for (let i = 0; i < 3; i++) {
      const visitor = await pick().visitor(`observer${i}`);
      for (const room of rooms) assert.equal((await pick().join(widgetOf(visitor, widgetKey(room)), room)).status, 200);
      observers.push(visitor);
    }

    interface Churner { token: string; user: User; current: SseClient | null; rooms: Set<string>; stale: SseClient[] }
    const churners: Churner[] = [];
    for (let i = 0; i < 10; i++) {
      const { token, user } = await a.access(`churner${i}`);
      churners.push({ token, user, current: null, rooms: new Set(), stale: [] });
    }
    const open = async (churner: Churner) => {
      const stream = await pick().connect(churner.token);
      await stream.next('connected', 5000);
      return stream;
    };
    const act = async (churner: Churner) => {
      for (let step = 0; step < 14; step++) {
        await sleep(random() * 40);
        const roll = random();
        if (!churner.current) {
          churner.current = await open(churner);
        } else if (roll < 0.45) {
          const room = rooms[Math.floor(random() * rooms.length)]!;
          const joined = await pick().post(`/${room}/join`, { member: widgetKey(room) }, churner.token);
          assert.equal(joined.status, 200, `churner joins ${room}: ${await joined.text()}`);
          churner.rooms.add(room);
        } else if (roll < 0.55) {
          // One widget leaves its room (its tab closed) while the stream stays.
          const room = rooms[Math.floor(random() * rooms.length)]!;
          const left = await pick().post(`/${room}/leave`, { member: widgetKey(room) }, churner.token);
          assert.deepEqual(await left.json(), { left: churner.rooms.has(room) }, `churner leaves ${room}`);
          churner.rooms.delete(room);
        } else if (roll < 0.8) {
          // A flap: the new stream opens before the old one's connection is gone.
          const old = churner.current;
          churner.current = await open(churner);
          churner.stale.push(old);
          setTimeout(() => old.close(), random() * 300);
        } else {
          churner.current.close();
          churner.current = null;
          churner.rooms.clear();
          // Leaving is the server noticing the closed connection; a reconnection right away would race it.
          await sleep(400);
        }
      }
    };
    await Promise.all(churners.map(act));
    await sleep(1500);

    const memberIn = (userId: string, room: string) => memberIdOf(userId, widgetKey(room));
    const expected = new Map(rooms.map((room) => [room, new Set<string>(observers.map((observer) => memberIn(observer.user.id, room)))]));
    for (const churner of churners) if (churner.current) for (const room of churner.rooms) expected.get(room)!.add(memberIn(churner.user.id, room));

    const problems: string[] = [];
    for (const visitor of observers) {
      const view = new Map(rooms.map((room) => [room, new Set<string>()]));
      for (const event of visitor.stream.events) {
        if (event.event !== 'add-peer' && event.event !== 'remove-peer') continue;
        const { to, peer, roomId } = event.data as { to: string; peer: Member; roomId: string };
        if (to !== memberIn(visitor.user.id, roomId)) problems.push(`${visitor.user.username}: ${event.event} for ${to}, not its widget in ${roomId}`);
        const peers = view.get(roomId)!;
        if (event.event === 'add-peer' && peers.has(peer.id)) problems.push(`${visitor.user.username}: add-peer ${peer.username} twice in ${roomId}`);
        if (event.event === 'remove-peer' && !peers.has(peer.id)) problems.push(`${visitor.user.username}: remove-peer ${peer.username}, never added, in ${roomId}`);
        if (event.event === 'add-peer') peers.add(peer.id);
        else peers.delete(peer.id);
      }
      for (const room of rooms) {
        const want = [...expected.get(room)!].filter((id) => id !== memberIn(visitor.user.id, room)).sort();
        const seen = [...view.get(room)!].sort();
        if (want.join() !== seen.join()) problems.push(`${visitor.user.username} sees ${seen.length} in ${room}, the room has ${want.length} others`);
      }
    }
    // What the server holds: a newcomer's join answer lists every member.
    const probe = await pick().visitor('probe');
    for (const room of rooms) {
      const answer = (await (await pick().join(widgetOf(probe, widgetKey(room)), room)).json()) as { peers: Member[] };
      const held = answer.peers.map((peer) => peer.id).sort();
      const want = [...expected.get(room)!].sort();
      if (held.join() !== want.join()) problems.push(`the server holds ${held.length} members in ${room}, the users' own actions say ${want.length}`);
    }
    assert.deepEqual(problems, [], `seed ${seed} (RACE_SEED=${seed} replays it)`);
    for (const churner of churners) {
      churner.current?.close();
      for (const stream of churner.stale) stream.close();
    }
    for (const visitor of observers) visitor.stream.close();
    probe.stream.close();
  });
});
