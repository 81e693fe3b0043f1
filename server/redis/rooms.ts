import type { Redis } from 'ioredis';
import { storeCall } from '../http/errors.js';
import { userIdOfMember, type Member } from '../../protocol/signaling.js';
import { JOIN, LEAVE, LEAVE_ALL, RELAY_SENDER, ROOM, defineScript, type Script } from './scripts.js';
import { isJoinRefusalCode, joinRefused, type Departure, type JoinLimits, type JoinResult, type RoomRegistry } from '../signaling/rooms.js';

/**
 * Room membership in Redis, shared by every instance. A membership lasts until its member leaves or its user's
 * stream ends (or the instance holding it dies): no expiry by time, so no stall of Redis can drop a member whose
 * stream is alive.
 */
export class RedisRoomRegistry implements RoomRegistry {
  private readonly joinScript: Script;
  private readonly leaveScript: Script;
  private readonly leaveAllScript: Script;
  private readonly relaySenderScript: Script;

  constructor(private readonly redis: Redis) {
    this.joinScript = defineScript(redis, 'drawRoomJoin', JOIN);
    this.leaveScript = defineScript(redis, 'drawRoomLeave', LEAVE);
    this.leaveAllScript = defineScript(redis, 'drawRoomLeaveAll', LEAVE_ALL);
    this.relaySenderScript = defineScript(redis, 'drawRoomRelaySender', RELAY_SENDER);
  }

  async join(roomId: string, member: Member, limits: JoinLimits): Promise<JoinResult> {
    const reply = (await storeCall(`join room ${roomId}`, this.joinScript(roomId, member.userId, member.id, JSON.stringify(member),
      limits.maxMembersPerRoom, limits.maxRoomsPerUser))) as string[];
    if (reply[0] === 'not-connected') return { joined: false, notConnected: true };
    if (reply[0] === 'in-other-room') return { joined: false, inRoom: reply[1]! };
    if (isJoinRefusalCode(reply[0])) return joinRefused(reply[0], limits);
    if (reply[0] !== 'joined') throw new Error(`join script for room ${roomId} answered ${JSON.stringify(reply)}`);
    const others = reply.slice(2).map((record) => JSON.parse(record) as Member);
    return { joined: true, alreadyMember: reply[1] === '1', others };
  }

  async leave(roomId: string, memberId: string): Promise<boolean> {
    const userId = userIdOfMember(memberId) ?? memberId;
    return (await storeCall(`leave room ${roomId}`, this.leaveScript(userId, memberId, roomId))) === 1;
  }

  async leaveAll(userId: string): Promise<Departure[]> {
    const reply = (await storeCall('leave rooms', this.leaveAllScript(userId))) as string[];
    const left: Departure[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) left.push({ memberId: reply[i]!, roomId: reply[i + 1]! });
    return left;
  }

  async relaySender(fromId: string, toId: string): Promise<Member | null> {
    const record = (await storeCall('check rooms', this.relaySenderScript(fromId, toId))) as string | null;
    return record === null ? null : (JSON.parse(record) as Member);
  }

  async hasMember(roomId: string, memberId: string): Promise<boolean> {
    return (await storeCall(`check room ${roomId}`, this.redis.hexists(`${ROOM}${roomId}`, memberId))) === 1;
  }
}
