import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPACT_BELOW, toolbarLayout, toolsShown } from '../../components/elements/toolbar-layout.js';

const TOOL_COUNT = 8;

describe('the toolbar layout for its width', () => {
  it('keeps everything in the bar from 480 px, and before the toolbar is laid out', () => {
    for (const width of [0, COMPACT_BELOW, 1280]) {
      assert.deepEqual(toolbarLayout(width, true, TOOL_COUNT), { compact: false, slot: 44, toolsInBar: TOOL_COUNT, redoInBar: true });
    }
  });

  it('below 480 px fits one row: colour, undo and More, then the tools that fit, then redo', () => {
    for (const coarse of [false, true]) {
      for (let width = 200; width < COMPACT_BELOW; width++) {
        const { compact, slot, toolsInBar, redoInBar } = toolbarLayout(width, coarse, TOOL_COUNT);
        assert.ok(compact);
        const controls = toolsInBar + 3 + (redoInBar ? 1 : 0);
        const row = 2 * 6 + controls * slot + (controls - 1) * 4;
        assert.ok(row <= width, `${controls} controls of ${slot} px take ${row} px of ${width}`);
        assert.ok(toolsInBar >= 1 && toolsInBar <= TOOL_COUNT);
        assert.ok(!redoInBar || toolsInBar === TOOL_COUNT, 'redo takes a slot only once every tool has one');
      }
    }
  });

  it('gives fingers 44 px controls: four tools on a 360 or 390 px phone, all of them for a mouse at 440 px', () => {
    assert.equal(toolbarLayout(360, true, TOOL_COUNT).toolsInBar, 4);
    assert.equal(toolbarLayout(390, true, TOOL_COUNT).toolsInBar, 4);
    assert.deepEqual(toolbarLayout(440, false, TOOL_COUNT), { compact: true, slot: 32, toolsInBar: 8, redoInBar: true });
  });

  it('always shows the current tool, in the last place when it would not be there', () => {
    const tools = ['select', 'pen', 'rect', 'ellipse', 'line', 'arrow', 'text', 'eraser'];
    assert.deepEqual(toolsShown(tools, 4, (tool) => tool === 'rect'), ['select', 'pen', 'rect', 'ellipse']);
    assert.deepEqual(toolsShown(tools, 4, (tool) => tool === 'eraser'), ['select', 'pen', 'rect', 'eraser']);
    assert.deepEqual(toolsShown(tools, 1, (tool) => tool === 'text'), ['text']);
  });
});
