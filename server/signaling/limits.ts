import { DEFAULT_MESH_PEERS } from '../../protocol/signaling.js';

/** Per-user and per-room limits; each can be set in the environment (see config.ts). */
export interface Limits {
  /** Members one room holds; one more gets 409. */
  maxMembersPerRoom: number;
  /**
   * Direct peer connections one browser holds, told to the widget in the join answer; pairs beyond it talk
   * through the relay, so a room can hold more members than a browser can connect to.
   */
  maxMeshPeers: number;
  /**
   * Memberships one user can hold at once: its widgets in rooms, all tabs of its browser together (the name is
   * from when a user was one widget); one more gets 409.
   */
  maxRoomsPerUser: number;
  /** Relayed messages a member (one widget) may send per second, on average. */
  relayPerSecond: number;
  /** Relays a member may send at once: joining a full room sends an offer and a burst of candidates to each. */
  relayBurst: number;
  /** Frame uploads (POST /frames) a member may send per second, on average: one per animation frame while drawing. */
  frameUploadsPerSecond: number;
  /** Bytes of drawing frames a member may have relayed per second, on average, counted once per recipient. */
  frameBytesPerSecond: number;
  /** Frame bytes at once: a late joiner's first sync of a big board comes through here when no channel opens. */
  frameBytesBurst: number;
  /**
   * Writes to a room's stored board (appends and compactions) a member may make per second, and at once: the
   * widget appends at most twice a second while drawing, and a big board loaded at once goes up in several entries.
   */
  boardWritesPerSecond: number;
  /** Bytes of stored board a member may write per second, on average. */
  boardBytesPerSecond: number;
  /** Board bytes at once; a write larger than this needs the whole of it (a snapshot may be as large as the room). */
  boardBytesBurst: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxMembersPerRoom: 32,
  maxMeshPeers: DEFAULT_MESH_PEERS,
  maxRoomsPerUser: 64,
  relayPerSecond: 50,
  relayBurst: 400,
  frameUploadsPerSecond: 60,
  frameBytesPerSecond: 1024 * 1024,
  frameBytesBurst: 8 * 1024 * 1024,
  boardWritesPerSecond: 10,
  boardBytesPerSecond: 1024 * 1024,
  boardBytesBurst: 16 * 1024 * 1024,
};

/**
 * All of one user's (one browser's) widgets together relay at most as much as this many widgets at full rate:
 * the per-member limits are keyed by the member id a request names, so made-up ones must not buy fresh buckets.
 */
export const WIDGETS_AT_FULL_RATE = 8;
