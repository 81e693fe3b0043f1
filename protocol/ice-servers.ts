// What GET /ice-servers answers, shared by the server and the widget. Imports nothing (protocol/ rule).

/**
 * One ICE server as RTCPeerConnection takes it. Always `urls`, never the older `url`: Safari refuses a
 * configuration that uses `url`.
 */
export interface IceServer {
  urls: string[];
  /** TURN only: `<expiry unix seconds>:<userId>` (the TURN REST scheme coturn's use-auth-secret checks). */
  username?: string;
  /** TURN only: base64(HMAC-SHA1(TURN_SECRET, username)). */
  credential?: string;
}

/** GET /ice-servers: the servers to use and when their credentials stop working (ms since the epoch). */
export interface IceServersAnswer {
  iceServers: IceServer[];
  expiresAt: number;
}

/** The URL schemes an ICE server may have: STUN, TURN over UDP/TCP, TURN over TLS. */
export const ICE_URL_PATTERN = /^(stun|turn|turns):\S+$/;

/** The answer checked, or null when it is not one: a list we could not use must not reach RTCPeerConnection. */
export function iceServersAnswerOf(value: unknown): IceServersAnswer | null {
  if (!isRecord(value) || !Array.isArray(value.iceServers) || typeof value.expiresAt !== 'number' || !Number.isFinite(value.expiresAt)) return null;
  const iceServers: IceServer[] = [];
  for (const entry of value.iceServers as unknown[]) {
    const server = iceServerOf(entry);
    if (!server) return null;
    iceServers.push(server);
  }
  return { iceServers, expiresAt: value.expiresAt };
}

function iceServerOf(value: unknown): IceServer | null {
  if (!isRecord(value) || !Array.isArray(value.urls)) return null;
  const urls = value.urls as unknown[];
  if (urls.length === 0 || !urls.every((url): url is string => typeof url === 'string' && ICE_URL_PATTERN.test(url))) return null;
  const server: IceServer = { urls };
  if (value.username !== undefined || value.credential !== undefined) {
    if (typeof value.username !== 'string' || typeof value.credential !== 'string') return null;
    server.username = value.username;
    server.credential = value.credential;
  }
  return server;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
