-- wrk script: etcd puts through its JSON gRPC gateway (/v3/kv/put), each
-- request a fresh key with a 256-byte value, base64 as the gateway wants.
-- done() prints one line for scripts/bench.
local b64chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

local function b64(data)
  return ((data:gsub('.', function(x)
    local r, b = '', x:byte()
    for i = 8, 1, -1 do r = r .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0 and '1' or '0') end
    return r
  end) .. '0000'):gsub('%d%d%d?%d?%d?%d?', function(x)
    if #x < 6 then return '' end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == '1' and 2 ^ (6 - i) or 0) end
    return b64chars:sub(c + 1, c + 1)
  end) .. ({ '', '==', '=' })[#data % 3 + 1])
end

local value = b64(string.rep('x', 256))
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set('thread_id', #threads)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local key = b64(string.format('bench/%d/%d', thread_id, counter % 100000))
  return wrk.format('POST', nil, { ['Content-Type'] = 'application/json' },
    '{"key":"' .. key .. '","value":"' .. value .. '"}')
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local bad = summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.status + summary.errors.timeout
  io.write(string.format('etcd requests=%d seconds=%.3f ops=%.0f p50_ms=%.3f p99_ms=%.3f failed=%d\n',
    summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, bad))
end
