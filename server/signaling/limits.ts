/** Per-user and per-room limits; each can be set in the environment (see config.ts). */
export interface Limits {
  /** Members one room holds; one more gets 409. */
  maxMembersPerRoom: number;
  /** Rooms one user can be in at once; one more gets 409. */
  maxRoomsPerUser: number;
  /** Relayed messages a user may send per second, on average. */
  relayPerSecond: number;
  /** Relays a user may send at once: joining a full room sends an offer and a burst of candidates to each. */
  relayBurst: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxMembersPerRoom: 16,
  maxRoomsPerUser: 8,
  relayPerSecond: 50,
  relayBurst: 400,
};
