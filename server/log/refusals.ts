import type { Logger } from './logger.js';

/** Events that each record a refusal, besides request lines with a 4xx status. */
const REFUSAL_EVENTS = new Set(['relay-refused', 'relay-rate-limited', 'relay-shed', 'frames-rate-limited', 'board-writes-rate-limited', 'join-refused']);

export interface RefusalDigestOptions {
  /** Each client's refusals of one kind are logged once per interval (at least this long, at most twice). */
  intervalMs: number;
  /** Clients tracked at once; past this many, the rest share one "others" entry so memory stays bounded. */
  maxClients: number;
}

interface Window {
  /** Who and what, as the summary line names them. */
  fields: Record<string, unknown>;
  openedAt: number;
  openedInTick: number;
  suppressed: number;
}

/**
 * Logs a client's refusals once per interval and kind, then how many more there were: one client refused in a
 * loop (each refused relay wrote two lines) made 62 MB of log in 20 s. Everything else passes straight through,
 * so each request that succeeds keeps its own line.
 */
export function digestRefusals(log: Logger, { intervalMs, maxClients }: RefusalDigestOptions): Logger {
  const windows = new Map<string, Window>();
  let tick = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  // A window opened during the previous tick has lasted at least one interval by now.
  const closeWindows = () => {
    const now = Date.now();
    for (const [key, window] of windows) {
      if (window.openedInTick >= tick) continue;
      windows.delete(key);
      if (window.suppressed === 0) continue;
      log('refusals-suppressed', { ...window.fields, count: window.suppressed, seconds: Math.round((now - window.openedAt) / 1000) });
    }
    tick++;
    if (windows.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  return (event, fields = {}) => {
    const refused = refusalKind(event, fields);
    if (refused === null) return log(event, fields);
    let client = clientOf(fields);
    let key = `${client.userId ?? ''}\n${client.clientAddress ?? ''}\n${refused}`;
    if (!windows.has(key) && windows.size >= maxClients) {
      client = { clientAddress: 'others' };
      key = `\nothers\n${refused}`;
    }
    const window = windows.get(key);
    if (window) {
      window.suppressed++;
      return;
    }
    // The timer's first tick comes one whole interval after it starts: a window opened then may close at it.
    const openedInTick = timer ? tick : tick - 1;
    windows.set(key, { fields: { ...client, refused }, openedAt: Date.now(), openedInTick, suppressed: 0 });
    if (!timer) {
      timer = setInterval(closeWindows, intervalMs);
      timer.unref?.();
    }
    log(event, fields);
  };
}

/** What kind of refusal a line records ("POST relay 404", "relay-refused"), or null when it records none. */
function refusalKind(event: string, fields: Record<string, unknown>): string | null {
  if (REFUSAL_EVENTS.has(event)) return event;
  if (event !== 'request' || typeof fields.status !== 'number' || fields.status < 400 || fields.status >= 500) return null;
  return `${String(fields.method)} ${routeOf(String(fields.path))} ${fields.status}`;
}

/** The route a path belongs to, without the ids an attacker could vary to get a line per request. */
function routeOf(path: string): string {
  const [first = '', second] = path.split('/').slice(1);
  if (first === 'relay' || first === 'access' || first === 'connect') return first;
  if (second === 'join') return 'join';
  return 'other';
}

/** Who a refusal is counted against: the user when the token was good, else the client's address. */
function clientOf(fields: Record<string, unknown>): { userId?: string; clientAddress?: string } {
  if (typeof fields.userId === 'string') return { userId: fields.userId };
  return { clientAddress: typeof fields.clientAddress === 'string' ? fields.clientAddress : 'unknown' };
}
