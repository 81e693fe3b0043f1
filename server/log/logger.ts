/** Structured logging: one JSON line per event. Never pass tokens or secrets in `fields`. */
export type Logger = (event: string, fields?: Record<string, unknown>) => void;
