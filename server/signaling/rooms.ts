import type { MemoryBus } from './bus.js';
import type { JoinRefusalCode, User } from '../../protocol/signaling.js';
import { addPeer, removePeer } from './room-events.js';

export type JoinResult =
  | {
      joined: true;
      /** Members other than the joiner, as they were before the join. */
      others: User[];
      alreadyMember: boolean;
    }
  /** The room is full or the user is in too many rooms; `code` says which and `limit` the limit hit. */
  | JoinRefusal
  /** The user has no open stream: it would hear nothing of the room. */
  | { joined: false; notConnected: true };

export interface JoinRefusal {
  joined: false;
  reason: string;
  code: JoinRefusalCode;
  limit: number;
}

export interface JoinLimits {
  maxMembersPerRoom: number;
  maxRoomsPerUser: number;
}

/**
 * Who is in which room. Joins and leaves are announced to the members (add-peer, remove-peer) by the registry
 * itself, in the same step as the change, so every member hears the changes in the order they happened.
 * Async so that a shared store (Redis) can stand behind it.
 */
export interface RoomRegistry {
  /** Adds a user who has an open stream; members hear add-peer, the joiner add-peer {offer:true} for each. */
  join(roomId: string, user: User, limits: JoinLimits): Promise<JoinResult>;
  /**
   * Removes the user from every room, the members who remain hearing remove-peer, and returns the rooms left;
   * does nothing when the user has a stream again (it reconnected: its rooms are the new stream's).
   */
  leaveAll(userId: string): Promise<string[]>;
  shareRoom(userId: string, otherId: string): Promise<boolean>;
}

export class MemoryRoomRegistry implements RoomRegistry {
  private readonly members = new Map<string, Map<string, User>>();
  private readonly roomsByUser = new Map<string, Set<string>>();

  constructor(private readonly bus: MemoryBus) {}

  async join(roomId: string, user: User, limits: JoinLimits): Promise<JoinResult> {
    if (!this.bus.holds(user.id)) return { joined: false, notConnected: true };
    const room = this.members.get(roomId) ?? new Map<string, User>();
    const rooms = this.roomsByUser.get(user.id) ?? new Set<string>();
    const alreadyMember = room.has(user.id);
    if (!alreadyMember) {
      const refusal = joinRefusal(room.size, rooms.size, limits);
      if (refusal) return refusal;
    }
    const others = [...room.values()].filter((member) => member.id !== user.id);
    room.set(user.id, user);
    rooms.add(roomId);
    this.members.set(roomId, room);
    this.roomsByUser.set(user.id, rooms);
    if (!alreadyMember) {
      for (const member of others) {
        this.bus.deliver(member.id, addPeer(user, roomId, false));
        this.bus.deliver(user.id, addPeer(member, roomId, true));
      }
    }
    return { joined: true, others, alreadyMember };
  }

  async leaveAll(userId: string): Promise<string[]> {
    if (this.bus.holds(userId)) return [];
    const left: string[] = [];
    for (const roomId of this.roomsByUser.get(userId) ?? []) {
      const room = this.members.get(roomId);
      const user = room?.get(userId);
      if (!room || !user) continue;
      room.delete(userId);
      if (room.size === 0) this.members.delete(roomId);
      for (const member of room.values()) this.bus.deliver(member.id, removePeer(user, roomId));
      left.push(roomId);
    }
    this.roomsByUser.delete(userId);
    return left;
  }

  async shareRoom(userId: string, otherId: string): Promise<boolean> {
    const mine = this.roomsByUser.get(userId);
    const theirs = this.roomsByUser.get(otherId);
    if (!mine || !theirs) return false;
    for (const roomId of mine) if (theirs.has(roomId)) return true;
    return false;
  }
}

/** Why a user may not join a room holding `members`, being in `rooms` already; null when they may. */
export function joinRefusal(members: number, rooms: number, limits: JoinLimits): JoinRefusal | null {
  if (members >= limits.maxMembersPerRoom) return joinRefused('room-full', limits);
  if (rooms >= limits.maxRoomsPerUser) return joinRefused('too-many-rooms', limits);
  return null;
}

// The words of each refusal, from its limit: what every registry answers (the Redis one gets only the code).
const REFUSAL_REASONS: Record<JoinRefusalCode, (limit: number) => string> = {
  'room-full': (limit) => `the room is full: it holds at most ${limit} people`,
  'too-many-rooms': (limit) => `you are in ${limit} rooms already, the most one user can be in at once`,
};

/** The refusal for `code`, with the limit it hit and the reason in words. */
export function joinRefused(code: JoinRefusalCode, limits: JoinLimits): JoinRefusal {
  const limit = code === 'room-full' ? limits.maxMembersPerRoom : limits.maxRoomsPerUser;
  return { joined: false, code, limit, reason: REFUSAL_REASONS[code](limit) };
}

export function isJoinRefusalCode(value: unknown): value is JoinRefusalCode {
  return typeof value === 'string' && Object.hasOwn(REFUSAL_REASONS, value);
}
