-- Sliding-window admit, atomic in Redis.
-- KEYS[1]: sorted set of hits (score: when, member: "<seq>:<amount>")
-- KEYS[2]: the counter that makes members unique
-- ARGV: now, period_ms, limit, needed, add
-- Returns {accepted (0/1), total before adding, retry_after_ms (0 when accepted)}.
local now = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local needed = tonumber(ARGV[4])
local add = tonumber(ARGV[5])

local function amount(member)
  return tonumber(string.match(member, ':(%-?%d+)$')) or 0
end

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
local hits = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local total = 0
for i = 1, #hits, 2 do
  total = total + amount(hits[i])
end

if total + needed <= limit then
  if add ~= 0 then
    local seq = redis.call('INCR', KEYS[2])
    redis.call('ZADD', KEYS[1], now, seq .. ':' .. ARGV[5])
    -- Hits older than the period no longer count: Redis may forget the keys then.
    redis.call('PEXPIRE', KEYS[1], period + 1000)
    redis.call('PEXPIRE', KEYS[2], period + 1000)
  end
  return {1, total, 0}
end

-- Oldest first: when does enough expire for `needed` more to fit?
local left = total
for i = 1, #hits, 2 do
  left = left - amount(hits[i])
  if left + needed <= limit then
    return {0, total, math.max(tonumber(hits[i + 1]) + period - now, 1000)}
  end
end
return {0, total, math.max(period, 1000)}
