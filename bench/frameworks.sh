#!/usr/bin/env bash
# Every framework example on Paddock's defaults, one after another in one run, beside the
# hello-handler and hello-runnable examples as the baseline: for each, the time from the deploy call
# (and from its container's start) to the first 200 through the edge, the sandbox's memory at idle,
# then wrk through the edge (req/s, p50, p99) and the memory after that load. One app runs at a time;
# each is deleted before the next is deployed.
#
#   bench/frameworks.sh [seconds] [connections]   (default 10 16)
#   WARMUP=5 bench/frameworks.sh …                (seconds of wrk warm-up per app before the run)
#   EXAMPLES="quarkus micronaut" bench/frameworks.sh   (a subset, in that order)
#
# Runs as root (it reads the sandboxes' processes and cgroups). Needs ./paddock test's setup, a build
# (./mvnw -q -DskipTests package), wrk, jq and curl. Prints the figures and writes them, with the
# machine's figures, to docs/benchmarks/frameworks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10} conns=${2:-16} warmup=${WARMUP:-5}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
read -r -a examples <<<"${EXAMPLES:-hello-handler hello-runnable spring-boot-4 spring-boot-3 quarkus micronaut helidon javalin vertx}"
declare -A page=(
  [hello-handler]="Hello from Paddock (handler)" [hello-runnable]="Hello from Paddock (runnable)"
  [spring-boot-4]="Hello from Spring Boot 4" [spring-boot-3]="Hello from Spring Boot 3"
  [quarkus]="Hello from Quarkus" [micronaut]="Hello from Micronaut" [helidon]="Hello from Helidon SE"
  [javalin]="Hello from Javalin" [vertx]="Hello from Vert.x")
# The readiness path Paddock is told to check, where the framework has one (as in FrameworksIT).
declare -A health=([spring-boot-4]=/actuator/health/readiness [quarkus]=/q/health/ready)
jars=()
for example in "${examples[@]}"; do
  [ -n "${page[$example]:-}" ] || { echo "unknown example: $example" >&2; exit 1; }
  jars+=("examples/$example/target/$example.jar")
done
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "${jars[@]}" wrk jq curl python3 docker
[ "$(id -u)" = 0 ] || { echo "frameworks.sh runs as root: it reads the sandboxes' /proc and cgroup files" >&2; exit 1; }

us_ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }
mib() { awk -v b="$1" 'BEGIN {printf "%.0f", b / 1048576}'; }

# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh

# The resident memory of all processes of container $1, in bytes.
rss() {
  local pid total=0 kb
  for pid in $(docker top "$1" -eo pid | tail -n +2); do
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || continue
    total=$((total + ${kb:-0} * 1024))
  done
  echo "$total"
}
# The memory cgroup (v1) directory of container $1.
cgroup() {
  local pid
  pid=$(docker inspect -f '{{.State.Pid}}' "$1")
  echo "/sys/fs/cgroup/memory$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' "/proc/$pid/cgroup")"
}
# Milliseconds since the epoch of an RFC 3339 time such as Docker's StartedAt.
epoch_ms() { echo $(( $(date -d "$1" +%s%N) / 1000000 )); }

# Runs wrk on the app at host $1 for $2 s; prints "req/s p50_us p99_us non2xx socket_errors".
measure() {
  wrk -t2 -c"$conns" -d"$2"s --latency -s bench/throughput/wrk.lua -H "Host: $1" "$edge/" >"$data/wrk.out" 2>&1 \
    && grep -q '^result ' "$data/wrk.out" || { cat "$data/wrk.out" >&2; exit 1; }
  awk '$1 == "result" {printf "%.0f %d %d %d %d\n", $2 / ($3 / 1e6), $4, $5, $6, $7 + $8 + $9 + $10}' "$data/wrk.out"
}

call -X POST "$api" -d '{"name":"bench"}' >/dev/null
: >"$data/results"
for example in "${examples[@]}"; do
  app_api="$api/bench/apps/$example" host="$example.bench.localhost"
  call -X POST "$api/bench/apps" -d "{\"name\":\"$example\"}" >/dev/null
  if [ -n "${health[$example]:-}" ]; then
    call -X PUT "$app_api/health-check" -d "{\"path\":\"${health[$example]}\"}" >/dev/null
  fi
  upload "$app_api" "examples/$example/target/$example.jar"
  sleep 1 # let the new vhost's graceful reload settle before the clock starts
  t0=$(now_ms)
  deploy=$(call -X POST "$app_api/deploys" -d '{}' | jq -er .id)
  deadline=$((SECONDS + 300)) tries=0
  until [ "$(curl -s -m 5 -H "Host: $host" "$edge/" | tr -d '\r\n')" = "${page[$example]}" ]; do
    # The deploy's status once a second: a failed one will never be served.
    if [ $((++tries % 20)) = 0 ] && { [ $SECONDS -ge $deadline ] \
      || [ "$(call -H 'Accept: application/json' "$app_api/deploys/$deploy" | jq -r .status)" = failed ]; }; then
      echo "$example was not served: $(call -H 'Accept: application/json' "$app_api/deploys/$deploy" | jq -c '{status, reason}')" >&2
      exit 1
    fi
    sleep 0.05
  done
  served=$(now_ms)
  container=$(docker ps -q --filter "label=paddock.managed-by=$name" --filter "label=paddock.app=$example")
  [ "$(wc -w <<<"$container")" = 1 ] || { echo "expected one sandbox of $example, found: $container" >&2; exit 1; }
  started=$(epoch_ms "$(docker inspect -f '{{.State.StartedAt}}' "$container")")
  memory=$(call "$app_api" | jq -r '"\(.limits.memory) (heap \(.jvm.heap // "sized by the JVM"))"')
  sleep 5
  idle=$(rss "$container")
  echo "$example: deploy → 200 in $((served - t0)) ms, container start → 200 in $((served - started)) ms, RSS at idle $(mib "$idle") MiB; wrk ${warmup} s warm-up, then ${seconds} s" >&2
  measure "$host" "$warmup" >/dev/null
  read -r rps p50 p99 non2xx errors < <(measure "$host" "$seconds")
  loaded=$(rss "$container")
  peak=$(cat "$(cgroup "$container")/memory.max_usage_in_bytes")
  echo "$example: $rps req/s, p50 $(us_ms "$p50") ms, p99 $(us_ms "$p99") ms, non-2xx $non2xx, socket errors $errors, RSS after load $(mib "$loaded") MiB, cgroup peak $(mib "$peak") MiB" >&2
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$example" "$rps" "$p50" "$p99" "$non2xx" "$errors" \
    "$((served - t0))" "$((served - started))" "$idle" "$loaded" "$peak" "$memory" >>"$data/results"
  call -X DELETE "$app_api" >/dev/null
  until [ -z "$(docker ps -aq --filter "label=paddock.managed-by=$name" --filter "label=paddock.app=$example")" ]; do
    sleep 0.2
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

baseline=$(awk -F'\t' '$1 == "hello-handler" {print $2}' "$data/results")
table=$'| app | req/s | × handler | p50 ms | p99 ms | failed | deploy → 200 ms | start → 200 ms | RSS idle MiB | RSS after load MiB | cgroup peak MiB | memory limit |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|'
while IFS=$'\t' read -r example rps p50 p99 non2xx errors deploy_ms start_ms idle loaded peak memory; do
  ratio=$([ -n "$baseline" ] && awk -v x="$rps" -v y="$baseline" 'BEGIN {printf "%.2f", x / y}' || echo -)
  table+=$'\n'"| $example | $rps | $ratio | $(us_ms "$p50") | $(us_ms "$p99") | $((non2xx + errors)) | $deploy_ms | $start_ms | $(mib "$idle") | $(mib "$loaded") | $(mib "$peak") | $memory |"
done <"$data/results"
echo
echo "$table"
failed=$(awk -F'\t' '$5 + $6 > 0 {printf " %s", $1}' "$data/results")
[ -z "$failed" ] || { echo "FAILED:$failed had failed requests: not writing the report" >&2; exit 1; }

out=docs/benchmarks/frameworks.md
mkdir -p "$(dirname "$out")"
{
  echo "# Frameworks: one app of each, through the edge"
  echo
  echo "\`bench/frameworks.sh $seconds $conns\` (warm-up $warmup s per app) on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB, load average $load at the start and $load_end at the end, Docker $(docker version -f '{{.Server.Version}}'),"
  echo "$(/usr/sbin/apache2 -v | head -1 | sed 's/Server version: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), the control plane's managed httpd with its defaults."
  echo
  echo "Each example is deployed as a new app with Paddock's defaults (one instance, the default memory"
  echo "limit; Spring Boot 4 and Quarkus are told their readiness path), alone on the host: the app before"
  echo "it is deleted first. \"deploy → 200\" is from \`POST …/deploys\` to the first 200 with the app's page"
  echo "through httpd (polled every 50 ms); it includes building the release's image. \"start → 200\" is"
  echo "from the container's start (Docker's StartedAt) to that 200: the JVM's and framework's start, the"
  echo "health gate and the route switch. RSS is the sum of the resident memory of the sandbox's processes"
  echo "(the JVM, which runs app and runner), 5 s after the first 200 (idle) and right after the load;"
  echo "\"cgroup peak\" is the container's memory cgroup high-water mark, to compare with the limit. RSS"
  echo "counts the files the JVM maps (libjvm, the CDS archive, the jar) whose pages the page cache may"
  echo "hold charged to an earlier sandbox of the same image, so it can be above the cgroup's figure."
  echo "The load: a $warmup s warm-up, then \`wrk -t2 -c$conns -d${seconds}s --latency\` on \`GET /\` with"
  echo "keep-alive through httpd; \"failed\" counts non-2xx answers and socket errors. wrk, httpd, the"
  echo "control plane and the sandbox share the same $(nproc) cores, so the req/s say how the frameworks compare"
  echo "here, not what each serves alone. \"× handler\" is req/s over the hello-handler's."
  if awk -v a="$load" -v b="$load_end" -v n="$(nproc)" 'BEGIN {split(a, x, " "); split(b, y, " "); exit !(x[1] > n || y[1] > n)}'; then
    echo
    echo "**The host was busy** (a load average above its $(nproc) cores): other work shared the cores, so"
    echo "every figure is lower and noisier than on a quiet host (compare \`docs/benchmarks/throughput.md\`);"
    echo "the rows are comparable with each other only roughly, as the load changed during the run."
  fi
  echo
  echo "$table"
} >"$out"
echo
echo "wrote $out"
