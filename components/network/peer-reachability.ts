import type { User } from '../../protocol/signaling.js';
import type { ChannelRoute } from './selected-route.js';

/**
 * Whether the drawing reaches a peer: `direct` or `turn` while its data channel is open (the route it takes),
 * `unreachable` once no link to it has worked for `unreachableAfterMs`, `connecting` before that.
 */
export type PeerState = 'connecting' | ChannelRoute | 'unreachable';

/** Whether a data channel to the peer is open, whichever route it takes. */
export const hasOpenChannel = (state: PeerState): state is ChannelRoute => state === 'direct' || state === 'turn';

/** A peer the server says is in the room, and the state of the link to it. */
export interface PeerStatus {
  peer: User;
  state: PeerState;
}

/** How a connection that stopped working is brought back, and when its peer counts as unreachable. */
export interface MeshTiming {
  /** A connection `disconnected` this long gets an ICE restart (it often recovers by itself before). */
  iceRestartAfterMs: number;
  /** A connection not working this long is replaced; each replacement since the peer last worked waits twice as long. */
  replaceAfterMs: number;
  /** The longest wait between replacements: a peer that could not be reached is reached about this long after it can be. */
  maxReplaceAfterMs: number;
  /** A peer with no working link this long (since it was announced, or since a link last worked) is `unreachable`. */
  unreachableAfterMs: number;
  /** How often links are checked. */
  checkEveryMs: number;
}

export const DEFAULT_MESH_TIMING: MeshTiming = {
  iceRestartAfterMs: 3000,
  replaceAfterMs: 12_000,
  maxReplaceAfterMs: 60_000,
  unreachableAfterMs: 10_000,
  checkEveryMs: 1000,
};

/** Waits are stretched by up to this share at random, so links that broke together are not all replaced together. */
const REPLACE_JITTER = 0.2;

/** How long a link waits before its replacement, after `replacements` others since the peer last worked. */
export function replacementWait(replacements: number, timing: MeshTiming, random: number): number {
  const doubled = timing.replaceAfterMs * 2 ** replacements;
  return Math.min(doubled * (1 + REPLACE_JITTER * random), timing.maxReplaceAfterMs);
}

/** "Ada (2f1c0a3b…)": the name people know, and enough of the id to tell two Adas apart in a log. */
export const describePeer = (peer: User) => `${peer.username} (${peer.id.slice(0, 8)}…)`;

/**
 * One peer the server says is in the room: since when no link to it has worked, how long the next replacement
 * waits, and the state last reported.
 */
export class PeerReachability {
  state: PeerState = 'connecting';
  /** When the peer was announced, or a link to it last worked. */
  private lastWorkedAt: number;
  private everWorked = false;
  private replacementsSinceWorked = 0;
  private jitter = Math.random();

  constructor(
    public peer: User,
    now: number,
    private readonly timing: MeshTiming,
  ) {
    this.lastWorkedAt = now;
  }

  /** A link to the peer works at `now`: the next breakdown starts the backoff from the beginning. */
  worked(now: number): void {
    this.lastWorkedAt = now;
    this.everWorked = true;
    this.replacementsSinceWorked = 0;
  }

  /** How long a link made at `linkCreatedAt` has not been working. */
  stalledFor(linkCreatedAt: number, now: number): number {
    return now - Math.max(linkCreatedAt, this.lastWorkedAt);
  }

  /** Whether a link made at `linkCreatedAt`, not working, has waited long enough to be replaced. */
  replacementDue(linkCreatedAt: number, now: number): boolean {
    return this.stalledFor(linkCreatedAt, now) >= replacementWait(this.replacementsSinceWorked, this.timing, this.jitter);
  }

  /** The link was replaced: the next one gets twice as long. */
  replaced(): void {
    this.replacementsSinceWorked += 1;
    this.jitter = Math.random();
  }

  /** Recomputes `state` from the route of the open channel (null: none is open); the new state when it changed, else null. */
  update(openChannel: ChannelRoute | null, now: number): PeerState | null {
    const state = openChannel ?? (now - this.lastWorkedAt >= this.timing.unreachableAfterMs ? 'unreachable' : 'connecting');
    if (state === this.state) return null;
    this.state = state;
    return state;
  }

  /** Why the peer is unreachable, naming it the way people know it. */
  unreachableReport(now: number): string {
    const seconds = `${Number(((now - this.lastWorkedAt) / 1000).toFixed(1))} s`;
    const why = this.everWorked ? `no working connection for ${seconds}` : `no connection after ${seconds}`;
    return `can't reach peer ${describePeer(this.peer)}: ${why}; retrying`;
  }
}
