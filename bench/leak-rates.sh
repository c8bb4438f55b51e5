#!/usr/bin/env bash
# How fast a leak Paddock keeps alive: the leaky example leaking at a set rate under a steady load,
# with the recycle policy of issue 21 ({"heapAfterGcPercent":70,"memoryPercent":80}), one rate
# after another, each in a fresh app of 256 MiB. Counts failed requests (non-2xx and socket errors,
# wrk's 2 s timeout), recycles (the fast path's, whose reason says how fast the heap grows, and the
# others) and deaths.
#
#   bench/leak-rates.sh [seconds per rate] [rates in MiB/s...]   (default 60 2 8 16 32)
#
# Needs ./paddock test's setup, a build (./mvnw -q -DskipTests package), wrk and jq. Prints the
# table and writes it into docs/benchmarks/leak.md, between its "leak rates" markers.
set -euo pipefail
cd "$(dirname "$0")/.."
phase=${1:-60}
shift || true
rates=("${@:-2 8 16 32}")
read -r -a rates <<<"${rates[*]}"
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar leaky_jar=examples/leaky/target/leaky.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "$leaky_jar" wrk jq curl python3 docker
# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh

policy='{"heapAfterGcPercent":70,"memoryPercent":80}' conns=4 pause=10
call -X POST "$api" -d '{"name":"bench"}' >/dev/null
rows="| leak (MiB/s) | requests (req/s) | failed | recycles (fast path) | deaths | heap max | lead asked | heap after GC at the fast recycles |
|---:|---:|---:|---:|---:|---:|---:|---|"
kept=none
for rate in "${rates[@]}"; do
  app=leak$rate app_api=$api/bench/apps/leak$rate
  call -X POST "$api/bench/apps" -d "{\"name\":\"$app\",\"limits\":{\"memory\":\"256MiB\"}}" >/dev/null
  call -X PUT "$app_api/env" -d "{\"LEAK_BYTES_PER_SECOND\":\"$((rate << 20))\"}" >/dev/null
  upload "$app_api" "$leaky_jar"
  rollout "$app_api" deploys
  call -X PUT "$app_api/recycle" -d "$policy" >/dev/null
  answers "$app.bench"
  echo "leaking $rate MiB/s for $phase s" >&2
  wrk -t1 -c"$conns" -d"${phase}s" -s bench/leak/wrk.lua -H "Host: $app.bench.localhost" "$edge/" -- "$pause" \
    >"$data/$rate.wrk" 2>&1 || true
  grep -q '^result requests' "$data/$rate.wrk" || { cat "$data/$rate.wrk" >&2; exit 1; }
  call "$app_api/events?limit=500" >"$data/$rate.events"
  figure() { awk -v k="$1" '$1 == "result" && $2 == k {print $3}' "$data/$rate.wrk"; }
  requests=$(figure requests) non2xx=$(figure non2xx) errors=$(figure errors)
  seconds=$(awk -v us="$(figure duration_us)" 'BEGIN {printf "%.1f", us / 1e6}')
  failed=$((non2xx + errors))
  recycles=$(jq '[.[] | select(.type == "sandbox.recycled")] | length' "$data/$rate.events")
  fast=$(jq '[.[] | select(.type == "sandbox.recycled" and (.message | contains("growing")))] | length' "$data/$rate.events")
  deaths=$(jq '[.[] | select(.type == "sandbox.crashed")] | length' "$data/$rate.events")
  heap_max=$(jq -r '[.[] | .message | capture("of (?<m>[0-9]+ MiB)\\), growing") | .m] | first // "–"' "$data/$rate.events")
  lead=$(jq -r '[.[] | .message | capture("a replacement needs ~(?<s>[0-9.]+ s)") | .s] | first // "–"' "$data/$rate.events")
  at=$(jq -r '[.[] | .message | capture("heap after GC at (?<p>[0-9]+%)[^,]*, growing (?<g>[0-9.]+) MiB/s: full in ~(?<f>[0-9.]+ s)") | "\(.p) (\(.g) MiB/s, full in \(.f))"] | reverse | join(", ")' "$data/$rate.events")
  rps=$(awk -v r="$requests" -v s="$seconds" 'BEGIN {printf "%.0f", r / s}')
  rows+=$'\n'"| $rate | $requests ($rps) | $failed ($non2xx non-2xx, $errors socket errors) | $recycles ($fast) | $deaths | $heap_max | $lead | ${at:-–} |"
  if [ "$failed" = 0 ] && [ "$deaths" = 0 ] && [ "$recycles" -gt 0 ]; then kept="$rate MiB/s"; fi
  call -X DELETE "$app_api" >/dev/null
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$rows"
echo "fastest leak kept alive with no failed request and no death: $kept"

out=docs/benchmarks/leak.md
section="<!-- leak rates -->
## How fast a leak is kept alive

\`bench/leak-rates.sh $phase ${rates[*]}\` on $(date -u +%Y-%m-%d): $(nproc) cores, load average $load at the start
and $load_end at the end. One app at a time, 256 MiB (its heap max below), the leaky example with
\`LEAK_BYTES_PER_SECOND\` set (it keeps that rate's worth of 64 KiB \`LeakedChunk\`s per second of
load), the policy \`$policy\` (sampling every ${PADDOCK_METRICS_INTERVAL:-1s}, \`sustainedFor\` 30 s), and
\`wrk -t1 -c$conns\` through httpd with a pause of $pause ms before each request, for $phase s per rate. A
fast-path recycle is one whose reason says how fast the heap grows: the runner answered the control
plane's held-open \`/pressure\` ask because its heap after GC would be full sooner than a replacement
needs (the lead asked: twice the JVM's own start plus 3 s, at least 5 s).

$rows

The fastest leak kept alive (no failed request, no death, recycled): **$kept**.
<!-- /leak rates -->"
if grep -q '^<!-- leak rates -->$' "$out"; then
  python3 - "$out" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
text = re.sub(r"<!-- leak rates -->.*<!-- /leak rates -->", lambda m: section, text, flags=re.S)
open(path, "w").write(text)
PY
else
  printf '\n%s\n' "$section" >>"$out"
fi
echo "wrote $out"
