import type { NonSharedBuffer } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import { CODECS, type CompressedCoding } from './compression.js';
import type { ContentCoding } from './content-coding.js';
import { strongEtag } from './entity-tag.js';

/** One encoding of the bundle, exactly as it goes on the wire. */
export interface EncodedBundle {
  coding: ContentCoding;
  body: NonSharedBuffer;
  etag: string;
}

export type LoadedBundle = Readonly<Record<ContentCoding, EncodedBundle>>;

/** How often a request may look at the file on disk: once a second costs one stat(), nothing per request. */
const RECHECK_MS = 1000;

/**
 * The widget bundle and its brotli and gzip encodings, held in memory so a request costs no disk read and no
 * compression. A rebuilt bundle is noticed by a stat() of the .js at most once a second, comparing mtime,
 * size and inode: cheaper and sturdier than fs.watch, which needs closing, differs between platforms and
 * loses track of a file replaced by rename. The precompressed files the build writes (`.br`, `.gz`) are used
 * only when they decompress to the bundle exactly; missing, stale or damaged ones are replaced by compressing
 * in memory, so a bundle rebuilt without them (`vite build --watch`) is still served compressed.
 */
export class WidgetBundle {
  private latest: Promise<LoadedBundle | null> = Promise.resolve(null);
  private loadedVersion: string | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly file: string) {}

  /** The bundle as it is on disk (at most a second ago), or null when it is not built. */
  current(): Promise<LoadedBundle | null> {
    const now = performance.now();
    if (now - this.checkedAt >= RECHECK_MS) {
      this.checkedAt = now;
      this.latest = this.refresh(this.latest);
    }
    return this.latest;
  }

  private async refresh(previous: Promise<LoadedBundle | null>): Promise<LoadedBundle | null> {
    const version = await versionOf(this.file);
    if (version === this.loadedVersion) return previous;
    this.loadedVersion = version;
    if (version === null) return null;
    try {
      return await loadBundle(this.file);
    } catch {
      // Deleted or unreadable between the stat and the read: look again at the next check.
      this.loadedVersion = null;
      return null;
    }
  }
}

/** What identifies one write of the file; null when there is no file. */
async function versionOf(file: string): Promise<string | null> {
  try {
    const { mtimeMs, size, ino } = await stat(file);
    return `${mtimeMs}:${size}:${ino}`;
  } catch {
    return null;
  }
}

async function loadBundle(file: string): Promise<LoadedBundle> {
  const identity = await readFile(file);
  const [br, gzip] = await Promise.all([encoded(file, identity, 'br'), encoded(file, identity, 'gzip')]);
  return {
    br: { coding: 'br', body: br, etag: strongEtag(br, 'br') },
    gzip: { coding: 'gzip', body: gzip, etag: strongEtag(gzip, 'gz') },
    identity: { coding: 'identity', body: identity, etag: strongEtag(identity) },
  };
}

/** The build's precompressed file when it holds exactly `identity`, else `identity` compressed now. */
async function encoded(file: string, identity: NonSharedBuffer, coding: CompressedCoding): Promise<NonSharedBuffer> {
  const codec = CODECS[coding];
  const precompressed = await readFile(`${file}${codec.extension}`).catch(() => null);
  if (precompressed !== null) {
    const decoded = await codec.decompress(precompressed).catch(() => null);
    if (decoded !== null && decoded.equals(identity)) return precompressed;
  }
  return codec.compress(identity);
}
