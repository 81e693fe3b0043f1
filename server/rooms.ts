import type { JoinRefusalCode, User } from './protocol.js';

export type JoinResult =
  | {
      joined: true;
      /** Members other than the joiner, as they were before the join. */
      others: User[];
      alreadyMember: boolean;
    }
  /** The room is full or the user is in too many rooms; `code` says which and `limit` the limit hit. */
  | JoinRefusal;

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

export interface RoomLeft {
  roomId: string;
  remaining: User[];
}

/** Who is in which room. Async so that a shared store (Redis) can stand behind it. */
export interface RoomRegistry {
  join(roomId: string, user: User, limits: JoinLimits): Promise<JoinResult>;
  /** Removes the user from every room, reporting who is left in each. */
  leaveAll(userId: string): Promise<RoomLeft[]>;
  shareRoom(userId: string, otherId: string): Promise<boolean>;
}

export class MemoryRoomRegistry implements RoomRegistry {
  private readonly members = new Map<string, Map<string, User>>();
  private readonly roomsByUser = new Map<string, Set<string>>();

  async join(roomId: string, user: User, limits: JoinLimits): Promise<JoinResult> {
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
    return { joined: true, others, alreadyMember };
  }

  async leaveAll(userId: string): Promise<RoomLeft[]> {
    const left: RoomLeft[] = [];
    for (const roomId of this.roomsByUser.get(userId) ?? []) {
      const room = this.members.get(roomId);
      if (!room) continue;
      room.delete(userId);
      if (room.size === 0) this.members.delete(roomId);
      left.push({ roomId, remaining: [...room.values()] });
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
  if (members >= limits.maxMembersPerRoom) return roomFull(limits);
  if (rooms >= limits.maxRoomsPerUser) return tooManyRooms(rooms, limits);
  return null;
}

export const roomFull = (limits: JoinLimits): JoinRefusal => ({
  joined: false,
  code: 'room-full',
  limit: limits.maxMembersPerRoom,
  reason: `the room is full: it holds at most ${limits.maxMembersPerRoom} people`,
});

export const tooManyRooms = (rooms: number, limits: JoinLimits): JoinRefusal => ({
  joined: false,
  code: 'too-many-rooms',
  limit: limits.maxRoomsPerUser,
  reason: `you are in ${rooms} rooms already, the most one user can be in at once`,
});
