import { RELAY_FRAME_MAX_BYTES, type FramesReceipt, type FramesBatch } from '../../protocol/relay-frames.js';
import type { Cancel, Clock } from './clock.js';
import { framesFittingOneUpload, groupedUpload, type QueuedFrame } from './frame-upload.js';

export interface FrameSealing {
  frame(bytes: Uint8Array): Promise<Uint8Array>;
  /** What sealing adds to a frame, so an upload's size is counted as it will be. */
  overheadBytes: number;
}

export interface FrameRelayOptions {
  /** POST /frames with the current token; rejects with the server's answer or a network error. */
  upload(upload: FramesBatch): Promise<FramesReceipt>;
  /** Seals each frame just before it goes up (a room key is in use): the server relays only ciphertext. */
  seal?: FrameSealing;
  /** Runs `callback` before the next paint: frames drawn in one frame of the page go up in one upload. */
  nextFrame(callback: () => void): void;
  clock: Clock;
  /** The server delivered nothing to this peer: it left, or is in none of our rooms any more. */
  onUnreachable(peerId: string): void;
  onError(message: string): void;
}

/** What an upload that failed waits before it is tried again, doubling up to the last. */
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];
/**
 * Frames waiting while uploads fail: past this, the oldest are dropped and reported. Nothing is lost for good:
 * the peers' anti-entropy compares state vectors and asks for what is missing once uploads go through again.
 */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

/**
 * The server relay's way up: frames for peers no data channel reaches are queued, and sent at most once per
 * animation frame in one POST /frames that can carry frames for several peers (a frame sent to several peers
 * goes once, with all of them; consecutive frames for the same peers name them once). One upload is in flight at
 * a time, so frames arrive in the order they were sent.
 */
export class FrameRelay {
  private queue: QueuedFrame[] = [];
  private queuedBytes = 0;
  private flushPending = false;
  private uploading = false;
  private retry: Cancel | null = null;
  private failures = 0;
  private stopped = false;

  constructor(private readonly options: FrameRelayOptions) {}

  /** Queues one channel frame for `peerId`; the same frame (same bytes object) broadcast to others joins it. */
  send(peerId: string, bytes: Uint8Array): void {
    if (this.stopped) return;
    if (bytes.length === 0 || bytes.length > RELAY_FRAME_MAX_BYTES) {
      return this.options.onError(`a frame of ${bytes.length} bytes for peer ${peerId} cannot go through the server relay (1 to ${RELAY_FRAME_MAX_BYTES})`);
    }
    const same = this.queuedSinceLastFor(peerId, bytes);
    if (same) {
      same.to.push(peerId);
    } else {
      this.queue.push({ to: [peerId], bytes });
      this.queuedBytes += bytes.length;
      this.dropOldestOverLimit();
    }
    this.scheduleFlush();
  }

  /** Forgets the frames still queued for `peerId` (it left, or a direct channel took over its traffic). */
  forget(peerId: string): void {
    for (const frame of this.queue) frame.to = frame.to.filter((id) => id !== peerId);
    this.removeAddressedToNobody();
  }

  /** The server is back: what waits for a retry goes now, with the backoff reset. */
  resume(): void {
    if (!this.retry) return;
    this.retry();
    this.retry = null;
    this.failures = 0;
    this.scheduleFlush();
  }

  /** Drops everything queued and stops; later sends do nothing. */
  stop(): void {
    this.stopped = true;
    this.queue = [];
    this.queuedBytes = 0;
    this.retry?.();
    this.retry = null;
  }

  /**
   * The queued entry of these very bytes (one frame broadcast to several peers), if no frame for `peerId` is
   * queued after it: joining it then keeps every peer's frames in the order they were sent.
   */
  private queuedSinceLastFor(peerId: string, bytes: Uint8Array): QueuedFrame | undefined {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const frame = this.queue[i]!;
      if (frame.to.includes(peerId)) return undefined;
      if (frame.bytes === bytes) return frame;
    }
    return undefined;
  }

  private scheduleFlush(): void {
    if (this.flushPending || this.uploading || this.retry || this.stopped || this.queue.length === 0) return;
    this.flushPending = true;
    this.options.nextFrame(() => {
      this.flushPending = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.stopped || this.queue.length === 0) return;
    const batch = this.takeBatch();
    this.uploading = true;
    try {
      const receipt = await this.options.upload(groupedUpload(await this.sealed(batch)));
      this.failures = 0;
      for (const peerId of receipt.unreachable) {
        this.forget(peerId);
        this.options.onUnreachable(peerId);
      }
    } catch (error) {
      this.failed(batch, error);
    } finally {
      this.uploading = false;
      this.scheduleFlush();
    }
  }

  /** The batch as it goes up: each frame sealed afresh (a retry gets new IVs), or as it is without a room key. */
  private async sealed(batch: QueuedFrame[]): Promise<QueuedFrame[]> {
    const seal = this.options.seal;
    if (!seal) return batch;
    return Promise.all(batch.map(async ({ to, bytes }) => ({ to, bytes: await seal.frame(bytes) })));
  }

  /** The frames that fit one upload, oldest first. */
  private takeBatch(): QueuedFrame[] {
    const batch = this.queue.splice(0, framesFittingOneUpload(this.queue, this.options.seal?.overheadBytes ?? 0));
    for (const frame of batch) this.queuedBytes -= frame.bytes.length;
    return batch;
  }

  /** A refused upload is dropped (retrying cannot fix it); one that could not get through goes back in front. */
  private failed(batch: QueuedFrame[], error: unknown): void {
    const status = (error as { status?: unknown }).status;
    const retryAfterSeconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    const detail = error instanceof Error ? error.message : String(error);
    const retriable = typeof status !== 'number' || status === 401 || status === 429 || status >= 500;
    if (!retriable || this.stopped) return this.options.onError(`the server relay refused ${batch.length} frames: ${detail}`);
    this.queue.unshift(...batch);
    for (const frame of batch) this.queuedBytes += frame.bytes.length;
    this.dropOldestOverLimit();
    const backoff = RETRY_DELAYS_MS[Math.min(this.failures, RETRY_DELAYS_MS.length - 1)]!;
    this.failures++;
    const delayMs = typeof retryAfterSeconds === 'number' ? Math.max(retryAfterSeconds * 1000, backoff) : backoff;
    if (this.failures === 1) this.options.onError(`the server relay did not take frames (${detail}); trying again`);
    this.retry = this.options.clock.schedule(() => {
      this.retry = null;
      this.scheduleFlush();
    }, delayMs);
  }

  private dropOldestOverLimit(): void {
    let dropped = 0;
    while (this.queuedBytes > MAX_QUEUED_BYTES && this.queue.length > 1) {
      this.queuedBytes -= this.queue.shift()!.bytes.length;
      dropped++;
    }
    if (dropped > 0) this.options.onError(`dropped ${dropped} frames the server relay could not take in time; peers will ask for what they miss`);
  }

  private removeAddressedToNobody(): void {
    this.queue = this.queue.filter((frame) => {
      if (frame.to.length > 0) return true;
      this.queuedBytes -= frame.bytes.length;
      return false;
    });
  }
}
