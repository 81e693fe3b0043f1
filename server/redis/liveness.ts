import type { Redis } from 'ioredis';
import { HANDING_OVER, TICK, defineScript, type Script } from './scripts.js';

const NOT_LISTENING = -1;

export interface LivenessOptions {
  redis: Redis;
  instanceId: string;
  /** How often this instance says it is up and sweeps instances that died. */
  intervalMs: number;
  /** This instance's registration was gone (Redis lost its data, or swept this instance): its streams must start over. */
  onLost(): void;
  /** Instances found dead and swept, their users gone from their rooms. */
  onSwept(instanceId: string): void;
  /** A round Redis did not answer (it is away or stalled): the next round tries again. */
  onFailed(error: unknown): void;
  /** A round Redis answered. */
  onAnswered(): void;
}

/**
 * Keeps this instance registered in Redis and sweeps the dead ones: an instance is dead when nothing listens on
 * its channel (Redis drops the connections of a process that died) and it is not handing its users over.
 */
export class InstanceLiveness {
  private readonly tick: Script;
  private readonly timer: ReturnType<typeof setInterval>;
  private registered = false;
  private ticking = false;

  constructor(private readonly options: LivenessOptions) {
    this.tick = defineScript(options.redis, 'drawRoomTick', TICK);
    this.timer = setInterval(() => void this.check(), options.intervalMs);
    this.timer.unref?.();
  }

  /** Registers this instance (again), sweeping the dead; resolves once Redis answered. */
  async check(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const [added, ...swept] = (await this.tick(this.options.instanceId)) as [number, ...string[]];
      this.options.onAnswered();
      for (const instance of swept) this.options.onSwept(instance);
      // Not listening yet (its subscription is reconnecting): it registers on a later round.
      if (added === NOT_LISTENING) return;
      if (added === 1 && this.registered) this.options.onLost();
      this.registered = true;
    } catch (error) {
      this.options.onFailed(error);
    } finally {
      this.ticking = false;
    }
  }

  /**
   * For `ms`, the sweep leaves this instance's users alone while they reconnect elsewhere (a shutdown). Rejects
   * when Redis cannot be told: the users are then swept at once.
   */
  async handOver(ms: number): Promise<void> {
    if (ms > 0) await this.options.redis.set(HANDING_OVER + this.options.instanceId, '1', 'PX', ms);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
