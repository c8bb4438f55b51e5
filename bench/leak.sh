#!/usr/bin/env bash
# A leaky app under a steady load, first without and then with a recycle policy, next to a
# neighbour app under its own load. The leaky example keeps LEAK_BYTES of every request for ever:
# without a policy its JVM runs out of memory and dies, again and again; with one, Paddock replaces
# it before that, without losing a request. Meanwhile the neighbour's latency should not suffer.
#
#   bench/leak.sh [phase seconds] [baseline seconds]   (default 120 20)
#   RATE=100 LEAK_BYTES=32768 bench/leak.sh …          (the leaky app's load and leak per request)
#   HEAP_PERCENT=60 bench/leak.sh …                    (the policy's heapAfterGcPercent)
#
# Needs ./paddock test's setup, a build (./mvnw -q -DskipTests package), wrk and jq. Prints the
# figures and writes them, with the machine's figures, to docs/benchmarks/leak.md, and a chart of
# memory over time to docs/benchmarks/leak.png.
set -euo pipefail
cd "$(dirname "$0")/.."
phase=${1:-120} baseline=${2:-20} rate=${RATE:-100} leak=${LEAK_BYTES:-32768}
leaky_conns=2 heap_percent=${HEAP_PERCENT:-60} sustained_s=5
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
leaky_jar=examples/leaky/target/leaky.jar hello_jar=examples/hello-handler/target/hello-handler.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "$leaky_jar" "$hello_jar" wrk jq curl python3 docker

# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh
leaky_api=$api/bench/apps/leaky neighbour_api=$api/bench/apps/neighbour

call -X POST "$api" -d '{"name":"bench"}' >/dev/null
call -X POST "$api/bench/apps" -d '{"name":"leaky","limits":{"memory":"256MiB"}}' >/dev/null
# Before the first deploy, the env shapes the first release.
call -X PUT "$leaky_api/env" -d "{\"LEAK_BYTES\":\"$leak\"}" >/dev/null
upload "$leaky_api" "$leaky_jar"
call -X POST "$api/bench/apps" -d '{"name":"neighbour"}' >/dev/null
upload "$neighbour_api" "$hello_jar"
rollout "$leaky_api" deploys
rollout "$neighbour_api" deploys
answers leaky.bench && answers neighbour.bench
described='.limits | "\(.memory) of memory, \(.cpus) CPU\(if .cpus == 1 then "" else "s" end)"'
limits=$(call "$leaky_api" | jq -r "$described") neighbour_limits=$(call "$neighbour_api" | jq -r "$described")

lua=bench/leak/wrk.lua
pause=$(( leaky_conns * 1000 / rate ))
# Runs wrk for $2 s on the neighbour and, if $3 is set, on the leaky app too; output in
# $data/$1.neighbour and $data/$1.leaky.
drive() {
  local label=$1 seconds=$2 leaky=${3:-}
  background=()
  wrk -t1 -c4 -d"${seconds}s" --latency -s "$lua" -H "Host: neighbour.bench.localhost" "$edge/" \
    >"$data/$label.neighbour" 2>&1 &
  background+=($!)
  if [ -n "$leaky" ]; then
    wrk -t1 -c"$leaky_conns" -d"${seconds}s" --latency -s "$lua" -H "Host: leaky.bench.localhost" \
      "$edge/" -- "$pause" >"$data/$label.leaky" 2>&1 &
    background+=($!)
  fi
  local pid
  for pid in "${background[@]}"; do wait "$pid" || true; done
  background=()
  for f in neighbour ${leaky:+leaky}; do
    grep -q '^result requests' "$data/$label.$f" || { cat "$data/$label.$f" >&2; exit 1; }
  done
}
# Figure $2 (a result line's key, then the field) of wrk output $1.
figure() { awk -v k="$2" -v n="${3:-3}" '$1 == "result" && $2 == k {print $n}' "$data/$1"; }
ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }

echo "neighbour warm-up, 5 s; then its baseline, $baseline s, with the leaky app idle" >&2
drive warmup 5
drive baseline "$baseline"

# A phase: the leaky app's load and the neighbour's for $phase s. Records when it ran.
run_phase() {
  local label=$1
  echo "phase '$label': $phase s of about $rate req/s on the leaky app, $leak bytes kept per request" >&2
  now_ms >"$data/$label.start"
  drive "$label" "$phase" leaky
  now_ms >"$data/$label.end"
  # The samples of the phase, with a little margin for the chart.
  call "$leaky_api/metrics?last=PT$((phase + 30))S" >"$data/$label.metrics.json"
}

run_phase no-policy
echo "restarting the leaky app to begin clean, then a recycle policy" >&2
rollout "$leaky_api" restart
# The sandboxes of phase 1 drain: wait until they are gone, and leave them out of phase 2's figures.
jq -r '.instances[].sandbox' "$data/no-policy.metrics.json" | sort -u >"$data/before-restart"
deadline=$((SECONDS + 30))
while read -r old; do
  until [ -z "$(docker ps -aq --filter "name=^$old\$" </dev/null)" ] || [ $SECONDS -ge $deadline ]; do sleep 0.2; done
done <"$data/before-restart"
policy="{\"heapAfterGcPercent\":$heap_percent,\"sustainedFor\":\"PT${sustained_s}S\"}"
call -X PUT "$leaky_api/recycle" -d "$policy" >/dev/null
answers leaky.bench
run_phase policy
echo "the neighbour again, $baseline s, with the leaky app idle" >&2
drive after "$baseline"
call "$leaky_api/events?limit=500" >"$data/events.json"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# jq: an ISO-8601 instant as epoch milliseconds.
jq_ms='def ms: capture("^(?<s>[^.Z]+)(\\.(?<f>[0-9]+))?Z$")
  | ((.s + "Z") | fromdateiso8601) * 1000 + (((.f // "") + "000")[0:3] | tonumber);'
# The leaky app's events of phase $1, oldest first, as "<seconds into the phase> <type> <first line>".
phase_events() {
  jq -r --argjson t0 "$(cat "$data/$1.start")" --argjson t1 "$(cat "$data/$1.end")" "$jq_ms"'
    [.[] | (.at | ms) as $at | select($at >= $t0 and $at <= $t1)
      | {t: (($at - $t0) / 1000), type, line: (.message | split("\n")[0])}] | sort_by(.t)[]
    | "\(.t * 10 | round / 10)\t\(.type)\t\(.line)"' "$data/events.json"
}
# The phase's samples (in phase 2 without the sandboxes of phase 1), as "<sandbox> <seconds into the phase> <memory> <heap after GC> <limit> <heap max>" in bytes.
phase_samples() {
  local skip='[]'
  [ "$1" != policy ] || skip=$(jq -Rn '[inputs]' "$data/before-restart")
  jq -r --argjson t0 "$(cat "$data/$1.start")" --argjson t1 "$(cat "$data/$1.end")" --argjson skip "$skip" "$jq_ms"'
    .instances[] | .sandbox as $s | select($skip | index($s) | not) | .samples[] | (.at | ms) as $at | select($at >= $t0 - 1000 and $at <= $t1)
    | "\($s)\t\(($at - $t0) / 1000)\t\(.memoryBytes)\t\(.heapAfterGcBytes // "")\t\(.memoryLimitBytes)\t\(.heapMaxBytes // "")"' \
    "$data/$1.metrics.json"
}
mib() { awk -v b="$1" 'BEGIN {printf "%.0f", b / 1048576}'; }
# Column $2's maximum of the samples of phase $1.
peak() { phase_samples "$1" | awk -F'\t' -v c="$2" '$c != "" && $c > m {m = $c} END {printf "%d", m}'; }

declare -A row
for p in no-policy policy; do
  phase_events "$p" >"$data/$p.events"
  phase_samples "$p" >"$data/$p.samples"
  requests=$(figure "$p.leaky" requests) non2xx=$(figure "$p.leaky" non2xx) errors=$(figure "$p.leaky" errors)
  seconds=$(awk -v us="$(figure "$p.leaky" duration_us)" 'BEGIN {printf "%.1f", us / 1e6}')
  statuses=$(awk '$1 == "result" && $2 == "status" {printf "%s%s: %s", sep, $3, $4; sep = ", "}' "$data/$p.leaky")
  recycles=$(awk -F'\t' '$2 == "sandbox.recycled"' "$data/$p.events" | wc -l)
  deaths=$(awk -F'\t' '$2 == "sandbox.crashed"' "$data/$p.events" | wc -l)
  killed=$(awk -F'\t' '$2 == "sandbox.crashed" && /killed for exceeding its memory limit/' "$data/$p.events" | wc -l)
  ooms=$(awk -F'\t' '$2 == "sandbox.crashed" && /OutOfMemoryError/' "$data/$p.events" | wc -l)
  limit=$(awk -F'\t' 'NR == 1 {print $5}' "$data/$p.samples")
  heap_max=$(awk -F'\t' '$6 != "" {print $6; exit}' "$data/$p.samples")
  row[$p.rps]=$(awk -v r="$requests" -v s="$seconds" 'BEGIN {printf "%.0f", r / s}')
  row[$p.ok]=$(awk -v r="$((requests - non2xx))" -v s="$seconds" 'BEGIN {printf "%.1f", r / s}')
  row[$p.requests]="$((requests - non2xx)) of $requests in $seconds s (${row[$p.rps]} req/s)"
  row[$p.failed]="$((non2xx + errors)) ($non2xx non-2xx${statuses:+: $statuses}; $errors socket errors)"
  row[$p.recycles]=$recycles
  row[$p.deaths]="$deaths ($killed killed for exceeding the memory limit, $ooms OutOfMemoryError)"
  row[$p.memory]="$(mib "$(peak "$p" 3)") of $(mib "${limit:-0}")"
  row[$p.heap]="$(mib "$(peak "$p" 4)") of $(mib "${heap_max:-0}")"
  row[$p.latency]="$(ms "$(figure "$p.leaky" latency_us 4)") / $(ms "$(figure "$p.leaky" latency_us 6)") / $(ms "$(figure "$p.leaky" latency_us 8)")"
  row[$p.samples]=$(wc -l <"$data/$p.samples")
done
# The median time between two samples of one sandbox, over the phases.
spacing=$(cat "$data/no-policy.samples" "$data/policy.samples" \
  | awk -F'\t' '$1 == s {print $2 - t} {s = $1; t = $2}' | sort -g \
  | awk '{a[NR] = $1} END {printf "%.1f", NR == 0 ? 0 : a[int((NR + 1) / 2)]}')
# When heap after GC first read 10% of heap max or more in phase 1: the seconds into the phase,
# that reading in MiB and in % of heap max, and container memory then in MiB.
read -r first_t first_mib first_percent first_memory < <(sort -t$'\t' -k2,2g "$data/no-policy.samples" \
  | awk -F'\t' '$4 != "" && $6 != "" && $4 >= $6 / 10 {printf "%.0f %.0f %.0f %.0f\n", $2, $4 / 1048576, 100 * $4 / $6, $3 / 1048576; found = 1; exit}
    END {if (!found) print "- - - -"}')
phases="| leaky app | no policy | policy |
|---|---|---|
| requests answered 2xx | ${row[no-policy.requests]} | ${row[policy.requests]} |
| failed requests | ${row[no-policy.failed]} | ${row[policy.failed]} |
| recycles (\`sandbox.recycled\`) | ${row[no-policy.recycles]} | ${row[policy.recycles]} |
| deaths (\`sandbox.crashed\`) | ${row[no-policy.deaths]} | ${row[policy.deaths]} |
| peak container memory (MiB) | ${row[no-policy.memory]} | ${row[policy.memory]} |
| peak heap after GC (MiB) | ${row[no-policy.heap]} | ${row[policy.heap]} |
| latency p50 / p99 / max (ms) | ${row[no-policy.latency]} | ${row[policy.latency]} |"

ratio() { awk -v x="$1" -v y="$2" 'BEGIN {printf "%.2f", x / y}'; }
b50=$(figure baseline.neighbour latency_us 4) b99=$(figure baseline.neighbour latency_us 6)
within=yes
neighbour="| neighbour | req/s | p50 (ms) | p99 (ms) | p50 / baseline | p99 / baseline | failed |
|---|---:|---:|---:|---:|---:|---:|"
for p in baseline no-policy policy after; do
  f=$p.neighbour
  p50=$(figure "$f" latency_us 4) p99=$(figure "$f" latency_us 6)
  rps=$(awk -v r="$(figure "$f" requests)" -v us="$(figure "$f" duration_us)" 'BEGIN {printf "%.0f", r / (us / 1e6)}')
  label=$p
  [ "$p" != baseline ] || label="baseline (leaky app idle)"
  [ "$p" != after ] || label="after (leaky app idle again)"
  neighbour+=$'\n'"| $label | $rps | $(ms "$p50") | $(ms "$p99") | $(ratio "$p50" "$b50") | $(ratio "$p99" "$b99") | $(( $(figure "$f" non2xx) + $(figure "$f" errors) )) |"
  [ "$p" = after ] || awk -v a="$p50" -v b="$b50" -v c="$p99" -v d="$b99" 'BEGIN {exit !(a <= 1.25 * b && c <= 1.25 * d)}' || within=no
done
# The phases' events, one line each.
events=""
for p in no-policy policy; do
  while IFS=$'\t' read -r t type line; do
    events+=$'\n'"- $p, ${t} s: \`$type\` $line"
  done <"$data/$p.events"
done

echo
echo "$phases"
echo
echo "$neighbour"
echo "$events"

# MiB leaked per second: each 2xx response kept LEAK_BYTES.
leak_rate=$(awk -v a="${row[no-policy.ok]}" -v b="${row[policy.ok]}" -v l="$leak" 'BEGIN {printf "%.1f", (a + b) / 2 * l / 1048576}')
out=docs/benchmarks/leak.md png=docs/benchmarks/leak.png
# The settings that differ from the defaults, as the command line had them.
settings=$([ "$rate" = 100 ] || printf 'RATE=%s ' "$rate"; [ "$leak" = 32768 ] || printf 'LEAK_BYTES=%s ' "$leak"
  [ "$heap_percent" = 60 ] || printf 'HEAP_PERCENT=%s ' "$heap_percent")
mkdir -p "$(dirname "$out")"
# bench/leak-rates.sh's section of the page stays as it is.
rates_section=$(sed -n '/^<!-- leak rates -->$/,/^<!-- \/leak rates -->$/p' "$out" 2>/dev/null || true)
{
  printf 'title\tThe leaky app'"'"'s memory: %s KiB kept per request, %s and %s req/s (%s MiB/s)\n' \
    "$((leak / 1024))" "${row[no-policy.rps]}" "${row[policy.rps]}" "$leak_rate"
  for p in no-policy policy; do
    label="without a recycle policy" && [ "$p" = no-policy ] || label="recycle policy: heap after GC ≥ $heap_percent% for $sustained_s s"
    printf 'panel\t%s\t%s\t%s\n' "$p" "$label" "$phase"
    awk -F'\t' -v p="$p" 'NR == 1 {printf "limit\t%s\t%.1f\n", p, $5 / 1048576}
      $6 != "" && !h {printf "heapmax\t%s\t%.1f\n", p, $6 / 1048576; h = 1}' "$data/$p.samples"
    awk -F'\t' -v p="$p" '{printf "sample\t%s\t%s\t%s\t%.1f\t%s\n", p, $1, $2, $3 / 1048576, ($4 == "" ? "" : sprintf("%.1f", $4 / 1048576))}' "$data/$p.samples"
    awk -F'\t' -v p="$p" '$2 == "sandbox.recycled" || $2 == "sandbox.crashed" {sub(/^sandbox\./, "", $2); printf "event\t%s\t%s\t%s\n", p, $1, $2}' "$data/$p.events"
  done
} >"$data/chart.tsv"
"$JAVA_HOME/bin/java" -Djava.awt.headless=true bench/leak/Chart.java "$data/chart.tsv" "$png"

{
  echo "# Leak recycling: a leaky app with and without a recycle policy, and its neighbour"
  echo
  echo "\`${settings}bench/leak.sh $phase $baseline\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB, load average $load at the start and $load_end at the end, Docker $(docker version -f '{{.Server.Version}}'),"
  echo "$(/usr/sbin/apache2 -v | head -1 | sed 's/Server version: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo
  echo "Two apps run side by side behind httpd. \`leaky\` ($limits) serves the leaky example, which"
  echo "keeps LEAK_BYTES=$leak bytes of every request reachable for ever; its heap is sized from its memory"
  echo "limit. \`neighbour\` ($neighbour_limits) serves the hello handler. Paddock is asked to sample every"
  echo "sandbox every second (\`PADDOCK_METRICS_INTERVAL=1s\`); the samples came every $spacing s (median), as"
  echo "the interval is the pause between two sampling passes. The leaky app gets a steady load: \`wrk -t1"
  echo "-c$leaky_conns\` with a pause of $pause ms before each request on each connection (bench/leak/wrk.lua),"
  echo "aiming at $rate req/s; it got ${row[no-policy.rps]} and ${row[policy.rps]}, so the app leaked about $leak_rate MiB/s of 2xx responses."
  echo "The neighbour gets \`wrk -t1 -c4 --latency\` without pause:"
  echo "first a 5 s warm-up and a $baseline s baseline while the leaky app is deployed but idle, then alongside"
  echo "each phase, and $baseline s once more after them. Phase 1, \"no policy\", runs the load for $phase s: the leaky JVM fills its heap and dies,"
  echo "and Paddock starts it again. Then \`POST …/restart\` (waited until live and the old sandbox gone)"
  echo "gives a clean sandbox,"
  echo "\`PUT …/recycle $policy\` sets a policy, and phase 2, \"policy\", runs the same load for"
  echo "$phase s. Failed requests are non-2xx responses and socket errors (wrk's timeout is 2 s);"
  echo "recycles and deaths count the app's \`sandbox.recycled\` and \`sandbox.crashed\` events within"
  echo "the phase; peaks are over the phase's samples from \`GET …/metrics\` (${row[no-policy.samples]} and ${row[policy.samples]} samples, all"
  echo "sandboxes of the app)."
  echo
  echo "$phases"
  echo
  echo "The neighbour's latency, each run measured by wrk for its whole duration (both phases within 25%"
  echo "of the baseline at p50 and p99: $within; the run after the phases shows how much the machine alone"
  echo "moves the figures):"
  echo
  echo "$neighbour"
  echo
  echo "![The leaky app's memory over time, without and with a recycle policy](leak.png)"
  echo
  echo "Container memory is what Docker charges the sandbox (page cache excluded); heap after GC is"
  echo "what the heap's pools held after their last collection. A recycle starts a new sandbox, which"
  echo "takes the traffic once healthy while the old one drains: for a moment both appear."
  if [ "$first_t" != - ] && [ "$first_percent" -ge 40 ]; then
    echo
    echo "Heap after GC does not follow the leak smoothly: in phase 1 it first read 10% of heap max or more"
    echo "$first_t s into the phase, and then at once $first_mib MiB ($first_percent%), while container memory was already"
    echo "$first_memory MiB. With G1 the old generation's figure changes only when a concurrent cycle or a full"
    echo "collection ends, not at young collections, so the reading stays near 0 and then rises in steps."
    if [ "$heap_percent" -lt "$first_percent" ]; then
      echo "The policy's threshold ($heap_percent%) sits below that first step, so that the rule has held for"
      echo "$sustained_s s and the new sandbox is live before the heap is full."
    fi
  fi
  echo
  echo "The events, seconds into each phase:"
  echo "$events"
  [ -z "$rates_section" ] || printf '\n%s\n' "$rates_section"
} >"$out"
echo
echo "wrote $out and $png"
