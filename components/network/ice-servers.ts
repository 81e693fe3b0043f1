/**
 * Parses the `ice-servers` attribute. Absent, empty or bad JSON (with a warning) is undefined: the widget then
 * asks its server (GET /ice-servers), and nothing is hard-coded to a public server.
 */
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
