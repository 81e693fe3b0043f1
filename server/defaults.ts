/**
 * What the server does when the environment (config.ts) or a test's options (createApp, connectRedis) leave a
 * setting out: one place, so the two ways of starting a server cannot drift apart. Limits have theirs beside
 * their types (signaling/limits.ts, signaling/client-limits.ts).
 */
export const SERVER_DEFAULTS = {
  port: 8787,
  /** A token is accepted this long after it is issued (TOKEN_TTL_SECONDS). */
  tokenTtlSeconds: 3600,
  /** A session is refreshed for at most this long after its first token (SESSION_MAX_SECONDS). */
  sessionMaxSeconds: 24 * 3600,
  /** Auth is by bearer token, never cookies, so allowing any origin exposes nothing by default (ALLOWED_ORIGINS). */
  allowedOrigins: '*' as '*' | string[],
  /** A Redis command not answered in this long fails, and its request answers 503 (REDIS_COMMAND_TIMEOUT_MS). */
  redisCommandTimeoutMs: 2000,
  /**
   * TURN credentials work this long (TURN_TTL_SECONDS): a day, the TURN REST draft's advice and the longest a
   * session lasts by default (SESSION_MAX_SECONDS), so a connection relayed at a session's start never depends
   * on a renewal. Shorter is safer and works too: the widget renews a minute before expiry.
   */
  turnTtlSeconds: 24 * 3600,
  /**
   * A user whose stream ends without a newer one stays in its rooms this long before it leaves them: the tabs of
   * a browser share one stream, and when the tab holding it closes another opens the next within a moment. The
   * others in the room then keep their connections to the browser's remaining tabs instead of dropping and
   * remaking them.
   */
  leaveGraceMs: 5000,
  /** Where the SQLite store keeps rooms.sqlite when REDIS_URL is not set (DATA_DIR), relative to the working directory. */
  dataDir: './data',
  /** The most one room may hold, all its stored entries together (MAX_ROOM_BYTES): a 100k-point board is ≈1 MB. */
  maxRoomBytes: 16 * 1024 * 1024,
  /** Rooms not visited (joined, read or written) for this many days are forgotten (ROOM_RETENTION_DAYS). */
  roomRetentionDays: 90,
} as const;
