/** Structured logging: one JSON line per event. Never pass tokens or secrets in `fields`. */
export type Logger = (event: string, fields?: Record<string, unknown>) => void;

let pending: string[] = [];

// Lines are written once per turn of the event loop: a write per line cost more than the relay it logged.
function flush(): void {
  const lines = pending;
  pending = [];
  process.stdout.write(lines.join(''));
}

export const jsonLineLogger: Logger = (event, fields = {}) => {
  if (pending.length === 0) setImmediate(flush);
  pending.push(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
};

// Whatever is still pending when the process ends is written then.
process.once('exit', () => pending.length > 0 && flush());

export const silentLogger: Logger = () => {};
