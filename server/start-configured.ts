import type { ServerConfig } from './config.js';
import { startServer, type RunningServer } from './listen.js';
import type { Logger } from './log/log.js';
import { connectRedis } from './redis/connection.js';
import { SqliteRoomStore } from './storage/sqlite-room-store.js';

/**
 * The server as the environment describes it: one process keeping rooms' boards in SQLite (DATA_DIR), or
 * instances sharing rooms, events and boards through Redis.
 */
export async function startConfiguredServer(config: ServerConfig, log: Logger): Promise<RunningServer> {
  const { maxRoomBytes, retentionDays } = config.storage;
  if (!config.redisUrl) {
    const store = SqliteRoomStore.open(config.storage.dataDir);
    const server = await startServer({ ...config, log, storage: { store, maxRoomBytes, retentionDays } });
    return {
      ...server,
      close: async (deadlineMs) => {
        await server.close(deadlineMs);
        await store.close();
      },
    };
  }
  const redis = connectRedis(config.redisUrl, log, { commandTimeoutMs: config.redisCommandTimeoutMs });
  await redis.ready;
  const storage = { store: redis.roomStore, maxRoomBytes, retentionDays };
  const server = await startServer({ ...config, log, bus: redis.bus, rooms: redis.rooms, tokenSerials: redis.tokenSerials, storage });
  redis.onDataLost(() => server.restartStreams());
  return {
    ...server,
    close: async (deadlineMs) => {
      await server.close(deadlineMs);
      await redis.close();
    },
  };
}
