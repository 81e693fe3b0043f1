import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { swatchIndexAfterKey } from '../../components/elements/swatch-grid-keys.js';

const press = (key: string, ctrlKey = false) => ({ key, ctrlKey, metaKey: false });
/** 80 swatches, 12 to a row: the last row holds 8 (72–79). */
const move = (key: string, index: number, ctrlKey = false) => swatchIndexAfterKey(press(key, ctrlKey), index, 80, 12);

describe('moving through the palette\'s swatches as the grid they are laid out in', () => {
  it('moves by one with ← and →, across the ends of rows, and stops at the first and last', () => {
    assert.deepEqual([move('ArrowRight', 5), move('ArrowLeft', 5), move('ArrowRight', 11), move('ArrowLeft', 12)], [6, 4, 12, 11]);
    assert.deepEqual([move('ArrowLeft', 0), move('ArrowRight', 79)], [0, 79]);
  });

  it('moves by a row with ↑ and ↓, and stays where no swatch is above or below', () => {
    assert.deepEqual([move('ArrowDown', 5), move('ArrowUp', 17)], [17, 5]);
    assert.deepEqual([move('ArrowUp', 5), move('ArrowDown', 70), move('ArrowDown', 66)], [5, 70, 78]);
  });

  it('goes to the row\'s ends with Home and End, and to the first and last with Ctrl', () => {
    assert.deepEqual([move('Home', 17), move('End', 17), move('End', 74)], [12, 23, 79]);
    assert.deepEqual([move('Home', 40, true), move('End', 40, true)], [0, 79]);
    assert.equal(swatchIndexAfterKey({ key: 'End', ctrlKey: false, metaKey: true }, 3, 80, 12), 79, 'Cmd works as Ctrl');
  });

  it('leaves every other key alone', () => {
    assert.deepEqual(['Enter', ' ', 'Tab', 'Escape', 'a'].map((key) => move(key, 5)), [null, null, null, null, null]);
  });
});
