#!/usr/bin/env bash
# Time from a deploy call to the first 200 through httpd, side by side with a bare `docker run`
# of the same release image to its first 200 (on Docker's default bridge, and on a network of its
# own as every tenant's sandboxes are), interleaved over several rounds, for the hello handler and
# the Spring Boot 4 example.
#
#   bench/deploy-latency.sh [rounds]      (default 5; needs ./paddock test's setup and a build)
#
# Prints a table and writes it, with the machine's figures, to docs/benchmarks/deploy-latency.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
# A release's AOT cache is trained once it is live; the training would take CPU from the baselines.
export PADDOCK_AOT_ENABLED=false
jar=control-plane/target/paddock.jar
examples=(hello-handler spring-boot-4)
declare -A health=([spring-boot-4]=/actuator/health/readiness)
# What `docker run` gives the image's java: the image's own command for a handler, java -jar for
# a runnable jar.
declare -A command=([spring-boot-4]="-jar /app/app.jar")
for example in "${examples[@]}"; do
  [ -f "$jar" ] && [ -f "examples/$example/target/$example.jar" ] ||
    { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
# Polls until curl with these arguments gets a 2xx; gives up after 3 minutes with the end of the
# control plane's log (a deploy that failed, a sandbox image not built yet).
await_ok() {
  local deadline=$((SECONDS + 180))
  until curl -sf -o /dev/null "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "no answer from $* within 3 minutes; the control plane's log ends with:" >&2
      tail -5 "$data/control-plane.log" >&2
      exit 1
    fi
    sleep 0.02
  done
}

data=$(mktemp -d /tmp/paddock.XXXXXX) && chmod 755 "$data"
api_port=$(free_port) edge_port=$(free_port) name="bench$$" admin="bench-$RANDOM$RANDOM"
PADDOCK_DATA_DIR=$data PADDOCK_NAME=$name PADDOCK_ADMIN_TOKEN=$admin SERVER_PORT=$api_port \
  PADDOCK_EDGE_PORT=$edge_port PADDOCK_EDGE_HTTPD_STOP_ON_EXIT=true \
  "$JAVA_HOME/bin/java" -jar "$jar" >"$data/control-plane.log" 2>&1 &
cp_pid=$!
cleanup() {
  kill "$cp_pid" 2>/dev/null && wait "$cp_pid" 2>/dev/null || true
  docker ps -aq --filter "label=paddock.managed-by=$name" | xargs -r docker rm -f >/dev/null
  docker ps -aq --filter "label=bench=$name" | xargs -r docker rm -f >/dev/null
  docker images -q --filter "label=paddock.managed-by=$name" | xargs -r docker rmi -f >/dev/null 2>&1 || true
  docker network ls -q --filter "label=paddock.managed-by=$name" | xargs -r docker network rm >/dev/null 2>&1 || true
  docker network rm "$name-own" >/dev/null 2>&1 || true
  # As root each app's socket directory is a tmpfs of its own, which outlives the control plane.
  findmnt -rn -o TARGET | grep "^$data/" | xargs -r umount -l 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

api="http://127.0.0.1:$api_port/api/v1"
call() { curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
await_ok "http://127.0.0.1:$api_port/actuator/health"
call -X POST "$api/tenants" -d '{"name":"bench"}' >/dev/null

docker network create --label "bench=$name" "$name-own" >/dev/null
# Runs the release image $1 with a sandbox's confinement on network $2 until its first 200 straight
# to the container; prints the milliseconds.
docker_run() {
  local t0 id ip uid=$(( 200000 + RANDOM ))
  t0=$(now_ms)
  # shellcheck disable=SC2086  # the command is words
  id=$(docker run -d --label "bench=$name" --network "$2" --user "$uid:$uid" --read-only \
    --tmpfs /tmp:size=64m --cap-drop ALL --security-opt no-new-privileges --memory 256m \
    --memory-swap 256m --cpus 1 --pids-limit 256 -e PORT=8080 "$1" ${command[$example]:-})
  ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$id")
  await_ok "http://$ip:8080/"
  echo $(( $(now_ms) - t0 ))
  docker rm -f "$id" >/dev/null
}

: >"$data/results"
for round in $(seq 1 "$rounds"); do
  for example in "${examples[@]}"; do
  app="$example-$round"
  call -X POST "$api/tenants/bench/apps" -d "{\"name\":\"$app\"}" >/dev/null
  if [ -n "${health[$example]:-}" ]; then
    call -X PUT "$api/tenants/bench/apps/$app/health-check" -d "{\"path\":\"${health[$example]}\"}" >/dev/null
  fi
  call -X POST "$api/tenants/bench/apps/$app/releases" -H 'Content-Type: application/java-archive' \
    --data-binary "@examples/$example/target/$example.jar" >/dev/null
  sleep 1  # let the new vhost's graceful reload settle before the clock starts
  t0=$(now_ms)
  deploy=$(call -X POST "$api/tenants/bench/apps/$app/deploys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  await_ok -H "Host: $app.bench.localhost" "http://127.0.0.1:$edge_port/"
  t1=$(now_ms)
  # Where the time went, from the deploy's own steps and its container's clock: the POST to
  # "starting" (queue, socket directory, egress), to the container created (the release image, built
  # in round 1), to the container started (Docker: its network, mounts, cgroups), to "healthy" (the
  # JVM start, the health gate), to "live" (the switch and the edge's routes), to the 200 seen
  # through httpd.
  container=$(docker ps -q --filter "label=paddock.managed-by=$name" --filter "label=paddock.deploy=$deploy" | head -1)
  image=$(docker inspect -f '{{.Config.Image}}' "$container")
  phases=$(call "$api/tenants/bench/apps/$app/deploys/$deploy" | python3 -c '
import json, sys, datetime
t0, t1 = int(sys.argv[1]), int(sys.argv[2])
ms = lambda iso: datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")[:26] + "+00:00").timestamp() * 1000
at = {}
for s in json.load(sys.stdin)["steps"]:
    at.setdefault(s["step"], ms(s["at"]))
marks = [t0, at.get("starting"), ms(sys.argv[3]), ms(sys.argv[4]), at.get("healthy"), at.get("live"), t1]
print(" | ".join("?" if a is None or b is None else str(round(b - a)) for a, b in zip(marks, marks[1:])))
' "$t0" "$t1" "$(docker inspect -f '{{.Created}}' "$container")" "$(docker inspect -f '{{.State.StartedAt}}' "$container")")
  bridge=$(docker_run "$image" bridge) own=$(docker_run "$image" "$name-own")
  echo "$example $round $((t1 - t0)) $bridge $own | $phases" | tee -a "$data/results" >&2
  done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
col() { awk -v e="$1" -v c="$2" '$1 == e {print $c}' "$data/results"; }
out=docs/benchmarks/deploy-latency.md
mkdir -p "$(dirname "$out")"
{
  echo "# Deploy latency: Paddock deploy vs bare docker run"
  echo
  echo "\`bench/deploy-latency.sh $rounds\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB, Docker $(docker version -f '{{.Server.Version}}'), $(/usr/sbin/apache2 -v | head -1 | sed 's/Server version: //')."
  echo
  echo "Each round creates a new app per example, uploads its jar, then times \`POST …/deploys\` until the"
  echo "first 200 through httpd (Paddock: image for the release, container with every confinement on the"
  echo "tenant's own network, health gate, socket switch). The baselines time"
  echo "\`docker run -d\` of the same release image with the same confinement flags until its first 200"
  echo "straight to the container's address (no httpd, no health gate): on Docker's default bridge, and on"
  echo "a user-defined network as a tenant's sandboxes are. Round 1 of Paddock includes building the"
  echo "release image (a Spring Boot jar extracted into it); later rounds reuse it (the same jar)."
  echo
  echo "The phases of a Paddock deploy come from its own steps and its container's (clocks of this host, ms):"
  echo "POST to \`starting\` (queue, socket directory, egress rules), to the container created (the release"
  echo "image, built in round 1), to the container started (Docker: network, mounts, cgroups), to \`healthy\`"
  echo "(the JVM's start, the health gate), to \`live\` (switch, edge routes), to the first 200 seen through"
  echo "httpd."
  echo
  echo "Where a deploy spends more than \`docker run\`: Docker's start of a container on a user-defined"
  echo "network (its embedded DNS; compare the two baselines), the JVM under Paddock's 10 ms CPU period"
  echo "(a throttled sandbox waits in finer slices; Spring Boot 4 alone started 0.7–2.4 s slower with it than"
  echo "with Docker's 100 ms in separate runs here), the health gate and the switch. A new jar's first"
  echo "deploy also builds its release image (round 1: about 1 s for the hello handler, 2.5 s for Spring"
  echo "Boot 4 with its extraction)."
  echo
  echo "| app | median Paddock deploy → 200 via httpd (ms) | rounds 2+ | docker run → 200, default bridge | × | docker run → 200, own network | × |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for example in "${examples[@]}"; do
    p=$(col "$example" 3 | median) w=–
    [ "$rounds" -lt 2 ] || w=$(col "$example" 3 | tail -n +2 | median)
    b=$(col "$example" 4 | median) o=$(col "$example" 5 | median)
    echo "| $example | $p | $w | $b | $(awk -v a="$p" -v b="$b" 'BEGIN {printf "%.2f", a / b}') | $o | $(awk -v a="$p" -v b="$o" 'BEGIN {printf "%.2f", a / b}') |"
  done
  echo
  echo "| app | round | Paddock → 200 via httpd (ms) | → starting | → created | → started | → healthy | → live | → 200 | docker run, bridge | docker run, own network |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  while read -r example round total bridge own _ phases; do
    echo "| $example | $round | $total | $phases | $bridge | $own |"
  done <"$data/results"
} >"$out"
cat "$out"
