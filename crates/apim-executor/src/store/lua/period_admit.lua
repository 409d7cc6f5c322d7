-- Fixed-period admit, atomic in Redis.
-- KEYS[1]: hash {start, calls, bytes}
-- ARGV: start, calls limit ('' = none), bytes limit ('' = none), needed, add, ttl_ms (0 = keep)
-- Returns {accepted (0/1), start, calls, bytes} after this call.
local start = ARGV[1]
local calls, bytes = 0, 0
if redis.call('HGET', KEYS[1], 'start') == start then
  calls = tonumber(redis.call('HGET', KEYS[1], 'calls')) or 0
  bytes = tonumber(redis.call('HGET', KEYS[1], 'bytes')) or 0
end
local needed = tonumber(ARGV[4])
local add = tonumber(ARGV[5])
local calls_out = ARGV[2] ~= '' and calls + needed > tonumber(ARGV[2])
local bytes_out = ARGV[3] ~= '' and bytes >= tonumber(ARGV[3])
local accepted = not calls_out and not bytes_out
if accepted then
  calls = calls + add
end
-- %d: Lua would write large numbers in exponent notation.
redis.call('HSET', KEYS[1], 'start', start, 'calls', string.format('%d', calls), 'bytes', string.format('%d', bytes))
local ttl = tonumber(ARGV[6])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
else
  redis.call('PERSIST', KEYS[1])
end
return {accepted and 1 or 0, tonumber(start), calls, bytes}
