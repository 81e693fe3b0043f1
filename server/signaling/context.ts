import type { IncomingHttpHeaders } from 'node:http';
import type { NodeRequest } from '../http/node-request.js';
import type { Bus } from './bus.js';
import type { ClientGate } from './client-limits.js';
import type { TokenIssuer } from './auth.js';
import type { Limits } from './limits.js';
import type { Logger } from '../log/log.js';
import type { RateLimiter } from './rate-limit.js';
import type { User } from '../../protocol/signaling.js';
import type { RoomRegistry } from './rooms.js';
import type { SseStreamOptions } from './sse.js';
import type { StreamRegistry } from './streams.js';
import type { RoomStorage } from '../storage/room-store.js';

/** What every route needs, built once per app so tests get isolated instances. */
export interface AppServices {
  tokens: TokenIssuer;
  bus: Bus;
  rooms: RoomRegistry;
  /** Where the rooms' boards are kept (issue 15); null when this server keeps none. */
  storage: RoomStorage | null;
  stream: SseStreamOptions;
  streams: StreamRegistry;
  log: Logger;
  limits: Limits;
  /** How long a user whose stream ended stays in its rooms, in case another tab's stream takes over. */
  leaveGraceMs: number;
  /** Relays per sending member (widget): a token bucket of limits.relayBurst, refilled at limits.relayPerSecond. */
  relayRate: RateLimiter;
  /** Relays per user (browser), all its widgets together: WIDGETS_AT_FULL_RATE times relayRate's. */
  relayRateOfUser: RateLimiter;
  /** Frame uploads per user (browser), all its widgets together: WIDGETS_AT_FULL_RATE times frameUploads'. */
  frameUploadsOfUser: RateLimiter;
  /** Frame uploads per sending member (POST /frames): limits.frameUploadsPerSecond, a burst of two seconds' worth. */
  frameUploads: RateLimiter;
  /** Relayed frame bytes per sending member, counted once per recipient: limits.frameBytesPerSecond and frameBytesBurst. */
  frameBytes: RateLimiter;
  /** Appends and compactions of a room's board per member: limits.boardWritesPerSecond, a burst of one second's worth. */
  boardWrites: RateLimiter;
  /** Bytes of board written per member: limits.boardBytesPerSecond and boardBytesBurst. */
  boardBytes: RateLimiter;
  /** Identities, joins and open streams per client address and per instance. */
  clients: ClientGate;
  /** The client a request comes from (the trusted proxy header's, when one is configured). */
  clientAddress(headers: IncomingHttpHeaders, socketAddress: string | undefined): string;
}

export interface AppEnv {
  /** What @hono/node-server hands every request: node's request it came as, HTTP/1.1 or 2 (absent in app.request()). */
  Bindings: { incoming?: NodeRequest };
  Variables: { user: User; expiresAt: number; roomId?: string };
}
