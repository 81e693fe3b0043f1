/** What a user can draw. The eraser draws nothing: it removes the items it touches. */
export type Tool = 'pen' | 'rect' | 'ellipse' | 'line' | 'arrow' | 'text' | 'eraser';

/**
 * The key that picks each tool on the focused board, as the toolbar's tooltips show it. A record, so a tool
 * added above and not here fails to compile; keys are unique (a test checks).
 */
export const TOOL_KEYS: Readonly<Record<Tool, string>> = { pen: 'P', rect: 'R', ellipse: 'O', line: 'L', arrow: 'A', text: 'T', eraser: 'E' };

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
