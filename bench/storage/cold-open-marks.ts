// What a page opening a stored room records, for bench:storage's cold open (an init script: it runs in the page
// before the widget loads). Times are performance.now(), ms since the page's navigation started. Nothing in the
// widget changes: like bench:document's late join, the script wraps what it times on the element's own parts once
// the room is joined, which is before the widget asks for the room's entries (ServerCopy reads them a microtask
// after the join, and `draw-room-connected` is dispatched in the same call).

export interface ColdOpenMarks {
  connectedAt?: number;
  /** Every entry the page opened under the room key: the first open's start, the last one's end, their sum. */
  firstOpenAt?: number;
  lastOpenEndAt?: number;
  openMs: number;
  opens: number;
  /** The transaction that merges the server's entries: its start, Yjs done integrating, and every listener done. */
  applyAt?: number;
  observersAt?: number;
  appliedAt?: number;
  /** Time inside the renderer's paint slices from the apply on, and the slice that left nothing to paint. */
  sliceMs: number;
  paintedAt?: number;
  /** A task after the next animation frame once painted: the frame with the whole board has been produced. */
  framedAt?: number;
}

/** The init script itself: `page.addInitScript(recordColdOpen)`. */
export function recordColdOpen(): void {
  const marks: ColdOpenMarks = { openMs: 0, opens: 0, sliceMs: 0 };
  (window as unknown as { coldOpen: ColdOpenMarks }).coldOpen = marks;
  interface Sealing {
    keyed: boolean;
    seal(bytes: Uint8Array): Promise<Uint8Array>;
    open(bytes: Uint8Array): Promise<Uint8Array | null>;
  }
  interface Transaction {
    origin: unknown;
  }
  interface WidgetParts {
    drawingDocument: { ydoc: { on(event: string, listener: (transaction: Transaction) => void): void } };
    view: { renderer: { painting: boolean; paintSlice(budgetMs: number): void } };
    session: { serverCopy: { parts: { sealing: Sealing } } | null };
  }
  const fromServer = (transaction: Transaction) => typeof transaction.origin === 'symbol' && transaction.origin.description === 'draw-room server copy';
  addEventListener('draw-room-connected', () => {
    if (marks.connectedAt !== undefined) return;
    marks.connectedAt = performance.now();
    const room = document.querySelector('draw-room') as unknown as WidgetParts;
    const parts = room.session.serverCopy!.parts;
    const sealing = parts.sealing;
    parts.sealing = {
      keyed: sealing.keyed,
      seal: (bytes) => sealing.seal(bytes),
      open: async (bytes) => {
        const started = performance.now();
        marks.firstOpenAt ??= started;
        try {
          return await sealing.open(bytes);
        } finally {
          marks.lastOpenEndAt = performance.now();
          marks.openMs += marks.lastOpenEndAt - started;
          marks.opens++;
        }
      },
    };
    const ydoc = room.drawingDocument.ydoc;
    ydoc.on('beforeTransaction', (transaction) => {
      if (fromServer(transaction)) marks.applyAt ??= performance.now();
    });
    ydoc.on('beforeObserverCalls', (transaction) => {
      if (fromServer(transaction)) marks.observersAt ??= performance.now();
    });
    ydoc.on('afterTransactionCleanup', (transaction) => {
      if (fromServer(transaction)) marks.appliedAt ??= performance.now();
    });
    const renderer = room.view.renderer;
    const paintSlice = renderer.paintSlice.bind(renderer);
    renderer.paintSlice = (budgetMs) => {
      const started = performance.now();
      paintSlice(budgetMs);
      if (marks.applyAt === undefined || marks.paintedAt !== undefined) return;
      const ended = performance.now();
      marks.sliceMs += ended - started;
      if (renderer.painting) return;
      marks.paintedAt = ended;
      requestAnimationFrame(() => setTimeout(() => (marks.framedAt = performance.now()), 0));
    };
  });
}
