#!/usr/bin/env bash
# A misbehaving tenant next to a well-behaved one. The bombs example misbehaves on demand: /heap
# fills its Java heap until the JVM gives up, /native allocates memory outside the heap until the
# kernel kills it for exceeding its memory limit, /threads starts threads until its pids limit stops
# it, /cpu keeps four threads busy for 4 s and dies of nothing. One phase per kind fires the bomb
# again and again while Paddock restarts what dies; meanwhile the neighbour, another tenant's app
# under a steady load, should keep its latency (the goal: p99 within 25% of its baseline).
#
#   bench/bombs.sh [phase seconds] [baseline seconds]   (default 60 30)
#   RATE=200 bench/bombs.sh …                           (the neighbour's load, req/s)
#   EVERY=5 bench/bombs.sh …                            (seconds between two shots at the bomb app)
#   LIMITS='{"memory":"256MiB","cpus":0.5,"pids":128}' bench/bombs.sh …   (the bomb app's limits)
#
# Needs ./paddock test's setup, a build (./mvnw -q -DskipTests package), wrk and jq. Prints the
# figures and writes them, with the machine's figures, to docs/benchmarks/bombs.md.
set -euo pipefail
cd "$(dirname "$0")/.."
phase=${1:-60} baseline=${2:-30} rate=${RATE:-200} every=${EVERY:-5} conns=4
default_limits='{"memory":"256MiB","cpus":0.5,"pids":128}' bomb_limits=${LIMITS:-$default_limits}
kinds=(heap native threads cpu)
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
bombs_jar=examples/bombs/target/bombs.jar hello_jar=examples/hello-handler/target/hello-handler.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "$bombs_jar" "$hello_jar" wrk jq curl python3 docker

# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh
# Two tenants: quiet runs the neighbour, noisy the bombs.
neighbour_api=$api/quiet/apps/neighbour bombs_api=$api/noisy/apps/bombs

call -X POST "$api" -d '{"name":"quiet"}' >/dev/null
call -X POST "$api" -d '{"name":"noisy"}' >/dev/null
call -X POST "$api/quiet/apps" -d '{"name":"neighbour"}' >/dev/null
upload "$neighbour_api" "$hello_jar"
call -X POST "$api/noisy/apps" -d '{"name":"bombs"}' >/dev/null
# Limits are the app's: set before the first deploy, they shape its first sandbox.
call -X PUT "$bombs_api/limits" -d "$bomb_limits" >/dev/null
upload "$bombs_api" "$bombs_jar"
rollout "$neighbour_api" deploys
rollout "$bombs_api" deploys
answers neighbour.quiet && answers bombs.noisy
described='.limits | "\(.memory) of memory, \(.cpus) CPU\(if .cpus == 1 then "" else "s" end), \(.pids) processes"'
call "$bombs_api" >"$data/bombs.json"
limits=$(jq -r "$described" "$data/bombs.json") pids_limit=$(jq -r .limits.pids "$data/bombs.json")
neighbour_limits=$(call "$neighbour_api" | jq -r "$described")
# How Docker grants the bomb app its CPUs: a quota of CPU time per period, in µs.
read -r quota period < <(docker inspect -f '{{.HostConfig.CpuQuota}} {{.HostConfig.CpuPeriod}}' \
  "$(docker ps -q --filter "label=paddock.managed-by=$name" --filter label=paddock.app=bombs | head -1)")

lua=bench/leak/wrk.lua
pause=$(( conns * 1000 / rate ))
# Fires at the bomb app's /$1 every $every s for $2 s, each shot in the background and given $every s
# at most; one line per shot in $data/$1.shots: its HTTP status (000: no answer).
fire() {
  local i
  : >"$data/$1.shots"
  for ((i = 0; i < $2 / every; i++)); do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time "$every" \
      -H "Host: bombs.noisy.localhost" "$edge/$1" >>"$data/$1.shots" &
    sleep "$every"
  done
  wait
}
# Runs wrk for $2 s on the neighbour, output in $data/$1.neighbour, and if $3 is set fires that bomb
# meanwhile.
drive() {
  local label=$1 seconds=$2 kind=${3:-} pid
  wrk -t1 -c"$conns" -d"${seconds}s" --latency -s "$lua" -H "Host: neighbour.quiet.localhost" \
    "$edge/" -- "$pause" >"$data/$label.neighbour" 2>&1 &
  background=($!)
  if [ -n "$kind" ]; then
    fire "$kind" "$seconds" &
    background+=($!)
  fi
  for pid in "${background[@]}"; do wait "$pid" || true; done
  background=()
  grep -q '^result requests' "$data/$label.neighbour" || { cat "$data/$label.neighbour" >&2; exit 1; }
}
# Waits (30 s at most) until the bomb app has no sandbox left but the live one: what a restart
# replaced has drained and is gone.
settled() {
  local deadline=$((SECONDS + 30))
  until [ "$(docker ps -aq --filter "label=paddock.managed-by=$name" --filter label=paddock.app=bombs | wc -l)" -le 1 ] \
      || [ $SECONDS -ge $deadline ]; do
    sleep 0.2
  done
}
# Figure $2 (a result line's key, then the field) of wrk output $1.
figure() { awk -v k="$2" -v n="${3:-3}" '$1 == "result" && $2 == k {print $n}' "$data/$1"; }
ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }

echo "neighbour warm-up, 5 s without pause; then its baseline, $baseline s, with the bomb app idle" >&2
wrk -t1 -c"$conns" -d5s -H "Host: neighbour.quiet.localhost" "$edge/" >/dev/null
drive baseline "$baseline"
for kind in "${kinds[@]}" after; do
  # Each phase begins with a fresh bomb sandbox and its crash count at 0, so that the restart
  # delays that grow with every crash do not carry over from the phase before.
  echo "restarting the bomb app to begin clean" >&2
  rollout "$bombs_api" restart
  settled && answers bombs.noisy
  [ "$kind" != after ] || break
  echo "phase '$kind': $phase s, the bomb app's /$kind fired every $every s" >&2
  now_ms >"$data/$kind.start"
  drive "$kind" "$phase" "$kind"
  now_ms >"$data/$kind.end"
  # Whether the bomb app still serves once its bomb has stopped going off (000: no answer).
  curl -s -o /dev/null -w '%{http_code}' --max-time "$every" -H "Host: bombs.noisy.localhost" "$edge/" \
    >"$data/$kind.after" || true
  call "$bombs_api/metrics?last=PT$((phase + 30))S" >"$data/$kind.metrics.json"
done
echo "the neighbour again, $baseline s, with the bomb app idle" >&2
drive after "$baseline"
call "$bombs_api/events?limit=500" >"$data/events.json"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# jq: an ISO-8601 instant as epoch milliseconds.
jq_ms='def ms: capture("^(?<s>[^.Z]+)(\\.(?<f>[0-9]+))?Z$")
  | ((.s + "Z") | fromdateiso8601) * 1000 + (((.f // "") + "000")[0:3] | tonumber);'
# The bomb app's events of phase $1, oldest first, as "<seconds into the phase> <type> <first line>".
phase_events() {
  jq -r --argjson t0 "$(cat "$data/$1.start")" --argjson t1 "$(cat "$data/$1.end")" "$jq_ms"'
    [.[] | (.at | ms) as $at | select($at >= $t0 and $at <= $t1)
      | {t: (($at - $t0) / 1000), type, line: (.message | split("\n")[0])}] | sort_by(.t)[]
    | "\(.t * 10 | round / 10)\t\(.type)\t\(.line)"' "$data/events.json"
}
# The most processes in phase $1's samples, all sandboxes of the bomb app, and the number of samples.
peak_pids() {
  jq -r --argjson t0 "$(cat "$data/$1.start")" --argjson t1 "$(cat "$data/$1.end")" "$jq_ms"'
    [.instances[].samples[] | (.at | ms) as $at | select($at >= $t0 and $at <= $t1)]
    | "\(map(.pids) | max // 0) \(length)"' "$data/$1.metrics.json"
}
# The seconds between two samples of one sandbox, one a line, in phase $1.
spacings() {
  jq -r "$jq_ms"'.instances[] | [.samples[].at | ms] | . as $t | range(1; length) | ($t[.] - $t[. - 1]) / 1000' \
    "$data/$1.metrics.json"
}
# Lines on stdin counted by their value: "<count>× <value>", joined by $1.
tally() { sort | uniq -c | sort -rn | awk -v sep="$1" '{n = $1; sub(/^ *[0-9]+ /, ""); printf "%s%d× %s", (NR > 1 ? sep : ""), n, $0}'; }

# The number of events of type $2 in phase $1.
count() { awk -F'\t' -v t="$2" '$2 == t' "$data/$1.events" | wc -l; }

declare -A row
samples=""
for p in "${kinds[@]}"; do
  phase_events "$p" >"$data/$p.events"
  shots=$(wc -l <"$data/$p.shots")
  statuses=$(awk '{print ($1 == "000" ? "no answer" : "HTTP " $1)}' "$data/$p.shots" | tally ', ')
  causes=$(awk -F'\t' '$2 == "sandbox.crashed" {sub(/^Sandbox [^ ]* died: /, "", $3); print $3}' "$data/$p.events" | tally '<br>')
  read -r pids n < <(peak_pids "$p")
  row[$p.shots]="$shots ($statuses)"
  row[$p.deaths]=$(count "$p" sandbox.crashed)
  row[$p.causes]=${causes:--}
  row[$p.started]=$(count "$p" sandbox.started)
  row[$p.unhealthy]=$(count "$p" sandbox.unhealthy)
  row[$p.pids]="$pids of $pids_limit"
  row[$p.after]=$(sed 's/^000$/no answer/; s/^[0-9]/HTTP &/' "$data/$p.after")
  samples+="${samples:+, }$n"
done
spacing=$(for p in "${kinds[@]}"; do spacings "$p"; done | sort -g \
  | awk '{a[NR] = $1} END {printf "%.1f", NR == 0 ? 0 : a[int((NR + 1) / 2)]}')
bombs="| bomb app |$(printf ' %s |' "${kinds[@]}")
|---|$(printf -- '---|%.0s' "${kinds[@]}")"
for r in "shots fired:shots" "deaths (\`sandbox.crashed\`):deaths" "their causes:causes" \
    "sandboxes started (\`sandbox.started\`):started" "replaced as unresponsive (\`sandbox.unhealthy\`):unhealthy" \
    "peak processes:pids" "\`GET /\` at the phase's end:after"; do
  line="| ${r%%:*} |"
  for p in "${kinds[@]}"; do line+=" ${row[$p.${r##*:}]} |"; done
  bombs+=$'\n'"$line"
done

ratio() { awk -v x="$1" -v y="$2" 'BEGIN {printf "%.2f", x / y}'; }
# Whether ratio $1 exceeds ratio $2.
exceeds() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a > b)}'; }
b50=$(figure baseline.neighbour latency_us 4) b99=$(figure baseline.neighbour latency_us 6)
# The bomb phases whose p99 exceeded 1.25 × the baseline's, how many of them had no death, the worst.
over="" over_deathless=0 worst="" worst_ratio=0
neighbour="| neighbour | requests | req/s | non-2xx | socket errors | p50 (ms) | p99 (ms) | max (ms) | p50 / baseline | p99 / baseline |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for p in baseline "${kinds[@]}" after; do
  f=$p.neighbour
  p50=$(figure "$f" latency_us 4) p99=$(figure "$f" latency_us 6) requests=$(figure "$f" requests)
  rps=$(awk -v r="$requests" -v us="$(figure "$f" duration_us)" 'BEGIN {printf "%.0f", r / (us / 1e6)}')
  non2xx=$(figure "$f" non2xx) errors=$(figure "$f" errors)
  row[$p.p99]=$(ratio "$p99" "$b99") row[$p.failed]=$((non2xx + errors))
  case $p in
    baseline) label="baseline (bomb app idle)" ;;
    after) label="after (bomb app idle again)" ;;
    *)
      label="$p bomb"
      if exceeds "${row[$p.p99]}" 1.25; then
        over+="${over:+,} $p ${row[$p.p99]}× (${row[$p.deaths]} deaths)"
        [ "${row[$p.deaths]}" != 0 ] || over_deathless=$((over_deathless + 1))
      fi
      if exceeds "${row[$p.p99]}" "$worst_ratio"; then worst=$p worst_ratio=${row[$p.p99]}; fi ;;
  esac
  neighbour+=$'\n'"| $label | $requests | $rps | $non2xx | $errors | $(ms "$p50") | $(ms "$p99") | $(ms "$(figure "$f" latency_us 8)") | $(ratio "$p50" "$b50") | ${row[$p.p99]} |"
done
# The phases' events, one line each.
events=""
for p in "${kinds[@]}"; do
  while IFS=$'\t' read -r t type line; do
    events+=$'\n'"- $p, ${t} s: \`$type\` $line"
  done <"$data/$p.events"
done

echo
echo "$bombs"
echo
echo "$neighbour"
echo "$events"

out=docs/benchmarks/bombs.md
# The settings that differ from the defaults, as the command line had them.
settings=$([ "$rate" = 200 ] || printf 'RATE=%s ' "$rate"; [ "$every" = 5 ] || printf 'EVERY=%s ' "$every"
  [ "$bomb_limits" = "$default_limits" ] || printf "LIMITS='%s' " "$bomb_limits")
failed_total=0
for p in "${kinds[@]}"; do failed_total=$((failed_total + row[$p.failed])); done
mkdir -p "$(dirname "$out")"
{
  echo "# Bombs: a misbehaving tenant's app next to a well-behaved neighbour"
  echo
  echo "\`${settings}bench/bombs.sh $phase $baseline\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB, load average $load at the start and $load_end at the end, Docker $(docker version -f '{{.Server.Version}}'),"
  echo "$(/usr/sbin/apache2 -v | head -1 | sed 's/Server version: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo
  echo "Two tenants' apps run side by side behind httpd. \`noisy\`'s \`bombs\` ($limits, set with"
  echo "\`PUT …/limits $bomb_limits\`; Docker grants the CPUs as $(ms "$quota") ms of CPU time in every"
  echo "$(ms "$period") ms period) serves the bombs example: \`/heap\` fills the Java heap"
  echo "until the JVM throws OutOfMemoryError and exits, \`/native\` allocates and touches memory outside"
  echo "the heap until the kernel kills the container for exceeding its memory limit, \`/threads\` starts"
  echo "threads until the pids limit refuses more, \`/cpu\` keeps four threads busy for 4 s: all the CPU"
  echo "time its limit allows, on both cores while its quota lasts, and no death. \`quiet\`'s \`neighbour\` ($neighbour_limits) serves"
  echo "the hello handler under a steady load: \`wrk -t1 -c$conns --latency\` with a pause of $pause ms before each"
  echo "request on each connection (bench/leak/wrk.lua), aiming at $rate req/s; wrk measures each run whole."
  echo "First a 5 s warm-up without pause and a $baseline s baseline while the bomb app is deployed but idle; then one $phase s"
  echo "phase per bomb, during which \`GET /<bomb>\` goes to the bomb app through httpd every $every s"
  echo "(\`curl --max-time $every\`, whether the app is up or not) while Paddock restarts what dies (at once"
  echo "the first three times in a row, then after a delay doubling from 2 s); then $baseline s once more"
  echo "with the bomb app idle, to show how much the machine alone moves the figures. Before each"
  echo "phase and before the last run, \`POST …/restart\` (waited until live and the old sandbox gone) gives"
  echo "the bomb app a fresh sandbox and resets its crash count, so that the growing restart delays do"
  echo "not carry over. Deaths, their causes, starts and replacements are the bomb app's events"
  echo "within each phase (\`GET …/events\`); peak processes are over the phase's samples from \`GET …/metrics\`"
  echo "(\`PADDOCK_METRICS_INTERVAL=1s\`, the pause between two sampling passes; $samples samples, all"
  echo "sandboxes of the app, one every $spacing s (median))."
  echo "wrk's timeout, past which a request counts as a socket error, is 2 s."
  echo
  echo "$bombs"
  echo
  echo "$neighbour"
  echo
  echo "The goal is that the neighbour's p99 stays within 25% of its baseline while the bombs go off"
  echo "(the baseline's p99 is $(ms "$b99") ms: 25% of it is $(ms "$((b99 / 4))") ms)."
  if [ -z "$over" ]; then
    echo "It did, in every phase: at worst ${worst_ratio}× the baseline (the $worst bomb)."
  else
    echo "It did not:$over."
  fi
  echo "The run after the bombs, with the bomb app idle again, read ${row[after.p99]}× the baseline's p99."
  if exceeds "${row[after.p99]}" 1.25 || exceeds 0.8 "${row[after.p99]}"; then
    echo "The machine alone moved p99 by more than the 25% at stake, so this run cannot tell the bombs' effect"
    echo "from the noise; longer phases on a quieter machine can."
  else
    echo "Differences of that size are the machine's noise, not the bombs'."
    if [ "$over_deathless" != 0 ]; then
      echo "Phases without a single death went beyond the bound as well: the CPU time the bomb app"
      echo "burns within its limit is enough to move the neighbour's p99, with no restart involved."
    elif [ -n "$over" ]; then
      echo "The bomb app died in every phase beyond the bound."
    fi
  fi
  if [ "$failed_total" = 0 ]; then
    echo "The neighbour did not fail a single request during the bomb phases."
  else
    echo "The neighbour failed $failed_total requests during the bomb phases."
  fi
  echo
  echo "The bomb app's events, seconds into each phase:"
  echo "$events"
} >"$out"
echo
echo "wrote $out"
