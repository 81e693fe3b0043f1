import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BoardItem } from '../../components/drawing/board-items.js';
import { describeBoard, describeVersion } from '../../components/controllers/version-words.js';

const stroke = (id: string): BoardItem => ({ id, author: 'a', kind: 'stroke', color: '#000000', width: 4, points: [] });
const rect = (id: string): BoardItem => ({ id, author: 'a', kind: 'rect', color: '#000000', width: 4, x: 0, y: 0, w: 10, h: 10 });
const text = (id: string, words: string): BoardItem => ({ id, author: 'a', kind: 'text', color: '#000000', width: 1, x: 0, y: 0, text: words, fontSize: 32 });

describe("the board's description in words", () => {
  it('says an empty board is empty', () => {
    assert.equal(describeBoard([]), 'Empty board');
  });

  it('counts each kind and quotes the one text: "12 items: 9 strokes, 2 rectangles, 1 text \'Plan\'"', () => {
    const items = [...Array.from({ length: 9 }, (_, i) => stroke(`s${i}`)), rect('r1'), rect('r2'), text('t1', 'Plan')];
    assert.equal(describeBoard(items), "12 items: 9 strokes, 2 rectangles, 1 text 'Plan'");
  });

  it('quotes up to three texts, shortened and on one line, and says how many more there are', () => {
    assert.equal(describeBoard([text('a', 'Plan'), stroke('s'), text('b', 'Todo')]), "3 items: 2 texts 'Plan' and 'Todo', 1 stroke");
    const five = [text('a', 'One'), text('b', 'Two\nlines'), text('c', 'A very long sentence that goes on and on'), text('d', 'Four'), text('e', 'Five')];
    assert.equal(describeBoard(five), "5 items: 5 texts 'One', 'Two lines', 'A very long sentence th…' and 2 more");
  });

  it('leaves the words of a saved version as they were', () => {
    assert.equal(describeVersion([]), 'an empty board');
    assert.equal(describeVersion([text('a', 'Plan'), stroke('s')]), '2 items: 1 text, 1 stroke');
  });
});
