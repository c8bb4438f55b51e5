#!/usr/bin/env bash
# Time from a deploy call to the first 200 through httpd, side by side with a bare `docker run`
# of the same release image to its first 200, interleaved over several rounds.
#
#   bench/deploy-latency.sh [rounds]      (default 5; needs ./paddock test's setup and a build)
#
# Prints a table and writes it, with the machine's figures, to docs/benchmarks/deploy-latency.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
example=examples/hello-handler/target/hello-handler.jar
[ -f "$jar" ] && [ -f "$example" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

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
  # As root each app's socket directory is a tmpfs of its own, which outlives the control plane.
  findmnt -rn -o TARGET | grep "^$data/" | xargs -r umount -l 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

api="http://127.0.0.1:$api_port/api/v1"
call() { curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
until curl -sf "http://127.0.0.1:$api_port/actuator/health" >/dev/null; do sleep 0.2; done
call -X POST "$api/tenants" -d '{"name":"bench"}' >/dev/null

paddock=() docker_run=() phases=()
for round in $(seq 1 "$rounds"); do
  app="app$round"
  call -X POST "$api/tenants/bench/apps" -d "{\"name\":\"$app\"}" >/dev/null
  call -X POST "$api/tenants/bench/apps/$app/releases" -H 'Content-Type: application/java-archive' \
    --data-binary "@$example" >/dev/null
  sleep 1  # let the new vhost's graceful reload settle before the clock starts
  t0=$(now_ms)
  deploy=$(call -X POST "$api/tenants/bench/apps/$app/deploys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  until curl -sf -o /dev/null -H "Host: $app.bench.localhost" "http://127.0.0.1:$edge_port/"; do sleep 0.02; done
  t1=$(now_ms)
  paddock+=($(( t1 - t0 )))
  # Where the time went, from the deploy's own steps: the POST to "starting" (queue, image, socket
  # directory, egress), "starting" to "healthy" (container and JVM start, health gate), "healthy" to
  # "live" (the switch and the edge's routes), "live" to the 200 seen through httpd.
  phases+=("$(call "$api/tenants/bench/apps/$app/deploys/$deploy" | python3 -c '
import json, sys, datetime
t0, t1 = int(sys.argv[1]), int(sys.argv[2])
at = {}
for s in json.load(sys.stdin)["steps"]:
    at.setdefault(s["step"], datetime.datetime.fromisoformat(s["at"].replace("Z", "+00:00")).timestamp() * 1000)
marks = [t0, at.get("starting"), at.get("healthy"), at.get("live"), t1]
print(" | ".join("?" if a is None or b is None else str(round(b - a)) for a, b in zip(marks, marks[1:])))
' "$t0" "$t1")")

  image=$(docker images --filter "label=paddock.managed-by=$name" --format '{{.Repository}}:{{.Tag}}' | head -1)
  uid=$(( 200000 + round ))
  t0=$(now_ms)
  id=$(docker run -d --label "bench=$name" --user "$uid:$uid" --read-only --tmpfs /tmp:size=64m \
    --cap-drop ALL --security-opt no-new-privileges --memory 256m --memory-swap 256m --cpus 1 \
    --pids-limit 256 -e PORT=8080 "$image")
  ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$id")
  until curl -sf -o /dev/null "http://$ip:8080/"; do sleep 0.02; done
  docker_run+=($(( $(now_ms) - t0 )))
  docker rm -f "$id" >/dev/null
  echo "round $round: paddock deploy → 200 through httpd ${paddock[-1]} ms; docker run → 200 direct ${docker_run[-1]} ms" >&2
done

p_med=$(printf '%s\n' "${paddock[@]}" | median) d_med=$(printf '%s\n' "${docker_run[@]}" | median)
p_warm=$(printf '%s\n' "${paddock[@]:1}" | median)
out=docs/benchmarks/deploy-latency.md
mkdir -p "$(dirname "$out")"
{
  echo "# Deploy latency: Paddock deploy vs bare docker run"
  echo
  echo "\`bench/deploy-latency.sh $rounds\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB, Docker $(docker version -f '{{.Server.Version}}'), $(/usr/sbin/apache2 -v | head -1 | sed 's/Server version: //')."
  echo
  echo "Each round creates a new app, uploads the hello-handler jar, then times \`POST …/deploys\` until the"
  echo "first 200 through httpd (Paddock: image for the release, container with every confinement, health"
  echo "gate, socket switch). The baseline times \`docker run -d\` of the same release image with the same"
  echo "confinement flags until its first 200 straight to the container's address (no httpd, no health gate)."
  echo "Round 1 of Paddock includes building the release image; later rounds reuse it."
  echo
  echo "The four phases of a Paddock deploy come from its own steps (clocks of this host, ms): POST to"
  echo "\`starting\` (queue, release image, socket directory, egress rules), \`starting\` to \`healthy\`"
  echo "(container and JVM start, health gate), \`healthy\` to \`live\` (switch, edge routes), \`live\` to"
  echo "the first 200 seen through httpd."
  echo
  echo "| round | Paddock deploy → 200 via httpd (ms) | → starting | → healthy | → live | → 200 | docker run → 200 direct (ms) |"
  echo "|---|---|---|---|---|---|---|"
  for i in "${!paddock[@]}"; do echo "| $((i + 1)) | ${paddock[$i]} | ${phases[$i]} | ${docker_run[$i]} |"; done
  echo "| **median** | **$p_med** (rounds 2+: $p_warm) | | | | | **$d_med** |"
} >"$out"
cat "$out"
