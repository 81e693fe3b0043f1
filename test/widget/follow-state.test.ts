import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FollowState, type ViewLookup } from '../../components/controllers/follow-state.js';
import { HOME_VIEW, type BoardView } from '../../components/drawing/view.js';

const ALICE = 11;
const BOB = 22;

/** Presence as the follow state reads it: views by client id, changed by the test. */
function presenceOf(entries: Record<number, BoardView | null>): { viewOf: ViewLookup; views: Map<number, BoardView | null> } {
  const views = new Map(Object.entries(entries).map(([id, view]) => [Number(id), view]));
  return { views, viewOf: (clientId) => (views.has(clientId) ? views.get(clientId) : undefined) };
}

const zoomedIn: BoardView = { centerX: 400, centerY: 300, zoom: 2 };
const panned: BoardView = { centerX: 900, centerY: 300, zoom: 2 };

describe('following someone\'s view', () => {
  it('shows their view at once when they are picked', () => {
    const { viewOf } = presenceOf({ [ALICE]: zoomedIn });
    const state = new FollowState();
    assert.deepEqual(state.toggle(ALICE, viewOf), zoomedIn);
    assert.equal(state.leader, ALICE);
  });

  it('shows each new view of theirs once, and nothing when only their cursor moved', () => {
    const { viewOf, views } = presenceOf({ [ALICE]: zoomedIn });
    const state = new FollowState();
    state.toggle(ALICE, viewOf);
    assert.equal(state.presenceChanged(viewOf), null, 'the same view is not shown again');
    views.set(ALICE, panned);
    assert.deepEqual(state.presenceChanged(viewOf), panned);
    views.set(ALICE, { ...panned });
    assert.equal(state.presenceChanged(viewOf), null, 'an equal view is the same view');
  });

  it('stops when they are picked again, and then shows none of their moves', () => {
    const { viewOf, views } = presenceOf({ [ALICE]: zoomedIn });
    const state = new FollowState();
    state.toggle(ALICE, viewOf);
    assert.equal(state.toggle(ALICE, viewOf), null);
    assert.equal(state.leader, null);
    views.set(ALICE, panned);
    assert.equal(state.presenceChanged(viewOf), null);
  });

  it('stops when this user takes their view back, saying whether a follow ended', () => {
    const { viewOf, views } = presenceOf({ [ALICE]: zoomedIn });
    const state = new FollowState();
    assert.equal(state.stop(), false, 'nothing to stop');
    state.toggle(ALICE, viewOf);
    assert.equal(state.stop(), true);
    views.set(ALICE, panned);
    assert.equal(state.presenceChanged(viewOf), null);
  });

  it('moves from one person to another, showing the new one\'s view', () => {
    const { viewOf } = presenceOf({ [ALICE]: zoomedIn, [BOB]: panned });
    const state = new FollowState();
    state.toggle(ALICE, viewOf);
    assert.deepEqual(state.toggle(BOB, viewOf), panned);
    assert.equal(state.leader, BOB);
  });

  it('shows the home view of someone who shares none, and a view they share later', () => {
    const { viewOf, views } = presenceOf({ [ALICE]: null });
    const state = new FollowState();
    assert.deepEqual(state.toggle(ALICE, viewOf), HOME_VIEW);
    views.set(ALICE, zoomedIn);
    assert.deepEqual(state.presenceChanged(viewOf), zoomedIn);
  });

  it('ends when they leave, and follows no one who is not here', () => {
    const { viewOf, views } = presenceOf({ [ALICE]: zoomedIn });
    const state = new FollowState();
    assert.equal(state.toggle(BOB, viewOf), null);
    assert.equal(state.leader, null, 'bob is not here');
    state.toggle(ALICE, viewOf);
    views.delete(ALICE);
    assert.equal(state.presenceChanged(viewOf), null);
    assert.equal(state.leader, null);
  });

  it('shows a view again after following stopped and started again', () => {
    const { viewOf } = presenceOf({ [ALICE]: zoomedIn });
    const state = new FollowState();
    state.toggle(ALICE, viewOf);
    state.stop();
    // This user moved in between: the same view of alice's must be shown again.
    assert.deepEqual(state.toggle(ALICE, viewOf), zoomedIn);
  });
});
