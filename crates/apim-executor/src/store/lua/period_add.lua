-- Fixed-period add (bytes or tokens counted after the response), atomic in Redis.
-- KEYS[1]: hash {start, calls, bytes}
-- ARGV: start, calls, bytes, ttl_ms (0 = keep)
-- A period replaced by a later one is over: nothing is added to it.
-- Returns {start, calls, bytes} of the period stored after this call.
local start = tonumber(ARGV[1])
local stored = tonumber(redis.call('HGET', KEYS[1], 'start'))
if stored == nil or stored < start then
  redis.call('HSET', KEYS[1], 'start', ARGV[1], 'calls', 0, 'bytes', 0)
  stored = start
end
if stored == start then
  redis.call('HINCRBY', KEYS[1], 'calls', ARGV[2])
  redis.call('HINCRBY', KEYS[1], 'bytes', ARGV[3])
  local ttl = tonumber(ARGV[4])
  if ttl > 0 then
    redis.call('PEXPIRE', KEYS[1], ttl)
  else
    redis.call('PERSIST', KEYS[1])
  end
end
return {stored, tonumber(redis.call('HGET', KEYS[1], 'calls')), tonumber(redis.call('HGET', KEYS[1], 'bytes'))}
