import { BoundedLineWriter, type LogOutput } from './output.js';
import type { Logger } from './logger.js';
import { digestRefusals } from './refusals.js';

export type { Logger } from './logger.js';

export interface JsonLineLoggerOptions {
  /** Unread log the output may hold before lines are dropped (and counted). */
  maxBufferedBytes?: number;
  /** A client's refusals of one kind are logged once per this interval, then counted. */
  refusalIntervalMs?: number;
  /** Clients whose refusals are counted apart; the rest share one count. */
  maxRefusingClients?: number;
}

function line(event: string, fields: Record<string, unknown>): string {
  const record = { time: new Date().toISOString(), event, ...fields };
  // A field named like the line's own keys (an `event` field, say) must not rename the line.
  record.event = event;
  return `${JSON.stringify(record)}\n`;
}

/** JSON lines on `output`, refusals digested, dropped rather than held when the output does not drain. */
export function createJsonLineLogger(output: LogOutput, options: JsonLineLoggerOptions = {}): { log: Logger; flush(): void } {
  const writer = new BoundedLineWriter(output, options.maxBufferedBytes ?? 1024 * 1024, (count) =>
    line('log-lines-dropped', { count, reason: 'the log output was not taking lines' }),
  );
  const log = digestRefusals((event, fields = {}) => writer.add(line(event, fields)), {
    intervalMs: options.refusalIntervalMs ?? 10_000,
    maxClients: options.maxRefusingClients ?? 10_000,
  });
  return { log, flush: writer.flush };
}

const stdoutLogger = createJsonLineLogger(process.stdout);
export const jsonLineLogger: Logger = stdoutLogger.log;

// Whatever is still pending when the process ends is written then.
process.once('exit', stdoutLogger.flush);

export const silentLogger: Logger = () => {};
