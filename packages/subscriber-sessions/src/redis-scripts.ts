/**
 * Lua scripts that make each accounting change one atomic step in Redis, so two gateway
 * instances (or two listeners) can never interleave a Start with a Stop and leave the wrong
 * holder. Each address key holds the whole session as JSON plus `k` (all its address keys) and
 * `z` (its NAS index key); a NAS index is a sorted set of address keys scored by expiry.
 */

/** KEYS: the session's address keys…, then its NAS index. ARGV: session JSON, nas, id, event, ttl ms, expiresAt, now. */
export const RECORD_SCRIPT = `
local n = #KEYS - 1
local zkey = KEYS[#KEYS]
local nas, sid, event = ARGV[2], ARGV[3], tonumber(ARGV[4])
local ttl, expires, now = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local holders = {}
for i = 1, n do
  local raw = redis.call('GET', KEYS[i])
  if raw then
    local h = cjson.decode(raw)
    if tonumber(h.lastEventAt) > event then return 'stale' end
    holders[#holders + 1] = h
  end
end
local session = cjson.decode(ARGV[1])
local outcome = 'created'
for _, h in ipairs(holders) do
  if h.nas == nas and h.accountingSessionId == sid then
    if outcome == 'created' then outcome = 'refreshed' end
    if tonumber(h.startedAt) < tonumber(session.startedAt) then session.startedAt = h.startedAt end
  else
    outcome = 'replaced'
  end
  for _, k in ipairs(h.k) do
    redis.call('DEL', k)
    redis.call('ZREM', h.z, k)
  end
end
local value = cjson.encode(session)
for i = 1, n do
  redis.call('SET', KEYS[i], value, 'PX', ttl)
  redis.call('ZADD', zkey, expires, KEYS[i])
end
redis.call('ZREMRANGEBYSCORE', zkey, '-inf', now)
if redis.call('PTTL', zkey) < ttl then redis.call('PEXPIRE', zkey, ttl) end
return outcome
`;

/** KEYS: address keys named by the Stop. ARGV: nas, accounting session id. */
export const STOP_SCRIPT = `
local stopped = 0
for i = 1, #KEYS do
  local raw = redis.call('GET', KEYS[i])
  if raw then
    local h = cjson.decode(raw)
    if h.nas == ARGV[1] and h.accountingSessionId == ARGV[2] then
      for _, k in ipairs(h.k) do
        redis.call('DEL', k)
        redis.call('ZREM', h.z, k)
      end
      stopped = 1
    end
  end
end
return stopped
`;

/** KEYS: the NAS index. ARGV: nas. Drops every session the NAS holds; returns how many. */
export const DROP_NAS_SCRIPT = `
local dropped = 0
for _, key in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local raw = redis.call('GET', key)
  if raw then
    local h = cjson.decode(raw)
    if h.nas == ARGV[1] then
      redis.call('DEL', key)
      if h.k[1] == key then dropped = dropped + 1 end
    end
  end
end
redis.call('DEL', KEYS[1])
return dropped
`;
