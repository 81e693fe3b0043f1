/** The shared drawing: strokes in board coordinates, plus the board background. */

/** The board is a fixed space of CSS pixels; every peer scales it to fit, so drawings match. */
export const BOARD_WIDTH = 1600;
export const BOARD_HEIGHT = 1000;
export const DEFAULT_BACKGROUND = '#ffffff';

export interface Stroke {
  id: string;
  author: string;
  color: string;
  width: number;
  /** Flat [x, y, pressure, x, y, pressure, …] in board coordinates, pressure 0..1. */
  points: number[];
}

export type DocumentChange =
  | { kind: 'stroke-added'; stroke: Stroke }
  | { kind: 'points-added'; stroke: Stroke; from: number }
  | { kind: 'reset' };

/** Local edits return the message that tells peers about them. */
export type DocumentMessage =
  | { type: 'strokes'; strokes: Stroke[] }
  | { type: 'points'; id: string; points: number[] }
  | { type: 'clear' }
  | { type: 'background'; color: string };

export class DrawingDocument {
  private readonly strokeMap = new Map<string, Stroke>();
  private backgroundColor = DEFAULT_BACKGROUND;
  private readonly listeners = new Set<(change: DocumentChange) => void>();

  get strokes(): Stroke[] {
    return [...this.strokeMap.values()];
  }

  get background(): string {
    return this.backgroundColor;
  }

  onChange(listener: (change: DocumentChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addStroke(stroke: Stroke): DocumentMessage {
    this.apply({ type: 'strokes', strokes: [stroke] });
    return { type: 'strokes', strokes: [{ ...stroke, points: [...stroke.points] }] };
  }

  appendPoints(id: string, points: number[]): DocumentMessage {
    this.apply({ type: 'points', id, points });
    return { type: 'points', id, points };
  }

  clear(): DocumentMessage {
    this.apply({ type: 'clear' });
    return { type: 'clear' };
  }

  setBackground(color: string): DocumentMessage {
    this.apply({ type: 'background', color });
    return { type: 'background', color };
  }

  /** Everything a peer needs to draw what we have, in messages of bounded size. */
  snapshot(maxPointsPerMessage = 6000): DocumentMessage[] {
    const messages: DocumentMessage[] = [{ type: 'background', color: this.backgroundColor }];
    let batch: Stroke[] = [];
    let batchPoints = 0;
    for (const stroke of this.strokeMap.values()) {
      if (batch.length > 0 && batchPoints + stroke.points.length / 3 > maxPointsPerMessage) {
        messages.push({ type: 'strokes', strokes: batch });
        batch = [];
        batchPoints = 0;
      }
      batch.push(stroke);
      batchPoints += stroke.points.length / 3;
    }
    if (batch.length > 0) messages.push({ type: 'strokes', strokes: batch });
    return messages;
  }

  /** Applies a local or remote message. Re-applying what is already known changes nothing. */
  apply(message: DocumentMessage): void {
    switch (message.type) {
      case 'strokes':
        for (const incoming of message.strokes) this.mergeStroke(incoming);
        return;
      case 'points': {
        const stroke = this.strokeMap.get(message.id);
        if (!stroke) return;
        const from = stroke.points.length;
        stroke.points.push(...message.points);
        this.emit({ kind: 'points-added', stroke, from });
        return;
      }
      case 'clear':
        if (this.strokeMap.size === 0) return;
        this.strokeMap.clear();
        this.emit({ kind: 'reset' });
        return;
      case 'background':
        if (message.color === this.backgroundColor) return;
        this.backgroundColor = message.color;
        this.emit({ kind: 'reset' });
        return;
    }
  }

  private mergeStroke(incoming: Stroke): void {
    const known = this.strokeMap.get(incoming.id);
    if (!known) {
      const stroke = { ...incoming, points: [...incoming.points] };
      this.strokeMap.set(stroke.id, stroke);
      this.emit({ kind: 'stroke-added', stroke });
    } else if (incoming.points.length > known.points.length) {
      // A snapshot can carry more of a stroke than we have seen live: keep the longer copy.
      const from = known.points.length;
      known.points.push(...incoming.points.slice(from));
      this.emit({ kind: 'points-added', stroke: known, from });
    }
  }

  private emit(change: DocumentChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
