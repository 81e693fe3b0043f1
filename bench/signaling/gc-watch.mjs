// Preloaded into a server by `bench/signaling/latency.ts --gc` (node --import): records every garbage collection
// (when, how long, which kind) and writes them as JSON to $GC_WATCH_FILE when the process gets SIGTERM, so pauses
// can be set beside the relays they delayed. An observer and an array: nothing runs between collections.
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const collections = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    collections.push([performance.timeOrigin + entry.startTime, entry.duration, entry.detail?.kind ?? 0]);
  }
}).observe({ entryTypes: ['gc'] });

process.prependListener('SIGTERM', () => {
  writeFileSync(process.env.GC_WATCH_FILE, JSON.stringify(collections));
  process.exit(0);
});
