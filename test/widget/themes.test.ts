import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { THEME_COLORS, parseTheme, type Look, type ThemeColorName } from '../../components/elements/theme.js';

/** WCAG 2 contrast ratio, worked out here from the definition rather than with the code under test. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((at) => {
      const value = parseInt(hex.slice(at, at + 2), 16) / 255;
      return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Text and what it is written on (WCAG 1.4.3: 4.5:1). */
const TEXT_ON: Array<[ThemeColorName, ThemeColorName]> = [
  ['text', 'toolbar-background'],
  ['button-text', 'button-background'],
  ['button-text', 'button-hover-background'],
  ['pressed-text', 'pressed-background'],
  ['status-text', 'status-background'],
  ['dialog-text', 'dialog-background'],
];

/** Edges and rings that must be seen against what they sit on (WCAG 1.4.11: 3:1). */
const GRAPHIC_ON: Array<[ThemeColorName, ThemeColorName]> = [
  ['focus-ring', 'toolbar-background'],
  ['focus-ring', 'button-background'],
  ['focus-ring', 'dialog-background'],
  ['button-border', 'toolbar-background'],
  ['button-border', 'dialog-background'],
  ['link-direct', 'status-background'],
  ['link-turn', 'status-background'],
  ['link-relay', 'status-background'],
  ['link-connecting', 'status-background'],
  ['link-unreachable', 'status-background'],
];

const LOOKS: Look[] = ['light', 'dark'];

/** The part of custom-elements.json this test reads. */
interface Manifest {
  modules: Array<{ declarations?: Array<{ tagName?: string; cssProperties?: Array<{ name: string; default?: string; description?: string }> }> }>;
}
const root = new URL('../../', import.meta.url);

describe('the light and dark themes', () => {
  it('write every text at 4.5:1 or more on its background, in both looks', () => {
    for (const look of LOOKS) {
      for (const [text, background] of TEXT_ON) {
        const ratio = contrast(THEME_COLORS[text][look], THEME_COLORS[background][look]);
        assert.ok(ratio >= 4.5, `${look}: ${text} on ${background} is ${ratio.toFixed(2)}:1`);
      }
    }
  });

  it('draw focus rings and button edges at 3:1 or more against what they sit on', () => {
    for (const look of LOOKS) {
      for (const [graphic, background] of GRAPHIC_ON) {
        const ratio = contrast(THEME_COLORS[graphic][look], THEME_COLORS[background][look]);
        assert.ok(ratio >= 3, `${look}: ${graphic} on ${background} is ${ratio.toFixed(2)}:1`);
      }
    }
    // The board keeps the document's colour in both themes: its ring is held to the default white board.
    assert.ok(contrast(THEME_COLORS['board-focus-ring'].dark, '#ffffff') >= 3);
  });

  it('are documented: each colour in the README with both defaults, and in the manifest with its light one', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8')) as Manifest;
    const room = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'draw-room');
    const documented = new Map((room?.cssProperties ?? []).map((property) => [property.name, property]));
    for (const [name, { light, dark }] of Object.entries(THEME_COLORS)) {
      assert.ok(readme.includes(`| \`--draw-room-${name}\` | \`${light}\` | \`${dark}\` |`), `README lists --draw-room-${name} with ${light} and ${dark}`);
      const property = documented.get(`--draw-room-${name}`);
      assert.equal(property?.default, light, `custom-elements.json gives --draw-room-${name}'s light default`);
      assert.match(property?.description ?? '', new RegExp(`\\(dark theme: ${dark}\\)`), `and its dark one`);
    }
  });

  it('reads the theme attribute: auto, light and dark; anything else is auto', () => {
    assert.equal(parseTheme(null), 'auto');
    assert.equal(parseTheme('dark'), 'dark');
    assert.equal(parseTheme('light'), 'light');
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (message: unknown) => warnings.push(message);
    try {
      assert.equal(parseTheme('Dark'), 'auto');
    } finally {
      console.warn = warn;
    }
    assert.match(String(warnings[0]), /theme="Dark" is not one of auto, light, dark/);
  });
});
