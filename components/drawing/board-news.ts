import type * as Y from 'yjs';
import { LOCAL_ORIGIN, type ClearMark, type DrawingDocument, type RestoreMark } from './document.js';

/** Something someone else did to the whole board, worth telling this user about. */
export type BoardNews =
  | { kind: 'cleared'; by: string }
  | { kind: 'restored'; by: string; count: number; of: RestoreMark['of'] };

/**
 * Marks older than this when this page opened are old news that the first sync brought: the board shows their
 * outcome already. The margin allows for clocks a little apart between peers.
 */
const OLD_NEWS_MS = 10_000;

/**
 * Tells of clears and restores other people make (the marks those changes write), each once: not this user's own,
 * not those from before this page opened.
 */
export class BoardNewsWatcher {
  private readonly board: Y.Map<unknown>;
  private readonly told = new Set<string>();
  private readonly openedAt: number;
  private readonly observer = (event: Y.YMapEvent<unknown>) => this.onBoardChange(event);

  constructor(
    private readonly document: DrawingDocument,
    private readonly onNews: (news: BoardNews) => void,
    now: () => number = Date.now,
  ) {
    this.openedAt = now();
    // The document's own map of board-wide state: where clears and restores leave their marks.
    this.board = document.ydoc.getMap('board');
    this.board.observe(this.observer);
  }

  destroy(): void {
    this.board.unobserve(this.observer);
  }

  private onBoardChange(event: Y.YMapEvent<unknown>): void {
    const { origin } = event.transaction;
    if (origin === LOCAL_ORIGIN || origin === this.document.undoManager) return;
    const cleared = event.keysChanged.has('lastClear') ? asClearMark(this.board.get('lastClear')) : null;
    if (cleared && this.isNews(cleared)) this.onNews({ kind: 'cleared', by: cleared.by });
    const restored = event.keysChanged.has('lastRestore') ? asRestoreMark(this.board.get('lastRestore')) : null;
    if (restored && this.isNews(restored)) this.onNews({ kind: 'restored', by: restored.by, count: restored.count, of: restored.of });
  }

  private isNews(mark: { id: string; at: number }): boolean {
    if (this.told.has(mark.id) || mark.at < this.openedAt - OLD_NEWS_MS) return false;
    this.told.add(mark.id);
    return true;
  }
}

// Marks come from peers: only well-formed ones are news.
function asClearMark(value: unknown): ClearMark | null {
  const mark = value as Partial<ClearMark> | null | undefined;
  return typeof mark?.id === 'string' && typeof mark.by === 'string' && typeof mark.at === 'number' ? (mark as ClearMark) : null;
}

function asRestoreMark(value: unknown): RestoreMark | null {
  const mark = value as Partial<RestoreMark> | null | undefined;
  const wellFormed = typeof mark?.id === 'string' && typeof mark.by === 'string' && typeof mark.at === 'number' &&
    Number.isInteger(mark.count) && (mark.of === 'clear' || mark.of === 'version');
  return wellFormed ? (mark as RestoreMark) : null;
}
