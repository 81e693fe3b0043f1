import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IceServersAnswer } from '../../protocol/ice-servers.js';
import { IceServerFeed } from '../../components/network/ice-server-feed.js';
import { FakeClock, settle } from './signaling-fakes.js';

/** A feed whose GET /ice-servers answers what the test queues: an answer, or a failure. */
function feedWith(clock: FakeClock) {
  const answers: Array<IceServersAnswer | Error | 'hang'> = [];
  const asked: number[] = [];
  const changes: RTCIceServer[][] = [];
  const errors: string[] = [];
  const feed = new IceServerFeed({
    clock,
    random: () => 0.5,
    fetchList: () => {
      asked.push(clock.now());
      const next = answers.shift() ?? new Error('no answer queued');
      if (next === 'hang') return new Promise(() => {});
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    onChange: (servers) => changes.push(servers),
    onError: (message) => errors.push(message),
  });
  return { feed, answers, asked, changes, errors };
}

const turnFor = (clock: FakeClock, ttlMs: number, username: string): IceServersAnswer => ({
  iceServers: [{ urls: ['turn:turn.example:3478'], username, credential: `credential of ${username}` }],
  expiresAt: clock.now() + ttlMs,
});

describe('the server\'s ICE servers in the widget', () => {
  it('has none until the first list arrives, then hands it out and says it changed', async () => {
    const clock = new FakeClock();
    const { feed, answers, changes } = feedWith(clock);
    assert.equal(feed.servers.length, 0);
    answers.push(turnFor(clock, 3_600_000, 'u1'));
    await feed.ready();
    assert.equal(feed.servers[0]!.username, 'u1');
    assert.equal(changes.length, 1);
    feed.stop();
  });

  it('renews the list a minute before an hour-long one expires, and at 80% of a short one', async () => {
    const clock = new FakeClock();
    const { feed, answers, asked, changes } = feedWith(clock);
    const start = clock.now();
    answers.push(turnFor(clock, 3_600_000, 'u1'));
    await feed.ready();
    answers.push(turnFor(clock, 3_600_000 - 59_000, 'u2'));
    await clock.advance(3_600_000 - 60_000 - 1);
    assert.equal(asked.length, 1, 'not yet');
    await clock.advance(1);
    assert.deepEqual(asked, [start, start + 3_540_000]);
    assert.equal(feed.servers[0]!.username, 'u2');
    assert.equal(changes.length, 2);
    feed.stop();

    const shortClock = new FakeClock();
    const shortFeed = feedWith(shortClock);
    shortFeed.answers.push(turnFor(shortClock, 4_000, 's1'), turnFor(shortClock, 4_000, 's2'));
    await shortFeed.feed.ready();
    await shortClock.advance(3_200);
    assert.equal(shortFeed.asked.length, 2, 'renewed at 80% of 4 s, before the first list expired');
    shortFeed.feed.stop();
  });

  it('lets a join go on after 5 s without an answer, with an empty list', async () => {
    const clock = new FakeClock();
    const { feed, answers } = feedWith(clock);
    answers.push('hang');
    let joined = false;
    void feed.ready().then(() => (joined = true));
    await clock.advance(4_999);
    assert.equal(joined, false);
    await clock.advance(1);
    assert.equal(joined, true);
    assert.deepEqual(feed.servers, []);
    feed.stop();
  });

  it('reports a failure once, fetches again with backoff, and reports nothing more when it recovers', async () => {
    const clock = new FakeClock();
    const { feed, answers, asked, errors } = feedWith(clock);
    answers.push(new Error('GET /ice-servers failed: 503'), new Error('GET /ice-servers failed: 503'), turnFor(clock, 3_600_000, 'u1'));
    await feed.ready();
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /503: connecting peers with host candidates only/);
    await clock.advance(60_000);
    assert.equal(asked.length, 3);
    assert.ok(asked[2]! - asked[1]! > asked[1]! - asked[0]!, 'the waits grow');
    assert.equal(errors.length, 1, 'one report per outage');
    assert.equal(feed.servers[0]!.username, 'u1');
    feed.stop();
  });

  it('does not ask again while the list is fresh, and leaves nothing scheduled once stopped', async () => {
    const clock = new FakeClock();
    const { feed, answers, asked, changes } = feedWith(clock);
    answers.push(turnFor(clock, 3_600_000, 'u1'));
    await feed.ready();
    await feed.ready();
    assert.equal(asked.length, 1);
    feed.stop();
    await settle();
    assert.equal(clock.pending, 0);
    await clock.advance(7_200_000);
    assert.equal(asked.length, 1);
    assert.equal(changes.length, 1);
  });
});
