import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

// How busy the machine is apart from a measurement: the development machine has 2 cores shared with whatever else
// runs, and a compiler or a test suite running beside a latency measurement moves its p99 by milliseconds.

const MS_PER_TICK = 10; // USER_HZ is 100 on Linux
const cores = availableParallelism();

/** CPU milliseconds the whole machine has spent busy since boot (/proc/stat). */
export function machineBusyMs(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * MS_PER_TICK;
}

/** CPU milliseconds process `pid` has used (user and system), 0 once it is gone. */
export function processCpuMs(pid: number): number {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return 0;
  }
}

/** The share of the machine's cores (0–1) busy with anything but `pids` over `ms` of wall time. */
export function othersShare(busyMs: number, ownMs: number, ms: number): number {
  return Math.round((Math.max(0, busyMs - ownMs) / (ms * cores)) * 100) / 100;
}

/** Waits (at most `maxMs`) for a second in which at most `share` of the machine is busy; the share it saw last. */
export async function untilQuiet(share: number, maxMs: number): Promise<number> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const busy = machineBusyMs();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const seen = othersShare(machineBusyMs() - busy, 0, 1000);
    if (seen <= share || Date.now() >= deadline) return seen;
  }
}
