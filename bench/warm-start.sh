#!/usr/bin/env bash
# Restart → first 200 through httpd with and without the release's own AOT cache, for the hello
# handler, the Spring Boot 4 example and the Quarkus example, with the CPU seconds each new
# sandbox took until it served (its cgroup's cpuacct.usage when the restart went live).
#
#   bench/warm-start.sh [rounds]      (default 3; needs root, a build and the sandbox image)
#
# First a control plane that trains no caches (paddock.aot.enabled=false) deploys the three apps and
# restarts each [rounds] times; then the same control plane, started again with caches on, trains
# one per release and the restarts are timed again. IMAGE=tag runs another sandbox image.
# Prints a table and writes it, with the machine's figures, to docs/benchmarks/warm-start.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
examples=(hello-handler spring-boot-4 quarkus)
declare -A health=([spring-boot-4]=/actuator/health/readiness [quarkus]=/q/health/ready)
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" examples/hello-handler/target/hello-handler.jar \
  examples/spring-boot-4/target/spring-boot-4.jar examples/quarkus/target/quarkus.jar jq curl python3 docker
[ "$(id -u)" = 0 ] || { echo "warm-start.sh runs as root: it reads the sandboxes' cgroup files" >&2; exit 1; }
[ -z "${IMAGE:-}" ] || export PADDOCK_SANDBOX_IMAGE=$IMAGE
export PADDOCK_AOT_ENABLED=false PADDOCK_RECONCILE_INTERVAL=2s
# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh

# The CPU nanoseconds container $1 has used (cgroup v1).
cpu_ns() { cat "/sys/fs/cgroup/cpuacct/docker/$1/cpuacct.usage"; }
# Restarts app $1 and prints "ms cpu_ms cached": the time from the call until the new sandbox
# serves through httpd, the CPU it took, and whether it was started with the release's cache.
restart() {
  local app_api="$api/bench/apps/$1" t0 id status=pending container
  t0=$(now_ms)
  id=$(call -X POST "$app_api/restart" -d '{}' | jq -er .id)
  while [ "$status" = pending ]; do
    sleep 0.02
    status=$(call -H 'Accept: application/json' "$app_api/deploys/$id" | jq -r .status) || status=pending
  done
  [ "$status" = live ] || { echo "restart of $1 ended $status" >&2; exit 1; }
  until curl -sf -o /dev/null -H "Host: $1.bench.localhost" "$edge/"; do sleep 0.02; done
  local served; served=$(now_ms)
  container=$(docker ps -q --no-trunc --filter "label=paddock.managed-by=$name" \
    --filter "label=paddock.deploy=$id" | head -1)
  local cached=no
  docker inspect -f '{{join .Config.Cmd " "}}' "$container" | grep -q /app/app.aot && cached=yes
  echo "$((served - t0)) $(( $(cpu_ns "$container") / 1000000 )) $cached"
}
# Restarts every app $rounds times, writing "mode example ms cpu_ms cached" lines to results.
measure() {
  local example round
  for round in $(seq 1 "$rounds"); do
    for example in "${examples[@]}"; do
      echo "$1 $example $(restart "$example")" | tee -a "$data/results" >&2
    done
  done
}

call -X POST "$api" -d '{"name":"bench"}' >/dev/null
for example in "${examples[@]}"; do
  call -X POST "$api/bench/apps" -d "{\"name\":\"$example\"}" >/dev/null
  if [ -n "${health[$example]:-}" ]; then
    call -X PUT "$api/bench/apps/$example/health-check" -d "{\"path\":\"${health[$example]}\"}" >/dev/null
  fi
  upload "$api/bench/apps/$example" "examples/$example/target/$example.jar"
  rollout "$api/bench/apps/$example" deploys
done
: >"$data/results"
measure uncached

# Caches on: the same control plane again, which trains one per live release.
kill "$cp_pid" && wait "$cp_pid" 2>/dev/null || true
httpd_pids | xargs -r kill 2>/dev/null || true
export PADDOCK_AOT_ENABLED=true
start_control_plane
await_control_plane
trained=$SECONDS
for example in "${examples[@]}"; do
  until call "$api/bench/apps/$example/events" | jq -e 'any(.[]; .type == "release.aot-cache.built")' >/dev/null; do
    if call "$api/bench/apps/$example/events" | jq -e 'any(.[]; .type == "release.aot-cache.failed")' >/dev/null; then
      call "$api/bench/apps/$example/events" | jq -r '.[] | select(.type == "release.aot-cache.failed") | .message' >&2
      exit 1
    fi
    [ $((SECONDS - trained)) -lt 300 ] || { echo "no AOT cache for $example within 300 s" >&2; exit 1; }
    sleep 1
  done
done
trained=$((SECONDS - trained))
built=$(for example in "${examples[@]}"; do
  call "$api/bench/apps/$example/events" | jq -r '.[] | select(.type == "release.aot-cache.built") | .message' | head -1
done)
measure cached

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
col() { awk -v m="$1" -v e="$2" -v c="$3" '$1 == m && $2 == e {print $c}' "$data/results"; }
table=$'| app | restart → 200, no cache (ms) | with its cache (ms) | × | start CPU, no cache (ms) | with its cache (ms) | × |\n|---|---:|---:|---:|---:|---:|---:|'
for example in "${examples[@]}"; do
  u=$(col uncached "$example" 3 | median) c=$(col cached "$example" 3 | median)
  uc=$(col uncached "$example" 4 | median) cc=$(col cached "$example" 4 | median)
  table+=$'\n'"| $example | $u | $c | $(awk -v a="$c" -v b="$u" 'BEGIN {printf "%.2f", a / b}') | $uc | $cc | $(awk -v a="$cc" -v b="$uc" 'BEGIN {printf "%.2f", a / b}') |"
done
out=docs/benchmarks/warm-start.md
{
  echo "# Warm starts from a release's own AOT cache"
  echo
  echo "\`bench/warm-start.sh $rounds\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB, Docker $(docker version -f '{{.Server.Version}}'); load average at the start $load,"
  echo "at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "Each app runs one instance with the default limits (256 MiB, 1 CPU). A restart starts a new sandbox,"
  echo "waits until it is healthy and switches the route to it; the time is from \`POST …/restart\` until the"
  echo "restart is live and the app answers 200 through httpd; the CPU is what the new sandbox's cgroup used by"
  echo "then. Medians of $rounds restarts each, first without caches, then with the cache Paddock trained for"
  echo "each release ($trained s for the three, one after the other, in the background):"
  echo
  echo "$table"
  echo
  echo "The Spring Boot jar runs from the extracted layout Paddock gives Spring Boot jars in their release's"
  echo "image (\`/app/app.jar\` and \`/app/lib\`): a cache holds only classes of the JVM's own class loaders,"
  echo "and from the fat jar Spring Boot's loader read every library itself (0.74× with its cache then)."
  echo
  echo "What the trainings reported:"
  echo
  while IFS= read -r line; do echo "- $line"; done <<<"$built"
  echo
  echo "Every restart, in order (mode, app, ms, CPU ms, started with the cache):"
  echo
  echo '```'
  cat "$data/results"
  echo '```'
} >"$out"
cat "$out"
