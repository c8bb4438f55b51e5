-- wrk script for bench/leak.sh: counts responses by status in every wrk thread and, when wrk is
-- done, prints one "result" line per figure. With an argument (wrk … -- <ms>), each connection
-- waits that many milliseconds before each request: a steady, bounded rate of about
-- connections × 1000 / (ms + latency) requests per second.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  pause = tonumber(args[1] or "0")
end

function delay()
  return pause
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  local non2xx = 0
  for status, count in pairs(totals) do
    if status < 200 or status > 299 then
      non2xx = non2xx + count
    end
  end
  local e = summary.errors
  io.write(string.format("result requests %d\n", summary.requests))
  io.write(string.format("result duration_us %d\n", summary.duration))
  io.write(string.format("result non2xx %d\n", non2xx))
  io.write(string.format("result errors %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("result latency_us p50 %d p99 %d max %d\n",
    latency:percentile(50), latency:percentile(99), latency.max))
  for status, count in pairs(totals) do
    if status < 200 or status > 299 then
      io.write(string.format("result status %d %d\n", status, count))
    end
  end
end
