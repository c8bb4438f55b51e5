-- wrk script for bench/throughput.sh: prints one "result" line with the run's figures. No
-- response() hook, so wrk parses responses in C at full speed; errors.status counts the
-- responses with a status of 400 or more (wrk's "Non-2xx or 3xx responses").
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("result %d %d %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect, e.read, e.write, e.timeout))
end
