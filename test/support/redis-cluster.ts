import { connectRedis, type RedisServices } from '../../server/redis/connection.js';
import type { Limits } from '../../server/signaling/limits.js';
import { RedisServer } from './redis-server.js';
import { SignalingServer } from './signaling-server.js';

export type RedisOptions = Parameters<typeof connectRedis>[2];

export interface Instance {
  server: SignalingServer;
  services: RedisServices;
}

/** Server instances in this process sharing one real redis-server, as behind a load balancer. */
export class RedisCluster {
  readonly instances: Instance[] = [];

  private constructor(
    readonly redis: RedisServer,
    private readonly options: RedisOptions,
  ) {}

  static async start(count: number, options?: RedisOptions): Promise<RedisCluster> {
    const cluster = new RedisCluster(await RedisServer.start(), options);
    for (let i = 0; i < count; i++) await cluster.addInstance();
    return cluster;
  }

  async addInstance(limits: Partial<Limits> = {}): Promise<Instance> {
    const services = connectRedis(this.redis.url, () => {}, this.options);
    await services.ready;
    const server = await SignalingServer.start({ bus: services.bus, rooms: services.rooms, limits });
    services.onDataLost(() => server.running.restartStreams());
    const instance = { server, services };
    this.instances.push(instance);
    return instance;
  }

  /** One of the instances, as a balancer that is not sticky picks it. */
  pick(random: () => number): SignalingServer {
    return this.instances[Math.floor(random() * this.instances.length)]!.server;
  }

  async close(): Promise<void> {
    for (const { server, services } of this.instances) {
      await server.close();
      await services.close();
    }
    await this.redis.stop();
  }
}

/** A small seeded generator (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
