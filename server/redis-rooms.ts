import type { Redis } from 'ioredis';
import type { User } from './protocol.js';
import { roomFull, tooManyRooms, type JoinLimits, type JoinResult, type RoomLeft, type RoomRegistry } from './rooms.js';

// Keys: a room's members with their expiry (sorted set) and their user records (hash); a user's rooms (set).
// Scripts run atomically, so instances never race on a room's size. Built for one Redis, not Redis Cluster.
const ROOM = 'draw-room:room:';
const ROOMS_OF = 'draw-room:rooms-of:';

const LUA_HELPERS = `
local function live_users(room, now)
  local ids = redis.call('ZRANGEBYSCORE', '${ROOM}' .. room, now, '+inf')
  local users = {}
  for _, id in ipairs(ids) do
    local user = redis.call('HGET', '${ROOM}' .. room .. ':users', id)
    if user then table.insert(users, user) end
  end
  return users
end
local function drop_expired(room, now)
  local key = '${ROOM}' .. room
  local gone = {}
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', '(' .. now)) do
    local user = redis.call('HGET', key .. ':users', id)
    if user then table.insert(gone, user) end
    redis.call('HDEL', key .. ':users', id)
    redis.call('SREM', '${ROOMS_OF}' .. id, room)
  end
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. now)
  return gone
end
`;

// ARGV: room, userId, userJson, now, expiresAt, maxMembers, maxRooms, ttlMs
const JOIN = `${LUA_HELPERS}
local room, id, now = ARGV[1], ARGV[2], ARGV[4]
local key, mine = '${ROOM}' .. room, '${ROOMS_OF}' .. id
drop_expired(room, now)
local already = redis.call('ZSCORE', key, id)
if not already then
  if redis.call('ZCARD', key) >= tonumber(ARGV[6]) then return {'full'} end
  if redis.call('SCARD', mine) >= tonumber(ARGV[7]) then return {'too-many-rooms', tostring(redis.call('SCARD', mine))} end
end
local others = live_users(room, now)
redis.call('ZADD', key, ARGV[5], id)
redis.call('HSET', key .. ':users', id, ARGV[3])
redis.call('SADD', mine, room)
for _, k in ipairs({key, key .. ':users', mine}) do redis.call('PEXPIRE', k, ARGV[8]) end
return {'joined', already and '1' or '0', cjson.encode(others)}
`;

// ARGV: userId, now
const LEAVE_ALL = `${LUA_HELPERS}
local id, now = ARGV[1], ARGV[2]
local result = {}
for _, room in ipairs(redis.call('SMEMBERS', '${ROOMS_OF}' .. id)) do
  redis.call('ZREM', '${ROOM}' .. room, id)
  redis.call('HDEL', '${ROOM}' .. room .. ':users', id)
  table.insert(result, room)
  table.insert(result, cjson.encode(live_users(room, now)))
end
redis.call('DEL', '${ROOMS_OF}' .. id)
return result
`;

// ARGV: userId, otherId, now
const SHARE_ROOM = `
for _, room in ipairs(redis.call('SINTER', '${ROOMS_OF}' .. ARGV[1], '${ROOMS_OF}' .. ARGV[2])) do
  local a = redis.call('ZSCORE', '${ROOM}' .. room, ARGV[1])
  local b = redis.call('ZSCORE', '${ROOM}' .. room, ARGV[2])
  if a and b and tonumber(a) >= tonumber(ARGV[3]) and tonumber(b) >= tonumber(ARGV[3]) then return 1 end
end
return 0
`;

// Renews a connected user's memberships, then drops the members of those rooms whose instance stopped
// renewing them. ARGV: userId, now, expiresAt, ttlMs. Returns [room, goneJson, liveJson, …] for rooms with gone members.
const RENEW = `${LUA_HELPERS}
local id, now = ARGV[1], ARGV[2]
local mine = '${ROOMS_OF}' .. id
local result = {}
for _, room in ipairs(redis.call('SMEMBERS', mine)) do
  local key = '${ROOM}' .. room
  if redis.call('ZSCORE', key, id) then
    redis.call('ZADD', key, ARGV[3], id)
    for _, k in ipairs({key, key .. ':users'}) do redis.call('PEXPIRE', k, ARGV[4]) end
    local gone = drop_expired(room, now)
    if #gone > 0 then
      table.insert(result, room)
      table.insert(result, cjson.encode(gone))
      table.insert(result, cjson.encode(live_users(room, now)))
    end
  else
    redis.call('SREM', mine, room)
  end
end
redis.call('PEXPIRE', mine, ARGV[4])
return result
`;

export interface RedisRoomOptions {
  redis: Redis;
  /** A membership not renewed for this long is gone (its instance died). */
  memberTtlMs?: number;
  /** Users whose streams this instance holds: it renews their memberships. */
  localUsers(): string[];
  /** Members found gone (their instance stopped renewing them): tell the others. */
  onGone(roomId: string, gone: User, remaining: User[]): void;
}

/** Room membership in Redis, shared by every instance, with expiry renewed by the instance holding each user. */
export class RedisRoomRegistry implements RoomRegistry {
  private readonly redis: Redis;
  private readonly memberTtlMs: number;
  private readonly renewal: ReturnType<typeof setInterval>;

  constructor(private readonly options: RedisRoomOptions) {
    this.redis = options.redis;
    this.memberTtlMs = options.memberTtlMs ?? 30_000;
    this.renewal = setInterval(() => void this.renew(), this.memberTtlMs / 3);
    this.renewal.unref?.();
  }

  async join(roomId: string, user: User, limits: JoinLimits): Promise<JoinResult> {
    const now = Date.now();
    const reply = (await this.redis.eval(JOIN, 0, roomId, user.id, JSON.stringify(user), now, now + this.memberTtlMs,
      limits.maxMembersPerRoom, limits.maxRoomsPerUser, this.memberTtlMs * 2)) as string[];
    if (reply[0] === 'full') return roomFull(limits);
    if (reply[0] === 'too-many-rooms') return tooManyRooms(Number(reply[1]), limits);
    const others = users(reply[2]).filter((member) => member.id !== user.id);
    return { joined: true, alreadyMember: reply[1] === '1', others };
  }

  async leaveAll(userId: string): Promise<RoomLeft[]> {
    const reply = (await this.redis.eval(LEAVE_ALL, 0, userId, Date.now())) as string[];
    const left: RoomLeft[] = [];
    for (let i = 0; i < reply.length; i += 2) left.push({ roomId: reply[i]!, remaining: users(reply[i + 1]) });
    return left;
  }

  async shareRoom(userId: string, otherId: string): Promise<boolean> {
    return (await this.redis.eval(SHARE_ROOM, 0, userId, otherId, Date.now())) === 1;
  }

  close(): void {
    clearInterval(this.renewal);
  }

  /** Renews the memberships of this instance's users and reports members whose instance went away. */
  async renew(): Promise<void> {
    const now = Date.now();
    for (const userId of this.options.localUsers()) {
      try {
        const reply = (await this.redis.eval(RENEW, 0, userId, now, now + this.memberTtlMs, this.memberTtlMs * 2)) as string[];
        for (let i = 0; i < reply.length; i += 3) {
          const remaining = users(reply[i + 2]);
          for (const gone of users(reply[i + 1])) this.options.onGone(reply[i]!, gone, remaining);
        }
      } catch {
        // Redis is away: the next round renews again.
      }
    }
  }
}

/** A JSON list of user records from a script; Lua's cjson writes an empty list as {}. */
function users(json: string | undefined): User[] {
  const parsed = JSON.parse(json ?? '[]') as unknown;
  return Array.isArray(parsed) ? parsed.map((text) => JSON.parse(String(text)) as User) : [];
}
