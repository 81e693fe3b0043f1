import type { Redis } from 'ioredis';
import { storeCall } from '../http/errors.js';
import type { User } from '../../protocol/signaling.js';
import { JOIN, LEAVE_ALL, SHARE_ROOM, defineScript, type Script } from './scripts.js';
import { isJoinRefusalCode, joinRefused, type JoinLimits, type JoinResult, type RoomRegistry } from '../signaling/rooms.js';

/**
 * Room membership in Redis, shared by every instance. A membership lasts until its user's stream ends (or the
 * instance holding it dies): no expiry by time, so no stall of Redis can drop a member whose stream is alive.
 */
export class RedisRoomRegistry implements RoomRegistry {
  private readonly joinScript: Script;
  private readonly leaveAllScript: Script;
  private readonly shareRoomScript: Script;

  constructor(redis: Redis) {
    this.joinScript = defineScript(redis, 'drawRoomJoin', JOIN);
    this.leaveAllScript = defineScript(redis, 'drawRoomLeaveAll', LEAVE_ALL);
    this.shareRoomScript = defineScript(redis, 'drawRoomShareRoom', SHARE_ROOM);
  }

  async join(roomId: string, user: User, limits: JoinLimits): Promise<JoinResult> {
    const reply = (await storeCall(`join room ${roomId}`, this.joinScript(roomId, user.id, JSON.stringify(user),
      limits.maxMembersPerRoom, limits.maxRoomsPerUser))) as string[];
    if (reply[0] === 'not-connected') return { joined: false, notConnected: true };
    if (isJoinRefusalCode(reply[0])) return joinRefused(reply[0], limits);
    if (reply[0] !== 'joined') throw new Error(`join script for room ${roomId} answered ${JSON.stringify(reply)}`);
    const others = reply.slice(2).map((record) => JSON.parse(record) as User);
    return { joined: true, alreadyMember: reply[1] === '1', others };
  }

  async leaveAll(userId: string): Promise<string[]> {
    return (await storeCall('leave rooms', this.leaveAllScript(userId))) as string[];
  }

  async shareRoom(userId: string, otherId: string): Promise<boolean> {
    return (await storeCall('check rooms', this.shareRoomScript(userId, otherId))) === 1;
  }
}
