#!/usr/bin/env bash
# Many sandboxes, all logging, and how promptly Docker still answers. Starts TENANTS tenants of
# APPS apps of INSTANCES hello-handler sandboxes each (default 10 × 3 × 10 = 300, at 112MiB, the
# smallest limit the memory calculator lets the hello handler have, all within the default tenant
# quota), PARALLEL rollouts at a
# time, has every sandbox write a log line every second (GET /log through httpd), and meanwhile
# times simple Docker calls (list the installation's containers by label, inspect one), a deploy
# of one more app (which needs the control plane's own Docker calls to answer), and counts the log
# streams the control plane holds. Before log follows had their own client and took turns, each
# running sandbox held one of the control plane's 64 pooled Docker connections until it stopped:
# past 63 sandboxes, every other Docker call of the control plane waited for a free one, and
# deploys stayed pending.
#
# It stops starting sandboxes, and measures what runs, when the host has less than MIN_FREE_MIB
# of memory available or DEPLOY_BUDGET seconds have gone (defaults 3072 and 480), and says so.
#
#   bench/docker-scale.sh [seconds measured]        (default 60)
#   TENANTS=10 APPS=3 INSTANCES=10 MEMORY=112MiB PARALLEL=3 bench/docker-scale.sh …
#
# Needs ./paddock test's setup, a build (./mvnw -q -DskipTests package), curl, jq and python3.
# Prints the figures and writes them, with the machine's figures, to docs/benchmarks/docker-scale.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60} tenants=${TENANTS:-10} apps=${APPS:-3} instances=${INSTANCES:-10}
memory=${MEMORY:-112MiB} parallel=${PARALLEL:-3} min_free=${MIN_FREE_MIB:-3072}
budget=${DEPLOY_BUDGET:-480}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar hello_jar=examples/hello-handler/target/hello-handler.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "$hello_jar" jq curl python3 docker
# Many JVMs start at once on few cores: give each longer than the default minute to be healthy.
export PADDOCK_SANDBOX_START_TIMEOUT=${PADDOCK_SANDBOX_START_TIMEOUT:-300s} ROLLOUT_TIMEOUT=600
# Sampling every running sandbox each second costs CPU the starts need: the default interval.
export PADDOCK_METRICS_INTERVAL=${PADDOCK_METRICS_INTERVAL:-5s}
# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh
# shellcheck source=bench/lib/timing.sh
source bench/lib/timing.sh
# Stopped by a signal (a timeout, Ctrl-C): clean up all the same.
trap 'exit 143' INT TERM

available_mib() { awk '/MemAvailable/ {print int($2 / 1024)}' /proc/meminfo; }
sandboxes() { docker ps -q --filter "label=paddock.managed-by=$name" | wc -l; }
free_at_start=$(available_mib)
hosts=()
for t in $(seq -f b%02g "$tenants"); do
  call -X POST "$api" -d "{\"name\":\"$t\"}" >/dev/null
  for a in $(seq -f a%g "$apps"); do hosts+=("$a.$t"); done
done
# Deploys one app (app.tenant), its rollout's output in $data/deploy-<app.tenant>.log.
deploy() {
  local app=${1%%.*} tenant=${1#*.}
  call -X POST "$api/$tenant/apps" \
    -d "{\"name\":\"$app\",\"instances\":$instances,\"limits\":{\"memory\":\"$memory\"}}" >/dev/null
  upload "$api/$tenant/apps/$app" "$hello_jar"
  rollout "$api/$tenant/apps/$app" deploys
}
deploy_one() {
  local app=${1%%.*} tenant=${1#*.}
  call -X POST "$api/$tenant/apps" -d "{\"name\":\"$app\",\"limits\":{\"memory\":\"$memory\"}}" >/dev/null
  upload "$api/$tenant/apps/$app" "$hello_jar"
  rollout "$api/$tenant/apps/$app" deploys
}
started=$SECONDS stopped_early="" deployed=()
for ((i = 0; i < ${#hosts[@]}; i += parallel)); do
  if [ "$(available_mib)" -lt "$min_free" ]; then
    stopped_early="less than $min_free MiB of memory was available"
    break
  fi
  if [ $((SECONDS - started)) -ge "$budget" ]; then
    stopped_early="$budget s of deploys had gone"
    break
  fi
  batch=("${hosts[@]:i:parallel}") pids=()
  for h in "${batch[@]}"; do
    deploy "$h" >"$data/deploy-$h.log" 2>&1 &
    pids+=($!)
  done
  for j in "${!pids[@]}"; do
    wait "${pids[j]}" || { cat "$data/deploy-${batch[j]}.log" >&2; exit 1; }
  done
  deployed+=("${batch[@]}")
  echo "${batch[*]} live: $(sandboxes) sandboxes after $((SECONDS - started)) s, $(available_mib) MiB available"
done
deploy_seconds=$((SECONDS - started))
running=$(docker ps -q --filter "label=paddock.managed-by=$name" | wc -l)
echo "$running sandboxes running"

# Every sandbox writes a line a second: httpd spreads each app's requests over its instances.
# Each answer's status is kept, so that the lines written are counted, not assumed.
tickers=()
for h in "${deployed[@]}"; do
  ( n=0; while :; do
      curl -s --max-time 5 -o /dev/null -w '%{http_code}\n' -H "Host: $h.localhost" \
        "$edge/log?tick-[$n-$((n + instances - 1))]" >>"$data/ticks-$h" || true
      n=$((n + instances))
      sleep 1
    done ) &
  tickers+=($!)
done
background+=("${tickers[@]}")

one=$(docker ps -q --filter "label=paddock.managed-by=$name" | head -1) measured=$SECONDS
end=$((SECONDS + seconds))
: >"$data/list"
: >"$data/inspect"
while [ $SECONDS -lt $end ]; do
  timed "docker ps -q --filter label=paddock.managed-by=$name" 5 >>"$data/list"
  timed "docker inspect $one" 5 >>"$data/inspect"
  sleep 0.5
done
# Memory with everything running: the host's, the control plane's, and the sandboxes' cgroups'.
used_mib=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - $(available_mib) ))
cp_rss_mib=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$cp_pid/status")
cgroups_mib=$(docker ps -q --no-trunc --filter "label=paddock.managed-by=$name" | while read -r id; do
  cat "/sys/fs/cgroup/memory/docker/$id/memory.usage_in_bytes" 2>/dev/null || echo 0
done | awk '{s += $1} END {print int(s / 1048576)}')
streams=$("$JAVA_HOME/bin/jcmd" "$cp_pid" Thread.print | grep -c '"docker-java-stream' || true)
: >"$data/deploy"
for round in 1 2 3; do
  t0=$(date +%s%N)
  deploy_one "extra$round.b01"
  echo $(( ($(date +%s%N) - t0) / 1000000 )) >>"$data/deploy"
done
# The lines a1 of b01 wrote (answered 200) against those stored, once the followers, which take
# turns when more sandboxes run than they follow at once, have caught up (no new line in 15 s).
kill "${tickers[@]}" 2>/dev/null || true
ticks() { call "$api/b01/apps/a1/logs?tail=10000" | jq '[.[] | select(.line | startswith("tick-"))] | length'; }
stored=$(ticks) caught_up=$SECONDS
while [ $((SECONDS - caught_up)) -lt 15 ] && [ $((SECONDS - measured)) -lt $((seconds + 300)) ]; do
  sleep 5
  now=$(ticks)
  if [ "$now" != "$stored" ]; then stored=$now caught_up=$SECONDS; fi
done
written=$(grep -c '^200$' "$data/ticks-a1.b01" || true)
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

list=$(summary "$data/list") inspect=$(summary "$data/inspect") deploy=$(summary "$data/deploy")
cores=$(nproc) cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
docker_version=$(docker version -f '{{.Server.Version}}')
cat >docs/benchmarks/docker-scale.md <<MD
# Docker scale: many sandboxes logging, and Docker calls that still answer

\`bench/docker-scale.sh $seconds\` on $(date -u +%F): $cores cores ($cpu), $mem, load average $load
at the start and $load_end at the end, Docker $docker_version. The machine was shared with other
work while it ran: the load average says how much.

$tenants tenants of $apps apps of $instances hello-handler sandboxes each ($memory of memory, the
smallest the memory calculator lets this release have; every tenant on the default quota), $parallel rollouts at a time: $running
sandboxes running after $deploy_seconds s of deploys$( [ -n "$stopped_early" ] && echo " (it stopped starting more because $stopped_early)"), each writing a log line about every second (\`GET /log\` through httpd). The
control plane follows their output $( [ -n "${PADDOCK_LOGS_FOLLOWERS:-}" ] && echo "$PADDOCK_LOGS_FOLLOWERS" || echo 32) at a
time in turns of 5 s (\`paddock.logs.followers\`, \`paddock.logs.follow-slice\`), through a Docker
client of its own; every other Docker call of the control plane goes through the shared client's
64 connections. Before, each running sandbox held one of those 64 for as long as it ran.

Over $seconds s with all of them logging, then three deploys of one more app:

| what | runs | p50 (ms) | p99 (ms) | max (ms) |
|---|---:|---:|---:|---:|
| \`docker ps --filter label=paddock.managed-by=…\` | $list |
| \`docker inspect\` of one sandbox | $inspect |
| deploy of one more app (create, upload, \`POST …/deploys\` until live) | $deploy |

Log streams the control plane held open at the end (\`jcmd Thread.print\`): $streams docker-java
stream threads (one per open follow, and one for the event stream) for $running sandboxes.
Memory with all of them running: $used_mib MiB in use on the host ($((free_at_start)) MiB was
available at the start), the control plane's RSS $cp_rss_mib MiB, the sandboxes' cgroups
$cgroups_mib MiB together (about $(( cgroups_mib / (running > 0 ? running : 1) )) MiB each; each also has a containerd shim).
\`tick-\` lines of \`a1\` of \`b01\`: $written written (requests answered 200), $stored stored once the log followers caught up.
MD
cat docs/benchmarks/docker-scale.md
