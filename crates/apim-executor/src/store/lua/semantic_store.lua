-- Adds one semantic-cache entry to its partition's hash, dropping expired entries.
-- KEYS[1]: hash of entries; field "<expires>:<seq>", value the entry's JSON; field "#seq"
-- makes fields unique.
-- ARGV: now, expires, entry JSON
local now = tonumber(ARGV[1])
local expires = tonumber(ARGV[2])
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  local at = tonumber(string.match(field, '^(%-?%d+):'))
  if at and at <= now then
    redis.call('HDEL', KEYS[1], field)
  end
end
local seq = redis.call('HINCRBY', KEYS[1], '#seq', 1)
redis.call('HSET', KEYS[1], ARGV[2] .. ':' .. seq, ARGV[3])
-- The hash lives as long as its longest-lived entry.
local ttl = expires - now
if redis.call('PTTL', KEYS[1]) < ttl then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return 1
