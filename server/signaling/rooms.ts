import type { MemoryBus } from './bus.js';
import { userIdOfMember, type JoinRefusalCode, type Member } from '../../protocol/signaling.js';
import { addPeer, removePeer } from './room-events.js';

export type JoinResult =
  | {
      joined: true;
      /** Members other than the joiner, as they were before the join. */
      others: Member[];
      alreadyMember: boolean;
    }
  /** The room is full or the user has too many members in rooms; `code` says which and `limit` the limit hit. */
  | JoinRefusal
  /** The member is in another room already: a widget joins one room, and a new room takes a new key. */
  | { joined: false; inRoom: string }
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
  /** Members one user (one browser) can have in rooms at once (MAX_ROOMS_PER_USER). */
  maxRoomsPerUser: number;
}

/** A membership that ended: which member left which room. */
export interface Departure {
  memberId: string;
  roomId: string;
}

/**
 * Who is in which room. A member is one widget of a user ("<userId>.<member key>") and is in one room at most;
 * a user (one browser's stream) can have many. Joins and leaves are announced to the members (add-peer,
 * remove-peer, each naming its recipient in `to`) by the registry itself, in the same step as the change, so
 * every member hears the changes in the order they happened; events for a member go to its user's stream.
 * Async so that a shared store (Redis) can stand behind it.
 */
export interface RoomRegistry {
  /**
   * Adds a member of a user who has an open stream; the others hear add-peer, the joiner add-peer {offer:true}
   * for each. A member already in the room joins again harmlessly (its record is updated, nothing is announced).
   */
  join(roomId: string, member: Member, limits: JoinLimits): Promise<JoinResult>;
  /** Removes the member from the room, the members who remain hearing remove-peer; false when it was not there. */
  leave(roomId: string, memberId: string): Promise<boolean>;
  /**
   * Removes every member of the user from its room, as leave() does, and returns what left; does nothing when
   * the user has a stream again (it reconnected: its members are the new stream's).
   */
  leaveAll(userId: string): Promise<Departure[]>;
  /** The record of member `fromId` when it may send to `toId`: both are members of one room. Else null. */
  relaySender(fromId: string, toId: string): Promise<Member | null>;
  /** Whether member `memberId` is in room `roomId` now: only members read and write the room's stored board. */
  hasMember(roomId: string, memberId: string): Promise<boolean>;
}

/** Events for member `memberId` go to its user's stream. */
function userOf(memberId: string): string {
  return userIdOfMember(memberId) ?? memberId;
}

export class MemoryRoomRegistry implements RoomRegistry {
  /** Room id → its members by member id. */
  private readonly rooms = new Map<string, Map<string, Member>>();
  /** User id → the room of each of its members, by member id. */
  private readonly membershipsByUser = new Map<string, Map<string, string>>();

  constructor(private readonly bus: MemoryBus) {}

  async join(roomId: string, member: Member, limits: JoinLimits): Promise<JoinResult> {
    if (!this.bus.holds(member.userId)) return { joined: false, notConnected: true };
    const room = this.rooms.get(roomId) ?? new Map<string, Member>();
    const memberships = this.membershipsByUser.get(member.userId) ?? new Map<string, string>();
    const current = memberships.get(member.id);
    if (current !== undefined && current !== roomId) return { joined: false, inRoom: current };
    const alreadyMember = current === roomId;
    if (!alreadyMember) {
      const refusal = joinRefusal(room.size, memberships.size, limits);
      if (refusal) return refusal;
    }
    const others = [...room.values()].filter((other) => other.id !== member.id);
    room.set(member.id, member);
    memberships.set(member.id, roomId);
    this.rooms.set(roomId, room);
    this.membershipsByUser.set(member.userId, memberships);
    if (!alreadyMember) {
      for (const other of others) {
        this.bus.deliver(other.userId, addPeer(other.id, member, roomId, false));
        this.bus.deliver(member.userId, addPeer(member.id, other, roomId, true));
      }
    }
    return { joined: true, others, alreadyMember };
  }

  async leave(roomId: string, memberId: string): Promise<boolean> {
    const memberships = this.membershipsByUser.get(userOf(memberId));
    if (memberships?.get(memberId) !== roomId) return false;
    memberships.delete(memberId);
    if (memberships.size === 0) this.membershipsByUser.delete(userOf(memberId));
    this.removeFromRoom(roomId, memberId);
    return true;
  }

  async leaveAll(userId: string): Promise<Departure[]> {
    if (this.bus.holds(userId)) return [];
    const left: Departure[] = [];
    for (const [memberId, roomId] of this.membershipsByUser.get(userId) ?? []) {
      if (this.removeFromRoom(roomId, memberId)) left.push({ memberId, roomId });
    }
    this.membershipsByUser.delete(userId);
    return left;
  }

  async relaySender(fromId: string, toId: string): Promise<Member | null> {
    const roomId = this.membershipsByUser.get(userOf(fromId))?.get(fromId);
    if (roomId === undefined || this.membershipsByUser.get(userOf(toId))?.get(toId) !== roomId) return null;
    return this.rooms.get(roomId)?.get(fromId) ?? null;
  }

  async hasMember(roomId: string, memberId: string): Promise<boolean> {
    return this.rooms.get(roomId)?.has(memberId) ?? false;
  }

  /** Takes the member out of the room's list and tells those who remain; false when it was not listed. */
  private removeFromRoom(roomId: string, memberId: string): boolean {
    const room = this.rooms.get(roomId);
    const member = room?.get(memberId);
    if (!room || !member) return false;
    room.delete(memberId);
    if (room.size === 0) this.rooms.delete(roomId);
    for (const other of room.values()) this.bus.deliver(other.userId, removePeer(other.id, member, roomId));
    return true;
  }
}

/**
 * Why a member may not join a room holding `members`, its user having `memberships` in rooms already; null when
 * it may.
 */
export function joinRefusal(members: number, memberships: number, limits: JoinLimits): JoinRefusal | null {
  if (members >= limits.maxMembersPerRoom) return joinRefused('room-full', limits);
  if (memberships >= limits.maxRoomsPerUser) return joinRefused('too-many-rooms', limits);
  return null;
}

// The words of each refusal, from its limit: what every registry answers (the Redis one gets only the code).
const REFUSAL_REASONS: Record<JoinRefusalCode, (limit: number) => string> = {
  'room-full': (limit) => `the room is full: it holds at most ${limit} people`,
  'too-many-rooms': (limit) => `this browser has ${limit} ${limit === 1 ? 'board' : 'boards'} in rooms already, the most one browser can have at once`,
};

/** The refusal for `code`, with the limit it hit and the reason in words. */
export function joinRefused(code: JoinRefusalCode, limits: JoinLimits): JoinRefusal {
  const limit = code === 'room-full' ? limits.maxMembersPerRoom : limits.maxRoomsPerUser;
  return { joined: false, code, limit, reason: REFUSAL_REASONS[code](limit) };
}

export function isJoinRefusalCode(value: unknown): value is JoinRefusalCode {
  return typeof value === 'string' && Object.hasOwn(REFUSAL_REASONS, value);
}
