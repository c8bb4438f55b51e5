#!/usr/bin/env bash
# What one periodic resync costs as the number of registered apps grows: the Docker calls the
# control plane makes (counted on a proxy in front of the Docker socket) and its CPU time, with
# 10, 100 and 1,000 apps (three of them deployed, the rest never deployed), beside the same
# figures for a baseline build of an earlier commit, in one run.
#
#   bench/resync.sh [baseline git ref]     (no ref: this build alone)
#   COUNTS="10 100" bench/resync.sh …      (the app counts measured; default 10 100 1000)
#
# Needs ./paddock test's setup, a build (./mvnw -q -DskipTests package), socat, curl, jq, python3.
# Prints the figures and writes them, with the machine's figures, to docs/benchmarks/resync.md.
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:-} interval=5 window=30 counts=${COUNTS:-10 100 1000}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
hello_jar=examples/hello-handler/target/hello-handler.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs control-plane/target/paddock.jar "$hello_jar" socat jq curl python3 docker
results=$(mktemp -d /tmp/resync.XXXXXX)
trap 'rm -rf "$results"; [ -z "${worktree:-}" ] || git worktree remove --force "$worktree"' EXIT

if [ -n "$baseline" ]; then
  worktree=$(mktemp -d /tmp/resync-base.XXXXXX) && rmdir "$worktree"
  git worktree add -q --detach "$worktree" "$baseline"
  echo "building $baseline ..."
  (cd "$worktree" && ./mvnw -q -B -o -DskipTests -Dspotless.check.skip=true package -pl control-plane -am)
fi

# Runs one control plane ($1: its jar, $2: the label in the results) through the app counts.
measure() {
  (
    jar=$1 label=$2
    proxy=$(mktemp -u /tmp/docker-proxy.XXXXXX.sock) calls=$results/$label.calls
    socat -v "UNIX-LISTEN:$proxy,fork" UNIX-CONNECT:/var/run/docker.sock 2>"$calls" &
    proxy_pid=$!
    until [ -S "$proxy" ]; do sleep 0.1; done
    engine_host=unix://$proxy
    export PADDOCK_RECONCILE_INTERVAL=${interval}s
    # shellcheck source=bench/lib/paddock.sh
    source bench/lib/paddock.sh
    background+=("$proxy_pid")
    call -X POST "$api" -d '{"name":"bench"}' >/dev/null
    call -X PUT "$api/bench/quota" -d '{"apps":2000,"instances":2000}' >/dev/null
    created=0
    for created in 1 2 3; do
      call -X POST "$api/bench/apps" -d "{\"name\":\"a$created\"}" >/dev/null
      upload "$api/bench/apps/a$created" "$hello_jar"
      rollout "$api/bench/apps/a$created" deploys
    done
    for target in $counts; do
      t0=$(now_ms) first=$created
      while [ "$created" -lt "$target" ]; do
        created=$((created + 1))
        call -X POST "$api/bench/apps" -d "{\"name\":\"a$created\"}" >/dev/null
      done
      create_ms=$(( ($(now_ms) - t0) / (created - first) ))
      sleep "$interval"
      before_lists=$(grep -acE '^GET (/v[0-9.]+)?/containers/json' "$calls" || true)
      before_all=$(grep -acE '^(GET|POST|PUT|DELETE|HEAD) /' "$calls" || true)
      before_cpu=$(awk '{print $14 + $15}' "/proc/$cp_pid/stat")
      sleep "$window"
      lists=$(( $(grep -acE '^GET (/v[0-9.]+)?/containers/json' "$calls" || true) - before_lists ))
      all=$(( $(grep -acE '^(GET|POST|PUT|DELETE|HEAD) /' "$calls" || true) - before_all ))
      cpu=$(( $(awk '{print $14 + $15}' "/proc/$cp_pid/stat") - before_cpu ))
      echo "$label $target $create_ms $lists $all $cpu" | tee -a "$results/figures"
    done
  )
}

measure control-plane/target/paddock.jar this
[ -z "$baseline" ] || measure "$worktree/control-plane/target/paddock.jar" "$baseline"

ticks=$(getconf CLK_TCK) passes=$(( window / interval ))
table=$(python3 - "$results/figures" "$passes" "$ticks" <<'PY'
import sys
passes, ticks = int(sys.argv[2]), int(sys.argv[3])
for line in open(sys.argv[1]):
    label, apps, create_ms, lists, calls, cpu = line.split()
    print(f"| {label} | {int(apps):,} | {int(create_ms)} | {int(lists) / passes:.1f} "
          f"| {int(calls) / passes:.1f} | {int(cpu) / ticks / passes * 1000:.0f} |")
PY
)
cores=$(nproc) cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
cat >docs/benchmarks/resync.md <<MD
# Resync: what a periodic pass costs as apps are added

\`bench/resync.sh ${baseline}\` on $(date -u +%F): $cores cores ($cpu), $mem, load average
$(cut -d' ' -f1-3 /proc/loadavg) at the end. One control plane per build, resyncing every
${interval} s; apps are added up to 10, 100 and 1,000 (the first three deployed with the hello
handler, the rest never deployed), then the Docker calls it makes (counted on a proxy in front of
the Docker socket) and its CPU time are taken over ${window} s, that is per ${interval} s resync.
Both include the listings of the metrics sampler (once a second here) and of the log collector,
the same for both builds. "create" is the mean time of an app create as the API answers it.

| build | apps | create (ms) | container listings per resync | Docker calls per resync | control-plane CPU per resync (ms) |
|---|---:|---:|---:|---:|---:|
$table
MD
cat docs/benchmarks/resync.md
