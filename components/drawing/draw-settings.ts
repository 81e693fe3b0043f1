/** What a user can draw. The eraser draws nothing: it removes the items it touches. */
export type Tool = 'pen' | 'rect' | 'ellipse' | 'text' | 'eraser';

/** What the next item is drawn with: chosen in the toolbar, used by the pointer and text input. */
export interface DrawSettings {
  tool: Tool;
  color: string;
  /** Stroke width (pen and shape outlines), board pixels. */
  width: number;
  /** Text size, board pixels. */
  fontSize: number;
}
