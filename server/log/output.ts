/** Where log lines go: process.stdout in the server, anything alike in tests. */
export interface LogOutput {
  write(chunk: string): unknown;
  /** Bytes written but not yet taken by whatever reads the output. */
  readonly writableLength: number;
  once?(event: 'drain', listener: () => void): unknown;
}

/**
 * Log lines on their way to an output that may stop reading (a stalled pipe, a full disk behind a log shipper).
 * Lines leave once per turn of the event loop: a write per line cost more than the relay it logged. While the
 * output holds `maxBufferedBytes` unread, new lines are dropped and counted instead of held, so memory stays
 * bounded; the count goes out in a line of its own once the output takes lines again.
 */
export class BoundedLineWriter {
  private pending: string[] = [];
  private pendingLength = 0;
  private dropped = 0;
  private waitingForDrain = false;

  constructor(
    private readonly output: LogOutput,
    private readonly maxBufferedBytes: number,
    private readonly droppedLine: (count: number) => string,
  ) {}

  add(line: string): void {
    // Lengths in UTF-16 units stand in for bytes: log lines are nearly all ASCII.
    if (this.output.writableLength + this.pendingLength + line.length > this.maxBufferedBytes) {
      this.dropped++;
      this.flushOnDrain();
      return;
    }
    if (this.pending.length === 0) setImmediate(this.flush);
    this.pending.push(line);
    this.pendingLength += line.length;
  }

  /** Writes what is pending, after the count of lines dropped since the last write if there is room for it. */
  readonly flush = (): void => {
    const lines = this.pending;
    if (this.dropped > 0) {
      const report = this.droppedLine(this.dropped);
      if (this.output.writableLength + this.pendingLength + report.length <= this.maxBufferedBytes) {
        lines.unshift(report);
        this.dropped = 0;
      }
    }
    this.pending = [];
    this.pendingLength = 0;
    if (lines.length > 0) this.output.write(lines.join(''));
  };

  /** Reports the drops as soon as the output catches up, not only when the next line is logged. */
  private flushOnDrain(): void {
    if (this.waitingForDrain || !this.output.once) return;
    this.waitingForDrain = true;
    this.output.once('drain', () => {
      this.waitingForDrain = false;
      if (this.pending.length === 0) this.flush();
    });
  }
}
