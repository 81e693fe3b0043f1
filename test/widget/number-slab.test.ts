import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateNumbers } from '../../components/drawing/number-slab.js';

describe('number slabs', () => {
  it('hand out arrays that never share a number, across slab boundaries', () => {
    const arrays = Array.from({ length: 400 }, (_, i) => allocateNumbers(1 + ((i * 37) % 900)));
    arrays.forEach((array, i) => array.fill(i));
    arrays.forEach((array, i) => assert.ok(array.every((value) => value === i), `array ${i} was overwritten`));
  });

  it('give a long stroke an array of its own', () => {
    const long = allocateNumbers(100_000);
    assert.equal(long.length, 100_000);
    assert.equal(long.buffer.byteLength, 800_000);
  });
});
