import type { User } from './protocol.js';

export interface JoinResult {
  /** Members other than the joiner, as they were before the join. */
  others: User[];
  alreadyMember: boolean;
}

export interface RoomLeft {
  roomId: string;
  remaining: User[];
}

/** Who is in which room. Async so that a shared store (Redis) can stand behind it. */
export interface RoomRegistry {
  join(roomId: string, user: User): Promise<JoinResult>;
  /** Removes the user from every room, reporting who is left in each. */
  leaveAll(userId: string): Promise<RoomLeft[]>;
  shareRoom(userId: string, otherId: string): Promise<boolean>;
}

export class MemoryRoomRegistry implements RoomRegistry {
  private readonly members = new Map<string, Map<string, User>>();
  private readonly roomsByUser = new Map<string, Set<string>>();

  async join(roomId: string, user: User): Promise<JoinResult> {
    let room = this.members.get(roomId);
    if (!room) {
      room = new Map();
      this.members.set(roomId, room);
    }
    const alreadyMember = room.has(user.id);
    const others = [...room.values()].filter((member) => member.id !== user.id);
    room.set(user.id, user);
    let rooms = this.roomsByUser.get(user.id);
    if (!rooms) {
      rooms = new Set();
      this.roomsByUser.set(user.id, rooms);
    }
    rooms.add(roomId);
    return { others, alreadyMember };
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
