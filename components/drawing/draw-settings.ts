/**
 * What a user can draw. The eraser draws nothing: it removes the items it touches; the select tool picks items to
 * move, resize, turn, copy or delete.
 */
export type Tool = 'select' | 'pen' | 'rect' | 'ellipse' | 'line' | 'arrow' | 'text' | 'eraser';

/** The tools that draw a shape or line in a box: Enter on the focused board adds one at the focus point. */
export type ShapeTool = 'rect' | 'ellipse' | 'line' | 'arrow';
export const isShapeTool = (tool: Tool): tool is ShapeTool => tool === 'rect' || tool === 'ellipse' || tool === 'line' || tool === 'arrow';

/** Tools whose items have an inside to fill. A positive list, so a tool added later (select) is not one by chance. */
const FILLABLE: ReadonlySet<Tool> = new Set<Tool>(['rect', 'ellipse']);
/** Tools that draw a line a dash can break. */
const DASHABLE: ReadonlySet<Tool> = new Set<Tool>(['pen', 'rect', 'ellipse', 'line', 'arrow']);

/** Whether `DrawSettings.fill` reaches what this tool draws: the toolbar disables the toggle, the pointer leaves it off. */
export const fillApplies = (tool: Tool): boolean => FILLABLE.has(tool);
/** Whether `DrawSettings.dash` reaches what this tool draws. */
export const dashApplies = (tool: Tool): boolean => DASHABLE.has(tool);

/**
 * The key that picks each tool on the focused board, as the toolbar's tooltips show it. A record, so a tool
 * added above and not here fails to compile; keys are unique (a test checks).
 */
export const TOOL_KEYS: Readonly<Record<Tool, string>> = { select: 'V', pen: 'P', rect: 'R', ellipse: 'O', line: 'L', arrow: 'A', text: 'T', eraser: 'E' };

/** What the next item is drawn with: chosen in the toolbar, used by the pointer and text input. */
export interface DrawSettings {
  tool: Tool;
  color: string;
  /** Stroke width (pen and shape outlines), board pixels. */
  width: number;
  /** Text size, board pixels. */
  fontSize: number;
  /** Rectangles and ellipses are filled with the colour (absent: outlined only). */
  fill?: boolean;
  /** Strokes, outlines and lines are dashed (absent: solid). */
  dash?: boolean;
}
