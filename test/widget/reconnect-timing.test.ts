import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  nextRetryDelay,
  renewalRetryDelay,
  requestedRetryDelay,
  restartRetryDelay,
  tokenRenewalDelay,
} from '../../components/network/reconnect-timing.js';

describe('reconnect timing', () => {
  it('backs off exponentially from 0.5 s to 30 s, with jitter between half and all of each step', () => {
    assert.deepEqual([0, 1, 2, 3].map((n) => nextRetryDelay(n, 1)), [500, 1000, 2000, 4000]);
    assert.equal(nextRetryDelay(0, 0), 250);
    assert.equal(nextRetryDelay(40, 1), 30_000);
    assert.equal(nextRetryDelay(1000, 0), 15_000);
  });

  it('waits at least what the server asked for, at most half as long again', () => {
    assert.equal(requestedRetryDelay(2_000, 0), 2_000);
    assert.equal(requestedRetryDelay(2_000, 1), 3_000);
  });

  it('spreads the return after a server restart over once to twice the announced wait', () => {
    assert.equal(restartRetryDelay(1_000, 0), 1_000);
    assert.equal(restartRetryDelay(1_000, 1), 2_000);
    assert.equal(restartRetryDelay(Number.NaN, 1), 0);
  });

  it('renews a token a minute before it expires, earlier for short ones, at once when it is past', () => {
    assert.equal(tokenRenewalDelay(3_600_000, 0), 3_540_000);
    assert.equal(tokenRenewalDelay(10_000, 0), 8_000);
    assert.equal(tokenRenewalDelay(5_000, 9_000), 0);
  });

  it('tries a failed renewal again as planned, but never sooner than in 5 s', () => {
    assert.equal(renewalRetryDelay(3_600_000, 0), 3_540_000);
    assert.equal(renewalRetryDelay(5_000, 9_000), 5_000);
  });
});
