import { BOARD_HEIGHT, BOARD_WIDTH, type DocumentChange, type DrawingDocument, type Stroke } from './document.js';

export interface BoardTransform {
  /** Board units → CSS pixels. */
  scale: number;
  /** Where the board's top-left corner sits in the canvas, in CSS pixels. */
  offsetX: number;
  offsetY: number;
}

/** Line width for a point: pressure 0.5 (mouse, touch) draws at the chosen width. */
export function pressureWidth(width: number, pressure: number): number {
  return width * (0.3 + 1.4 * pressure);
}

/** Paints the document on a canvas, scaled to fit and sharp at any devicePixelRatio. */
export class BoardRenderer {
  private transform: BoardTransform = { scale: 1, offsetX: 0, offsetY: 0 };
  private cssWidth = 0;
  private cssHeight = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly document: DrawingDocument,
  ) {
    this.unsubscribe = document.onChange((change) => this.paintChange(change));
  }

  get boardTransform(): BoardTransform {
    return this.transform;
  }

  /** Fits the board into a box of CSS pixels and repaints everything (resizing never loses strokes). */
  resize(cssWidth: number, cssHeight: number, devicePixelRatio: number): void {
    this.cssWidth = Math.max(1, cssWidth);
    this.cssHeight = Math.max(1, cssHeight);
    this.canvas.width = Math.round(this.cssWidth * devicePixelRatio);
    this.canvas.height = Math.round(this.cssHeight * devicePixelRatio);
    const scale = Math.min(this.cssWidth / BOARD_WIDTH, this.cssHeight / BOARD_HEIGHT);
    this.transform = {
      scale,
      offsetX: (this.cssWidth - BOARD_WIDTH * scale) / 2,
      offsetY: (this.cssHeight - BOARD_HEIGHT * scale) / 2,
    };
    this.repaint();
  }

  /** A point in CSS pixels of the canvas → board coordinates. */
  toBoard(cssX: number, cssY: number): { x: number; y: number } {
    const { scale, offsetX, offsetY } = this.transform;
    return { x: (cssX - offsetX) / scale, y: (cssY - offsetY) / scale };
  }

  repaint(): void {
    this.canvas.getContext('2d')?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.withBoardContext((context) => {
      context.fillStyle = this.document.background;
      context.fillRect(0, 0, BOARD_WIDTH, BOARD_HEIGHT);
      for (const stroke of this.document.strokes) this.paintStroke(context, stroke, 0);
    });
  }

  dispose(): void {
    this.unsubscribe();
  }

  private paintChange(change: DocumentChange): void {
    if (change.kind === 'reset') return this.repaint();
    // Only the new part of a stroke is painted: one segment back, so the joint is continuous.
    const from = change.kind === 'points-added' ? Math.max(0, change.from - 3) : 0;
    this.withBoardContext((context) => this.paintStroke(context, change.stroke, from));
  }

  private withBoardContext(paint: (context: CanvasRenderingContext2D) => void): void {
    const context = this.canvas.getContext('2d');
    if (!context || this.cssWidth === 0) return;
    context.save();
    const pixelScale = this.canvas.width / this.cssWidth;
    const { scale, offsetX, offsetY } = this.transform;
    context.setTransform(pixelScale * scale, 0, 0, pixelScale * scale, pixelScale * offsetX, pixelScale * offsetY);
    // Nothing is painted outside the board, so every peer sees exactly the same area.
    context.beginPath();
    context.rect(0, 0, BOARD_WIDTH, BOARD_HEIGHT);
    context.clip();
    paint(context);
    context.restore();
  }

  private paintStroke(context: CanvasRenderingContext2D, stroke: Stroke, fromIndex: number): void {
    const points = stroke.points;
    context.strokeStyle = stroke.color;
    context.fillStyle = stroke.color;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    if (points.length === 3 && fromIndex === 0) {
      const radius = pressureWidth(stroke.width, points[2]!) / 2;
      context.beginPath();
      context.arc(points[0]!, points[1]!, radius, 0, Math.PI * 2);
      context.fill();
      return;
    }
    for (let i = Math.max(3, fromIndex + 3); i < points.length; i += 3) {
      context.lineWidth = pressureWidth(stroke.width, (points[i - 1]! + points[i + 2]!) / 2);
      context.beginPath();
      context.moveTo(points[i - 3]!, points[i - 2]!);
      context.lineTo(points[i]!, points[i + 1]!);
      context.stroke();
    }
  }
}
