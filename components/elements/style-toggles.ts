import { dashApplies, fillApplies, type Tool } from '../drawing/draw-settings.js';

/** The fill toggle's tooltip: what it does, or why it does nothing with this tool. */
export const fillTitle = (tool: Tool): string =>
  fillApplies(tool) ? 'Fill rectangles and ellipses with the colour' : 'Fill: only rectangles and ellipses can be filled (pick one of those tools)';

/** The dash toggle's tooltip: what it does, or why it does nothing with this tool. */
export const dashTitle = (tool: Tool): string =>
  dashApplies(tool) ? 'Draw dashed lines, outlines and strokes' : 'Dash: only pen strokes, shapes, lines and arrows can be dashed';
