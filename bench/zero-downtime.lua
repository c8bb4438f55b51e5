-- wrk script for bench/zero-downtime.sh: counts responses by status in every wrk thread and, when
-- wrk is done (its duration is over or it got SIGINT), prints one "result" line per figure.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
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
  local e = summary.errors
  io.write(string.format("result requests %d\n", summary.requests))
  io.write(string.format("result duration_us %d\n", summary.duration))
  io.write(string.format("result errors connect %d read %d write %d timeout %d status %d\n",
    e.connect, e.read, e.write, e.timeout, e.status))
  io.write(string.format("result latency_us p50 %d p90 %d p99 %d max %d\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
  for status, count in pairs(totals) do
    if status < 200 or status > 299 then
      io.write(string.format("result status %d %d\n", status, count))
    end
  end
end
