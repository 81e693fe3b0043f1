// Loaded into the servers `npm run bench:relay` measures (node --import): their event loop's delay, which the
// server cannot report itself. SIGUSR2 writes the figures since the last one to BENCH_LOOP_DELAY_FILE, as JSON
// in ms, and starts again.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 5 });
histogram.enable();
const ms = (ns) => Math.round(ns / 1e4) / 100;
process.on('SIGUSR2', () => {
  const figures = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
  writeFileSync(process.env.BENCH_LOOP_DELAY_FILE, JSON.stringify(figures));
  histogram.reset();
});
