import type { NonSharedBuffer } from 'node:buffer';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants, gunzip, gzip } from 'node:zlib';

export type CompressedCoding = 'br' | 'gzip';

interface Codec {
  /** The precompressed file's name is the original's plus this. */
  extension: string;
  compress(bytes: Uint8Array): Promise<NonSharedBuffer>;
  decompress(bytes: Uint8Array): Promise<NonSharedBuffer>;
}

const brotli = promisify(brotliCompress);
const unbrotli = promisify(brotliDecompress);
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * The build and the server compress with these same settings: the smallest output each format gives, since
 * it is paid for once per build (or once per load) and saved on every visit. Asynchronous, so the server's
 * fallback compression runs on libuv's thread pool instead of holding up requests (brotli 11 takes a few
 * hundred milliseconds on the widget).
 */
export const CODECS: Readonly<Record<CompressedCoding, Codec>> = {
  br: {
    extension: '.br',
    compress: (bytes) =>
      brotli(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
        },
      }),
    decompress: (bytes) => unbrotli(bytes),
  },
  gzip: {
    extension: '.gz',
    compress: (bytes) => gzipAsync(bytes, { level: constants.Z_BEST_COMPRESSION }),
    decompress: (bytes) => gunzipAsync(bytes),
  },
};
