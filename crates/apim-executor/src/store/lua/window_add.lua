-- Sliding-window add (tokens counted after the response), atomic in Redis.
-- KEYS as window_admit.lua; ARGV: now, period_ms, amount.
-- Returns the window's total after adding.
local now = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local add = tonumber(ARGV[3])

local total = tonumber(redis.call('HGET', KEYS[2], 'total')) or 0
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - period)
if #expired > 0 then
  for i = 1, #expired do
    total = total - (tonumber(string.match(expired[i], ':(%-?%d+)$')) or 0)
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
  redis.call('HSET', KEYS[2], 'total', string.format('%d', total))
end
if add ~= 0 then
  local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
  redis.call('ZADD', KEYS[1], now, seq .. ':' .. ARGV[3])
  total = redis.call('HINCRBY', KEYS[2], 'total', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], period + 1000)
  redis.call('PEXPIRE', KEYS[2], period + 1000)
end
return total
