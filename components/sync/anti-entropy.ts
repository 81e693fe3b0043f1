import type * as Y from 'yjs';

export interface AntiEntropyTiming {
  /** How often each link compares state vectors, healing any loss nothing later depends on (an erase, say). */
  compareEveryMs: number;
  /** How long an update may wait on one that never arrived before it is asked for; doubles while it stays missing. */
  missingGraceMs: number;
}

export const DEFAULT_ANTI_ENTROPY_TIMING: AntiEntropyTiming = { compareEveryMs: 12_000, missingGraceMs: 1_000 };

/** Updates Yjs holds back because something they build on has not arrived. */
export const hasMissingDependencies = (ydoc: Y.Doc) => ydoc.store.pendingStructs !== null || ydoc.store.pendingDs !== null;

/**
 * Repairs lost messages without a reconnect. Every update goes to each peer once; if one is lost on a link
 * that stays up, nothing would ever send it again. So each link compares state vectors now and then, and
 * promptly when an update arrived that waits on a missing one. `askForMissing(peerId)` sends that peer this
 * replica's state vector (a sync step 1); its step 2 answer holds only what is missing here.
 * Timers run only while links are open, so a removed widget keeps none.
 */
export class AntiEntropy {
  private readonly comparisons = new Map<string, ReturnType<typeof setInterval>>();
  private missingCheck: ReturnType<typeof setTimeout> | undefined;
  private missingDelayMs: number;
  /** The link whose update is waiting: it built on what is missing, so it holds it. */
  private missingFrom: string | null = null;

  constructor(
    private readonly ydoc: Y.Doc,
    private readonly askForMissing: (peerId: string) => void,
    private readonly timing: AntiEntropyTiming = DEFAULT_ANTI_ENTROPY_TIMING,
  ) {
    this.missingDelayMs = timing.missingGraceMs;
  }

  linkOpened(peerId: string): void {
    this.linkClosed(peerId);
    this.comparisons.set(peerId, setInterval(() => this.askForMissing(peerId), this.timing.compareEveryMs));
  }

  linkClosed(peerId: string): void {
    clearInterval(this.comparisons.get(peerId));
    this.comparisons.delete(peerId);
    if (this.comparisons.size === 0) this.stopMissingCheck();
  }

  /** Call after applying a peer's update: if part of it waits on something missing, ask for it soon. */
  updateApplied(peerId: string): void {
    if (!hasMissingDependencies(this.ydoc)) return;
    this.missingFrom = peerId;
    this.missingCheck ??= setTimeout(() => this.checkMissing(), this.missingDelayMs);
  }

  destroy(): void {
    for (const peerId of [...this.comparisons.keys()]) this.linkClosed(peerId);
  }

  private checkMissing(): void {
    this.missingCheck = undefined;
    if (!hasMissingDependencies(this.ydoc)) return this.stopMissingCheck();
    const from = this.missingFrom;
    // The link that sent the waiting update may have closed since: any peer may have what is missing.
    const askees = from !== null && this.comparisons.has(from) ? [from] : [...this.comparisons.keys()];
    for (const peerId of askees) this.askForMissing(peerId);
    // The answer may be lost too: ask again, less and less often, while something is still missing.
    this.missingDelayMs = Math.min(this.missingDelayMs * 2, this.timing.compareEveryMs);
    this.missingCheck = setTimeout(() => this.checkMissing(), this.missingDelayMs);
  }

  private stopMissingCheck(): void {
    clearTimeout(this.missingCheck);
    this.missingCheck = undefined;
    this.missingDelayMs = this.timing.missingGraceMs;
    this.missingFrom = null;
  }
}
