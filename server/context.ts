import type { Bus } from './bus.js';
import type { TokenIssuer } from './auth.js';
import type { Limits } from './limits.js';
import type { Logger } from './log.js';
import type { RateLimiter } from './rate-limit.js';
import type { User } from './protocol.js';
import type { RoomRegistry } from './rooms.js';
import type { SseStreamOptions } from './sse.js';
import type { StreamRegistry } from './streams.js';

/** What every route needs, built once per app so tests get isolated instances. */
export interface AppServices {
  tokens: TokenIssuer;
  bus: Bus;
  rooms: RoomRegistry;
  stream: SseStreamOptions;
  streams: StreamRegistry;
  log: Logger;
  limits: Limits;
  /** Relays per user: a token bucket of limits.relayBurst, refilled at limits.relayPerSecond. */
  relayRate: RateLimiter;
}

export interface AppEnv {
  Variables: { user: User; expiresAt: number; refusal?: string; roomId?: string };
}
