-- Sliding-window admit, atomic in Redis.
-- KEYS[1]: sorted set of hits (score: when, member: "<seq>:<amount>")
-- KEYS[2]: hash {seq: makes members unique, total: the amounts in KEYS[1]}
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

-- Only what leaves the window is read: the running total covers the rest.
local total = tonumber(redis.call('HGET', KEYS[2], 'total')) or 0
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - period)
if #expired > 0 then
  for i = 1, #expired do
    total = total - amount(expired[i])
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
  redis.call('HSET', KEYS[2], 'total', string.format('%d', total))
end

if total + needed <= limit then
  if add ~= 0 then
    local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
    redis.call('ZADD', KEYS[1], now, seq .. ':' .. ARGV[5])
    redis.call('HINCRBY', KEYS[2], 'total', ARGV[5])
    -- Hits older than the period no longer count: Redis may forget both keys then.
    redis.call('PEXPIRE', KEYS[1], period + 1000)
    redis.call('PEXPIRE', KEYS[2], period + 1000)
  end
  return {1, total, 0}
end

-- Oldest first: when does enough expire for `needed` more to fit?
local hits = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local left = total
for i = 1, #hits, 2 do
  left = left - amount(hits[i])
  if left + needed <= limit then
    return {0, total, math.max(tonumber(hits[i + 1]) + period - now, 1000)}
  end
end
return {0, total, math.max(period, 1000)}
