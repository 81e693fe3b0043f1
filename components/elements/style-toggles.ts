import type { Tool } from '../drawing/draw-settings.js';

/** Tools whose items have an inside to fill. A positive list, so a tool added later (select) is not one by chance. */
const FILLABLE: ReadonlySet<Tool> = new Set<Tool>(['rect', 'ellipse']);
/** Tools that draw a line a dash can break. */
const DASHABLE: ReadonlySet<Tool> = new Set<Tool>(['pen', 'rect', 'ellipse', 'line', 'arrow']);

export const fillApplies = (tool: Tool): boolean => FILLABLE.has(tool);
export const dashApplies = (tool: Tool): boolean => DASHABLE.has(tool);

/** The fill toggle's tooltip: what it does, or why it does nothing with this tool. */
export const fillTitle = (tool: Tool): string =>
  fillApplies(tool) ? 'Fill rectangles and ellipses with the colour' : 'Fill: only rectangles and ellipses can be filled (pick one of those tools)';

/** The dash toggle's tooltip: what it does, or why it does nothing with this tool. */
export const dashTitle = (tool: Tool): string =>
  dashApplies(tool) ? 'Draw dashed lines, outlines and strokes' : 'Dash: only pen strokes, shapes, lines and arrows can be dashed';
