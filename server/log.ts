/** Structured logging: one JSON line per event. Never pass tokens or secrets in `fields`. */
export type Logger = (event: string, fields?: Record<string, unknown>) => void;

export const jsonLineLogger: Logger = (event, fields = {}) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
};

export const silentLogger: Logger = () => {};
