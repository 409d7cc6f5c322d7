-- Sliding-window add (tokens counted after the response), atomic in Redis.
-- KEYS as window_admit.lua; ARGV: now, period_ms, amount.
-- Returns the window's total after adding.
local now = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local add = tonumber(ARGV[3])

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
if add ~= 0 then
  local seq = redis.call('INCR', KEYS[2])
  redis.call('ZADD', KEYS[1], now, seq .. ':' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], period + 1000)
  redis.call('PEXPIRE', KEYS[2], period + 1000)
end
local hits = redis.call('ZRANGE', KEYS[1], 0, -1)
local total = 0
for i = 1, #hits do
  total = total + (tonumber(string.match(hits[i], ':(%-?%d+)$')) or 0)
end
return total
