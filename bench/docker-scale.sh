#!/usr/bin/env bash
# Many sandboxes, all logging, and how promptly Docker still answers. Starts APPS apps of
# INSTANCES hello-handler sandboxes each (default 8 × 10 = 80, at 96MiB), has every sandbox write
# a log line every second (GET /log through httpd), and meanwhile times simple Docker calls (list
# the installation's containers by label, inspect one), a deploy of one more app (which needs the
# control plane's own Docker calls to answer), and counts the log streams the control plane holds.
# Before log follows had their own client and took turns, each running sandbox held one of the
# control plane's 64 pooled Docker connections until it stopped: past 63 sandboxes, every other
# Docker call of the control plane waited for a free one, and deploys stayed pending.
#
#   bench/docker-scale.sh [seconds measured]        (default 60)
#   APPS=8 INSTANCES=10 MEMORY=96MiB bench/docker-scale.sh …
#
# Needs ./paddock test's setup, a build (./mvnw -q -DskipTests package), curl, jq and python3.
# Prints the figures and writes them, with the machine's figures, to docs/benchmarks/docker-scale.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60} apps=${APPS:-8} instances=${INSTANCES:-10} memory=${MEMORY:-96MiB}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar hello_jar=examples/hello-handler/target/hello-handler.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "$hello_jar" jq curl python3 docker
# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh

sandboxes=$(( apps * instances ))
call -X POST "$api" -d '{"name":"bench"}' >/dev/null
started=$SECONDS
for i in $(seq -f a%02g "$apps"); do
  call -X POST "$api/bench/apps" \
    -d "{\"name\":\"$i\",\"instances\":$instances,\"limits\":{\"memory\":\"$memory\"}}" >/dev/null
  upload "$api/bench/apps/$i" "$hello_jar"
  rollout "$api/bench/apps/$i" deploys
  echo "$i live: $(docker ps -q --filter "label=paddock.managed-by=$name" | wc -l) sandboxes after $(( SECONDS - started )) s"
done
running=$(docker ps -q --filter "label=paddock.managed-by=$name" | wc -l)
echo "$running sandboxes running"

# Every sandbox writes a line a second: httpd spreads each app's requests over its instances.
for i in $(seq -f a%02g "$apps"); do
  ( n=0; while :; do
      for _ in $(seq "$instances"); do
        curl -s -o /dev/null --max-time 2 -H "Host: $i.bench.localhost" "$edge/log?tick-$n" || true
        n=$((n + 1))
      done
      sleep 1
    done ) &
  background+=($!)
done

# Times $2 runs of the command $1 (its output discarded), in milliseconds, one per line.
timed() {
  local i t0
  for i in $(seq "$2"); do
    t0=$(date +%s%N); eval "$1" >/dev/null; echo $(( ($(date +%s%N) - t0) / 1000000 ))
  done
}
one=$(docker ps -q --filter "label=paddock.managed-by=$name" | head -1) measured=$SECONDS
end=$((SECONDS + seconds))
: >"$data/list"
: >"$data/inspect"
while [ $SECONDS -lt $end ]; do
  timed "docker ps -q --filter label=paddock.managed-by=$name" 5 >>"$data/list"
  timed "docker inspect $one" 5 >>"$data/inspect"
  sleep 0.5
done
streams=$("$JAVA_HOME/bin/jcmd" "$cp_pid" Thread.print | grep -c '"docker-java-stream' || true)
: >"$data/deploy"
for round in 1 2 3; do
  t0=$(date +%s%N)
  call -X POST "$api/bench/apps" -d "{\"name\":\"extra$round\",\"limits\":{\"memory\":\"$memory\"}}" >/dev/null
  upload "$api/bench/apps/extra$round" "$hello_jar"
  rollout "$api/bench/apps/extra$round" deploys
  echo $(( ($(date +%s%N) - t0) / 1000000 )) >>"$data/deploy"
done
stored=$(call "$api/bench/apps/a01/logs?tail=10000" | jq '[.[] | select(.line | startswith("tick-"))] | length')
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

summary() {
  python3 - "$1" <<'PY'
import statistics, sys
xs = sorted(int(l) for l in open(sys.argv[1]) if l.strip())
q = lambda p: xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
print(f"{len(xs)} | {q(50)} | {q(99)} | {xs[-1]}")
PY
}
list=$(summary "$data/list") inspect=$(summary "$data/inspect") deploy=$(summary "$data/deploy")
cores=$(nproc) cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
docker_version=$(docker version -f '{{.Server.Version}}')
cat >docs/benchmarks/docker-scale.md <<MD
# Docker scale: many sandboxes logging, and Docker calls that still answer

\`bench/docker-scale.sh $seconds\` on $(date -u +%F): $cores cores ($cpu), $mem, load average $load
at the start and $load_end at the end, Docker $docker_version. The machine was shared with other
work while it ran: the load average says how much.

$apps apps of $instances hello-handler sandboxes each ($memory of memory): $running
sandboxes running, each writing a log line about every second (\`GET /log\` through httpd). The
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
\`tick-\` lines of \`a01\` stored: $stored, of about $(( instances * (SECONDS - measured) )) written.
MD
cat docs/benchmarks/docker-scale.md
