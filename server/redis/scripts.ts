import type { Redis } from 'ioredis';
import type { JoinRefusalCode } from '../../protocol/signaling.js';
import { addPeer, removePeer } from '../signaling/room-events.js';

// The keys and Lua scripts every instance shares in Redis. Scripts run atomically, so instances never race on
// who holds a stream or who is in a room, and the events announcing a change are published in the same step:
// every member hears changes in the order they happened. Built for one Redis, not Redis Cluster.
//
// Nothing here expires by time: a stall of Redis (or a jump of its clock) cannot drop anyone. A user's stream
// is released by its own end, or by a sweep of its instance once that instance is dead: it has no subscriber
// on its channel any more (Redis drops a dead process's connections) and is not handing its users over.

/** Which stream holds a user: "<instanceId>#<n>". */
export const STREAM_OF = 'draw-room:stream-of:';
/** The users whose streams an instance holds (a set), for sweeping it if it dies. */
export const STREAMS_ON = 'draw-room:streams-on:';
/** The instance's pub/sub channel: messages "<userId> <streamId> <json>" for the streams it holds. */
export const INSTANCE_CHANNEL = 'draw-room:instance:';
/** Instances that said they are up (a set). */
export const INSTANCES = 'draw-room:instances';
/** Present while an instance that is shutting down gives its users time to reconnect elsewhere. */
export const HANDING_OVER = 'draw-room:handing-over:';
/** A room's members: member id → member JSON (a hash). */
export const ROOM = 'draw-room:room-members:';
/**
 * A user's members in rooms: member id → room id (a hash). Both what leaving every room and a sweep go through,
 * and each member's one room (the one-room rule, and whether two members share a room).
 */
export const MEMBERSHIPS = 'draw-room:memberships:';

/** Marks where `luaJson` puts a Lua value: the builder is given `slot('record')` where the member's JSON goes. */
const slot = (name: string) => `@@${name}@@`;
const SLOT_IN_JSON = /"@@(\w+)@@"/;

/**
 * A Lua expression building the JSON of `event` (made by a TypeScript builder, with slots), each slot replaced by
 * the Lua expression given for it, which must yield JSON: what a script publishes is what the in-memory registry
 * sends, from one definition.
 */
function luaJson(event: object, values: Record<string, string>): string {
  const parts = JSON.stringify(event).split(SLOT_IN_JSON);
  return parts
    .map((part, i) => {
      if (i % 2 === 0) return part === '' ? null : `'${part.replace(/[\\']/g, '\\$&')}'`;
      const value = values[part];
      if (value === undefined) throw new Error(`luaJson: no Lua value for slot ${part} in ${JSON.stringify(event)}`);
      return `(${value})`;
    })
    .filter((part) => part !== null)
    .join(' .. ');
}

const ROOM_FULL: JoinRefusalCode = 'room-full';
const IN_OTHER_ROOM = 'in-other-room';
const TOO_MANY_ROOMS: JoinRefusalCode = 'too-many-rooms';

const HELPERS = `
local function instance_of(stream) return string.match(stream, '^[^#]+') end
-- A member id's user part: "<userId>.<member key>", user ids being uuids.
local function user_of(member) return string.match(member, '^[^.]+') end
-- Publishes an event to the stream holding user "to", if any; returns how many instances took it.
local function announce(to, json)
  local stream = redis.call('GET', '${STREAM_OF}' .. to)
  if not stream then return 0 end
  return redis.call('PUBLISH', '${INSTANCE_CHANNEL}' .. instance_of(stream), to .. ' ' .. stream .. ' ' .. json)
end
-- Takes member "member" out of room "room"'s list, the members who remain hearing remove-peer; the caller
-- removes it from its user's memberships. Returns whether it was listed.
local function remove_from_room(member, room)
  local key = '${ROOM}' .. room
  local record = redis.call('HGET', key, member)
  if not record then return false end
  redis.call('HDEL', key, member)
  local quoted = cjson.encode(room)
  for _, other in ipairs(redis.call('HKEYS', key)) do
    announce(user_of(other), ${luaJson(removePeer(slot('to'), slot('record'), slot('room')), { to: 'cjson.encode(other)', record: 'record', room: 'quoted' })})
  end
  return true
end
-- Every member of user "id" leaves its room. Returns {memberId, roomId, …} of those that left.
local function leave_all(id)
  local left = {}
  local mine = '${MEMBERSHIPS}' .. id
  local memberships = redis.call('HGETALL', mine)
  for i = 1, #memberships, 2 do
    local member, room = memberships[i], memberships[i + 1]
    if remove_from_room(member, room) then
      table.insert(left, member)
      table.insert(left, room)
    end
  end
  redis.call('DEL', mine)
  return left
end
-- Releases the users of every instance that died, their rooms hearing remove-peer. Returns those instances.
local function sweep_dead()
  local swept = {}
  for _, instance in ipairs(redis.call('SMEMBERS', '${INSTANCES}')) do
    local listening = redis.call('PUBSUB', 'NUMSUB', '${INSTANCE_CHANNEL}' .. instance)[2]
    if listening == 0 and redis.call('EXISTS', '${HANDING_OVER}' .. instance) == 0 then
      for _, id in ipairs(redis.call('SMEMBERS', '${STREAMS_ON}' .. instance)) do
        local stream = redis.call('GET', '${STREAM_OF}' .. id)
        if stream and instance_of(stream) == instance then
          redis.call('DEL', '${STREAM_OF}' .. id)
          leave_all(id)
        end
      end
      redis.call('DEL', '${STREAMS_ON}' .. instance)
      redis.call('SREM', '${INSTANCES}', instance)
      table.insert(swept, instance)
    end
  end
  return swept
end
`;

/** ARGV: userId, streamId, instanceId. Makes the stream the user's, telling an older one it was replaced. */
export const CLAIM = `${HELPERS}
local id, stream, instance = ARGV[1], ARGV[2], ARGV[3]
local key = '${STREAM_OF}' .. id
local old = redis.call('GET', key)
redis.call('SET', key, stream)
redis.call('SADD', '${STREAMS_ON}' .. instance, id)
if old and old ~= stream then
  if instance_of(old) ~= instance then redis.call('SREM', '${STREAMS_ON}' .. instance_of(old), id) end
  redis.call('PUBLISH', '${INSTANCE_CHANNEL}' .. instance_of(old), id .. ' ' .. old .. ' {"event":"replaced","data":{}}')
end
return 1
`;

/** ARGV: userId, streamId. 1 when the stream still held the user (now released), else 0. */
export const RELEASE = `${HELPERS}
local id, stream = ARGV[1], ARGV[2]
if redis.call('GET', '${STREAM_OF}' .. id) ~= stream then return 0 end
redis.call('DEL', '${STREAM_OF}' .. id)
redis.call('SREM', '${STREAMS_ON}' .. instance_of(stream), id)
return 1
`;

/** ARGV: userId, json. How many instances took the message (0: no stream holds the user). */
export const DELIVER = `${HELPERS}
return announce(ARGV[1], ARGV[2])
`;

/**
 * ARGV: roomId, userId, memberId, memberJson, maxMembers, maxMemberships. Sweeps dead instances first, so a
 * newcomer is never told of their users. Returns {'joined', alreadyMember, otherJson…}, {JoinRefusalCode},
 * {'in-other-room', roomId} or {'not-connected'}.
 */
export const JOIN = `${HELPERS}
sweep_dead()
local room, id, member, record = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('EXISTS', '${STREAM_OF}' .. id) == 0 then return {'not-connected'} end
local key, mine = '${ROOM}' .. room, '${MEMBERSHIPS}' .. id
local current = redis.call('HGET', mine, member)
if current and current ~= room then return {'${IN_OTHER_ROOM}', current} end
local already = current == room
if not already then
  if redis.call('HLEN', key) >= tonumber(ARGV[5]) then return {'${ROOM_FULL}'} end
  if redis.call('HLEN', mine) >= tonumber(ARGV[6]) then return {'${TOO_MANY_ROOMS}'} end
end
local result = {'joined', already and '1' or '0'}
local members = redis.call('HGETALL', key)
local quoted, joiner = cjson.encode(room), cjson.encode(member)
for i = 1, #members, 2 do
  local other, other_record = members[i], members[i + 1]
  if other ~= member then
    table.insert(result, other_record)
    if not already then
      announce(user_of(other), ${luaJson(addPeer(slot('to'), slot('record'), slot('room'), false), { to: 'cjson.encode(other)', record: 'record', room: 'quoted' })})
      announce(id, ${luaJson(addPeer(slot('to'), slot('record'), slot('room'), true), { to: 'joiner', record: 'other_record', room: 'quoted' })})
    end
  end
end
redis.call('HSET', key, member, record)
redis.call('HSET', mine, member, room)
return result
`;

/** ARGV: userId, memberId, roomId. 1 when the member was in the room and left it (the others hear remove-peer), else 0. */
export const LEAVE = `${HELPERS}
local id, member, room = ARGV[1], ARGV[2], ARGV[3]
local mine = '${MEMBERSHIPS}' .. id
if redis.call('HGET', mine, member) ~= room then return 0 end
redis.call('HDEL', mine, member)
remove_from_room(member, room)
return 1
`;

/** ARGV: userId. Every member of the user leaves its room unless the user has a stream again; returns {memberId, roomId, …}. */
export const LEAVE_ALL = `${HELPERS}
if redis.call('EXISTS', '${STREAM_OF}' .. ARGV[1]) == 1 then return {} end
return leave_all(ARGV[1])
`;

/** ARGV: fromId, toId (member ids). The sender's member JSON when both are members of one room, else nil. */
export const RELAY_SENDER = `
local from, to = ARGV[1], ARGV[2]
local room = redis.call('HGET', '${MEMBERSHIPS}' .. string.match(from, '^[^.]+'), from)
if not room or redis.call('HGET', '${MEMBERSHIPS}' .. string.match(to, '^[^.]+'), to) ~= room then return false end
return redis.call('HGET', '${ROOM}' .. room, from)
`;

/**
 * ARGV: instanceId. Sweeps dead instances (this one too, if its subscription lapsed: it may have missed events),
 * then says this one is up if it listens on its channel. Returns {1 when this instance was not registered (Redis
 * lost its data, or this instance was swept), 0 when it was, -1 when it does not listen yet; sweptInstance…}.
 */
export const TICK = `${HELPERS}
local swept = sweep_dead()
-- Registered without a subscriber, the instance would be swept by the next script any instance runs (after a
-- Redis restart the command connection is often back before the subscription): it waits until it listens.
local added = -1
if redis.call('PUBSUB', 'NUMSUB', '${INSTANCE_CHANNEL}' .. ARGV[1])[2] > 0 then
  added = redis.call('SADD', '${INSTANCES}', ARGV[1])
end
table.insert(swept, 1, added)
return swept
`;

export type Script = (...args: Array<string | number>) => Promise<unknown>;

/** A script run by EVALSHA (loaded once, then sent by its hash): one round trip, no script text on the wire. */
export function defineScript(redis: Redis, name: string, lua: string): Script {
  redis.defineCommand(name, { numberOfKeys: 0, lua });
  const command = (redis as unknown as Record<string, Script>)[name]!;
  return (...args) => command.apply(redis, args);
}
