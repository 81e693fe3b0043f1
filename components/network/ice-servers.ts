/** Used when the page sets no `ice-servers`. */
export const DEFAULT_ICE_SERVERS: RTCIceServer[] = [
  { urls: ['stun:stun.l.google.com:19302', 'stun:global.stun.twilio.com:3478'] },
];

/** Parses the `ice-servers` attribute; bad JSON falls back to the defaults with a warning. */
export function parseIceServers(value: string | null): RTCIceServer[] | undefined {
  if (value === null || value.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((server) => typeof server === 'object' && server !== null && 'urls' in server)) {
      return parsed as RTCIceServer[];
    }
  } catch {
    // Reported below.
  }
  console.warn(`draw-room: ignored ice-servers="${value.slice(0, 100)}": expected a JSON array of {urls} objects`);
  return undefined;
}
