/**
 * Float64Arrays carved out of shared slabs. Chromium gives every typed array of its own a backing store
 * outside the JS heap, and a late join creating a thousand of them spent more time in GC than in decoding;
 * views into a few large buffers cost one small object each. A slab lives while any view into it does.
 */
const SLAB_LENGTH = 65_536;
/** Anything longer than this gets an array of its own, so slabs are not wasted on a few huge strokes. */
const OWN_ARRAY_FROM = SLAB_LENGTH / 4;

let slab = new Float64Array(0);
let used = 0;

export function allocateNumbers(length: number): Float64Array {
  if (length >= OWN_ARRAY_FROM) return new Float64Array(length);
  if (used + length > slab.length) {
    slab = new Float64Array(SLAB_LENGTH);
    used = 0;
  }
  const view = new Float64Array(slab.buffer, used * Float64Array.BYTES_PER_ELEMENT, length);
  used += length;
  return view;
}
