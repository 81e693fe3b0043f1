import type { ServerConfig } from './config.js';
import { startServer, type RunningServer } from './listen.js';
import type { Logger } from './log/log.js';
import { connectRedis } from './redis/connection.js';

/** The server as the environment describes it: in memory, or sharing rooms with other instances through Redis. */
export async function startConfiguredServer(config: ServerConfig, log: Logger): Promise<RunningServer> {
  if (!config.redisUrl) return startServer({ ...config, log });
  const redis = connectRedis(config.redisUrl, log, { commandTimeoutMs: config.redisCommandTimeoutMs });
  await redis.ready;
  const server = await startServer({ ...config, log, bus: redis.bus, rooms: redis.rooms, tokenSerials: redis.tokenSerials });
  redis.onDataLost(() => server.restartStreams());
  return {
    ...server,
    close: async (deadlineMs) => {
      await server.close(deadlineMs);
      await redis.close();
    },
  };
}
