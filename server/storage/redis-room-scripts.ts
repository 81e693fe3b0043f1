// The keys and Lua scripts of the rooms' stored history in Redis (RedisRoomStore). A script runs atomically, so
// appends and compactions from any number of instances never interleave: a compaction's compare-and-swap on the
// room's base and its swap of entries for the snapshot are one step. Built for one Redis, like server/redis/scripts.ts.
//
// A room's entries are a list whose elements have consecutive seqs from its first: the snapshot (seq = base) when
// the room was compacted, else entry 1. So element i has seq max(base, 1) + i, and no seq is stored per entry.

/** A room's counters (a hash): base (its snapshot's seq, absent before any compaction), last (its newest seq), bytes. */
export const STORED_ROOM = 'draw-room:stored-room:';
/** A room's entries (a list), in seq order. */
export const STORED_ENTRIES = 'draw-room:stored-entries:';
/** A room's kept snapshots: seq → time of the compaction (a hash). */
export const SNAPSHOT_TIMES = 'draw-room:snapshot-times:';
/** A room's kept snapshots: seq → bytes (a hash). */
export const SNAPSHOT_DATA = 'draw-room:snapshot-data:';
/** Every stored room by the time of its last visit (a sorted set), for retention. */
export const ROOM_VISITS = 'draw-room:room-visits';

/** How many list elements a script reads at a time while it sums or collects them. */
const CHUNK = 64;

const COUNTERS = `
local function counters(room)
  local values = redis.call('HMGET', '${STORED_ROOM}' .. room, 'base', 'last', 'bytes')
  return tonumber(values[1] or '0'), tonumber(values[2] or '0'), tonumber(values[3] or '0')
end
`;

/**
 * ARGV: roomId, after, maxBytes, now. Returns {lastSeq, more (0/1), seq, data, seq, data…}: the entries with
 * seq > after, up to about maxBytes (at least one). A visit, when the room is stored.
 */
export const READ = `${COUNTERS}
local room, after, max_bytes = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
if redis.call('EXISTS', '${STORED_ROOM}' .. room) == 0 then return {0, 0} end
redis.call('ZADD', '${ROOM_VISITS}', ARGV[4], room)
local base, last = counters(room)
local first = math.max(base, 1)
local index = math.max(0, after + 1 - first)
local result = {last, 0}
local bytes = 0
while true do
  local chunk = redis.call('LRANGE', '${STORED_ENTRIES}' .. room, index, index + ${CHUNK - 1})
  if #chunk == 0 then return result end
  for i, data in ipairs(chunk) do
    if #result > 2 and bytes + #data > max_bytes then
      result[2] = 1
      return result
    end
    table.insert(result, first + index + i - 1)
    table.insert(result, data)
    bytes = bytes + #data
  end
  index = index + #chunk
end
`;

/** ARGV: roomId, data, maxRoomBytes, now. Returns {1, seq} when appended, {0, roomBytes} when over the limit. */
export const APPEND = `${COUNTERS}
local room, data = ARGV[1], ARGV[2]
local _, _, bytes = counters(room)
if bytes + #data > tonumber(ARGV[3]) then return {0, bytes} end
local key = '${STORED_ROOM}' .. room
local seq = redis.call('HINCRBY', key, 'last', 1)
redis.call('HINCRBY', key, 'bytes', #data)
redis.call('RPUSH', '${STORED_ENTRIES}' .. room, data)
redis.call('ZADD', '${ROOM_VISITS}', ARGV[4], room)
return {1, seq}
`;

/**
 * ARGV: roomId, upto, data, maxRoomBytes, now, snapshotsKept. Returns {'compacted'}, {'beyond-last', lastSeq},
 * {'compacted-meanwhile', base} or {'too-large', roomBytes}.
 */
export const COMPACT = `${COUNTERS}
local room, upto, data, max_bytes, now, kept = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])
local base, last, bytes = counters(room)
if upto > last then return {'beyond-last', last} end
if upto <= base then return {'compacted-meanwhile', base} end
local list = '${STORED_ENTRIES}' .. room
local count = upto - math.max(base, 1) + 1
local replaced = 0
for start = 0, count - 1, ${CHUNK} do
  for _, entry in ipairs(redis.call('LRANGE', list, start, math.min(start + ${CHUNK - 1}, count - 1))) do
    replaced = replaced + #entry
  end
end
local room_bytes = bytes - replaced + #data
-- A compaction that shrinks the room is always let through, even over a limit lowered since.
if room_bytes > max_bytes and room_bytes > bytes then return {'too-large', room_bytes} end
redis.call('LTRIM', list, count, -1)
redis.call('LPUSH', list, data)
redis.call('HSET', '${STORED_ROOM}' .. room, 'base', upto, 'bytes', room_bytes)
redis.call('ZADD', '${ROOM_VISITS}', now, room)
local times, snapshots = '${SNAPSHOT_TIMES}' .. room, '${SNAPSHOT_DATA}' .. room
redis.call('HSET', times, upto, now)
redis.call('HSET', snapshots, upto, data)
local seqs = redis.call('HKEYS', times)
table.sort(seqs, function(a, b) return tonumber(a) > tonumber(b) end)
for i = kept + 1, #seqs do
  redis.call('HDEL', times, seqs[i])
  redis.call('HDEL', snapshots, seqs[i])
end
return {'compacted'}
`;

/** ARGV: roomId, seq. Returns {at, data} of a kept snapshot, or {} when the room keeps none with that seq. */
export const SNAPSHOT = `
local at = redis.call('HGET', '${SNAPSHOT_TIMES}' .. ARGV[1], ARGV[2])
if not at then return {} end
return {at, redis.call('HGET', '${SNAPSHOT_DATA}' .. ARGV[1], ARGV[2])}
`;

/** ARGV: visitedBefore, batch. Forgets up to `batch` rooms last visited before then; returns how many. */
export const EXPIRE = `
local rooms = redis.call('ZRANGEBYSCORE', '${ROOM_VISITS}', '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, room in ipairs(rooms) do
  redis.call('DEL', '${STORED_ROOM}' .. room, '${STORED_ENTRIES}' .. room, '${SNAPSHOT_TIMES}' .. room, '${SNAPSHOT_DATA}' .. room)
  redis.call('ZREM', '${ROOM_VISITS}', room)
end
return #rooms
`;
