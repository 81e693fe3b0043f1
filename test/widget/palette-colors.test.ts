import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colorName } from '../../components/elements/color-names.js';
import { PALETTE, STARTING_COLORS, randomPaletteColor } from '../../components/elements/palette.js';

/** WCAG 2 contrast against white, worked out here from the definition rather than with the code under test. */
function contrastOnWhite(hex: string): number {
  const linear = [1, 3, 5].map((at) => {
    const value = parseInt(hex.slice(at, at + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * linear[0]! + 0.7152 * linear[1]! + 0.0722 * linear[2]!;
  return 1.05 / (luminance + 0.05);
}

describe('the palette\'s colour names', () => {
  it('gives each of the 80 colours its own name', () => {
    const names = PALETTE.map(colorName);
    const repeated = names.filter((name, index) => names.indexOf(name) !== index);
    assert.deepEqual(repeated, [], 'no name is used twice');
    assert.equal(new Set(names).size, 80);
  });

  it('names colours as people say them, from their hue, lightness and saturation', () => {
    assert.deepEqual(
      [PALETTE[0], PALETTE[5], PALETTE[9], PALETTE[20], PALETTE[30], PALETTE[56], PALETTE[41], PALETTE[79]].map((color) => colorName(color!)),
      ['Black', 'Grey', 'White', 'Dark red', 'Red', 'Light sky blue', 'Bright orange', 'Very pale pink'],
    );
  });

  it('gives a colour outside the palette the nearest name, and anything that is not #rrggbb its own text', () => {
    assert.equal(colorName('#ff0000'), 'Bright red');
    assert.equal(colorName('#0000ff'), 'Bright blue');
    assert.equal(colorName('#808080'), 'Grey');
    assert.equal(colorName('#7f1010'), 'Very dark red');
    assert.equal(colorName('#fffffe'), 'White');
    assert.equal(colorName('rebeccapurple'), 'rebeccapurple');
  });
});

describe('the colour a new person starts with', () => {
  it('is only ever a hue with at least 3:1 contrast on the default white board', () => {
    assert.ok(STARTING_COLORS.length >= 10, `enough colours to tell people apart (${STARTING_COLORS.length})`);
    for (const color of STARTING_COLORS) {
      assert.ok(PALETTE.includes(color), `${color} is a palette colour`);
      assert.ok(contrastOnWhite(color) >= 3, `${colorName(color)} (${color}) has ${contrastOnWhite(color).toFixed(2)}:1 on white`);
      assert.doesNotMatch(colorName(color), /grey|black|white/i, `${colorName(color)} is a hue, not a grey`);
    }
  });

  it('leaves out the pale colours the old choice offered, which vanish on white', () => {
    for (const faint of ['Lime', 'Green', 'Spring green', 'Cyan', 'Orange']) {
      const color = PALETTE.find((candidate) => colorName(candidate) === faint)!;
      assert.ok(contrastOnWhite(color) < 3, `${faint} is below 3:1 on white`);
      assert.ok(!STARTING_COLORS.includes(color), `${faint} is not a starting colour`);
    }
  });

  it('draws every starting colour, and only those, from the random source', () => {
    const drawn = new Set<string>();
    for (let step = 0; step < 1000; step++) drawn.add(randomPaletteColor(() => step / 1000));
    assert.deepEqual([...drawn].sort(), [...STARTING_COLORS].sort());
  });
});
