import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  IDLE,
  attemptFailed,
  cameOnline,
  joined,
  retryDue,
  started,
  statusOf,
  streamLost,
  wentOffline,
  type Circumstances,
  type ReconnectState,
} from '../../components/network/reconnect-machine.js';
import { ServerAnswerError } from '../../components/network/signaling-http.js';

const at: Circumstances = { now: 10_000, online: true, random: 0.5 };
const offline: Circumstances = { ...at, online: false };
const networkError = new TypeError('fetch failed');
const roomFull = new ServerAnswerError('POST /room-for-tests-1/join', 409, { error: 'the room is full', code: 'room-full', limit: 4 }, null);
const unavailable = new ServerAnswerError('POST /access', 503, { error: 'redis is not answering' }, 2);

/** Fails `times` attempts in a row from a first start, as the client would, retrying each time it is due. */
function afterFailures(times: number): ReconnectState {
  let state = started(at);
  for (let failure = 0; failure < times; failure++) state = retryDue(attemptFailed(state, networkError, at), at);
  return state;
}

describe('reconnect machine', () => {
  it('starts connecting, or offline when the browser has no network', () => {
    assert.deepEqual(started(at), { kind: 'connecting', failures: 0, everConnected: false });
    assert.equal(started(offline).kind, 'offline');
  });

  it('waits one step of the backoff longer after each failure, and starts over once joined', () => {
    const waits = [0, 1, 2, 3].map((failures) => attemptFailed(afterFailures(failures), networkError, at));
    assert.deepEqual(waits.map((state) => (state.kind === 'waiting' ? state.retryAt - at.now : null)), [375, 750, 1500, 3000]);
    const rejoined = joined(afterFailures(3));
    assert.deepEqual(rejoined, { kind: 'connected' });
    const dropped = streamLost(rejoined, { kind: 'dropped' }, at);
    assert.deepEqual(dropped, { kind: 'waiting', failures: 1, everConnected: true, retryAt: at.now + 375, reason: 'the event stream dropped' });
  });

  it('waits for the Retry-After the server sent instead of the backoff', () => {
    const state = attemptFailed(afterFailures(5), unavailable, at);
    assert.equal(state.kind === 'waiting' && state.retryAt - at.now, 2_500);
  });

  it('ends in refused on a refusal retrying cannot fix, and nothing moves it from there but stopping', () => {
    const refused = attemptFailed(started(at), roomFull, at);
    assert.deepEqual(refused, {
      kind: 'refused',
      refusal: { reason: 'This room is full (4 people)', ofName: false },
      cause: 'POST /room-for-tests-1/join answered 409 the room is full',
    });
    for (const next of [
      retryDue(refused, at),
      cameOnline(refused, at),
      wentOffline(refused),
      joined(refused),
      attemptFailed(refused, networkError, at),
      streamLost(refused, { kind: 'dropped' }, at),
    ]) {
      assert.equal(next, refused);
    }
    assert.equal(statusOf(refused), null);
  });

  it('says reconnecting, not connecting, once it has been connected', () => {
    assert.equal(statusOf(afterFailures(2)), 'connecting');
    const lost = streamLost({ kind: 'connected' }, { kind: 'expired' }, at);
    assert.equal(statusOf(lost), 'reconnecting');
    assert.equal(statusOf(retryDue(lost, at)), 'reconnecting');
    assert.equal(statusOf(wentOffline(lost)), 'offline');
    assert.equal(statusOf(IDLE), null);
  });

  it('goes offline rather than waiting when the network is gone, and tries at once when it is back', () => {
    const lost = streamLost({ kind: 'connected' }, { kind: 'dropped' }, offline);
    assert.equal(lost.kind, 'offline');
    assert.deepEqual(cameOnline(lost, at), { kind: 'connecting', failures: 1, everConnected: true });
  });

  it('ignores what happens once stopped', () => {
    assert.equal(attemptFailed(IDLE, networkError, at), IDLE);
    assert.equal(streamLost(IDLE, { kind: 'server-restart', retryAfterMs: 1000 }, at), IDLE);
    assert.equal(retryDue(IDLE, at), IDLE);
    assert.equal(cameOnline(IDLE, at), IDLE);
  });
});
