#!/usr/bin/env bash
# Time from a deploy call to the first 200 through httpd, side by side with a bare `docker run`
# of the same release image to its first 200 (on Docker's default bridge, and on a network of its
# own as every tenant's sandboxes are), interleaved over several rounds, for the hello handler and
# the Spring Boot 4 example.
#
#   bench/deploy-latency.sh [rounds]      (default 5; needs ./paddock test's setup and a build)
#
# Both clients ask every $POLL_MS ms (default 10) from the start. A third baseline runs the container
# on its own network with the CPUs a Paddock sandbox's start gets ($START_CPUS, default 1.5,
# paddock.sandbox.start-cpus) rather than its limit's one.
#
# Prints a table and writes it, with the machine's figures, to docs/benchmarks/deploy-latency.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
# A release's AOT cache is trained once it is live; the training would take CPU from the baselines.
export PADDOCK_AOT_ENABLED=false
start_cpus=${START_CPUS:-1.5}
export PADDOCK_SANDBOX_START_CPUS=$start_cpus
jar=control-plane/target/paddock.jar
examples=(hello-handler spring-boot-4)
declare -A health=([spring-boot-4]=/actuator/health/readiness)
# What `docker run` gives the image's java: the image's own command for a handler, java -jar for
# a runnable jar.
declare -A command=([spring-boot-4]="-jar /app/app.jar")
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" examples/hello-handler/target/hello-handler.jar \
  examples/spring-boot-4/target/spring-boot-4.jar curl python3 docker
# Sandboxes are sampled as often as by default.
export PADDOCK_METRICS_INTERVAL=5s
# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh
trap 'docker ps -aq --filter "label=bench=$name" | xargs -r docker rm -f >/dev/null
  docker network rm "$name-own" >/dev/null 2>&1 || true; cleanup' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
# The wall clock (ms) when the server at $1 (host:port) first answers 2xx for Host $2; polled
# every $POLL_MS ms by one process.
first_ok() { python3 bench/lib/first-ok.py "$@" || { tail -5 "$data/control-plane.log" >&2; exit 1; }; }
# Milliseconds from ISO time $1 to ISO time $2 (Docker's and Paddock's clocks; this host's).
between() {
  python3 -c 'import sys, datetime, re
ms = lambda iso: datetime.datetime.fromisoformat(re.sub(r"(\.\d{1,6})\d*", r"\1", iso.rstrip("Z")) + "+00:00").timestamp() * 1000
print(round(ms(sys.argv[2]) - ms(sys.argv[1])))' "$1" "$2"
}
iso() { date -u -d "@$(($1 / 1000)).$(printf %03d $(($1 % 1000)))" +%Y-%m-%dT%H:%M:%S.%3NZ; }

call -X POST "$api" -d '{"name":"bench"}' >/dev/null
# On its own network the container gets a fixed address, so that the client polls it from the
# start as it polls the edge during a deploy (a poll that finds nothing costs the host a little
# either way); on the default bridge the address is known only once `docker run` returns. A fixed
# address needs a subnet given at creation: the one Docker picks, given back to it.
docker network create --label "bench=$name" "$name-own" >/dev/null
subnet=$(docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' "$name-own")
docker network rm "$name-own" >/dev/null
docker network create --label "bench=$name" --subnet "$subnet" "$name-own" >/dev/null
own_ip=$(docker network inspect -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}' "$name-own" | sed 's/\.[0-9]*$/.10/')
# Runs the release image $1 with a sandbox's confinement on network $2, with $3 CPUs (default 1, the
# sandbox's limit), until its first 200 straight to the container; prints the milliseconds, then
# where they went: to the container created, to it started (Docker's clock), to the 200.
docker_run() {
  local t0 t1 id ip= poller answer=$data/first-ok uid=$(( 200000 + RANDOM )) created started
  local address=()
  [ "$2" = bridge ] || { ip=$own_ip address=(--ip "$own_ip"); }
  # More CPUs than the limit: the JVM is told the limit's processor count, as Paddock tells it.
  [ -z "${3:-}" ] || address+=(-e JDK_JAVA_OPTIONS=-XX:ActiveProcessorCount=1)
  t0=$(now_ms)
  [ -z "$ip" ] || { python3 bench/lib/first-ok.py "$ip:8080" >"$answer" & poller=$!; }
  # shellcheck disable=SC2086  # the command is words
  id=$(docker run -d --label "bench=$name" --network "$2" "${address[@]}" --user "$uid:$uid" --read-only \
    --tmpfs /tmp:size=64m --cap-drop ALL --security-opt no-new-privileges --memory 256m \
    --memory-swap 256m --cpus "${3:-1}" --pids-limit 256 -e PORT=8080 "$1" ${command[$example]:-})
  if [ -n "$ip" ]; then
    wait "$poller" || { echo "no answer from the container" >&2; exit 1; }
    t1=$(cat "$answer")
  else
    ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$id")
    t1=$(first_ok "$ip:8080")
  fi
  read -r created started < <(docker inspect -f '{{.Created}} {{.State.StartedAt}}' "$id")
  echo "$((t1 - t0)) $(between "$(iso "$t0")" "$created") $(between "$created" "$started") $(between "$started" "$(iso "$t1")")"
  docker rm -f "$id" >/dev/null
}

: >"$data/results"
for round in $(seq 1 "$rounds"); do
  for example in "${examples[@]}"; do
  app="$example-$round"
  call -X POST "$api/bench/apps" -d "{\"name\":\"$app\"}" >/dev/null
  if [ -n "${health[$example]:-}" ]; then
    call -X PUT "$api/bench/apps/$app/health-check" -d "{\"path\":\"${health[$example]}\"}" >/dev/null
  fi
  call -X POST "$api/bench/apps/$app/releases" -H 'Content-Type: application/java-archive' \
    --data-binary "@examples/$example/target/$example.jar" >/dev/null
  sleep 1  # let the app's new route settle before the clock starts
  t0=$(now_ms)
  deploy=$(call -X POST "$api/bench/apps/$app/deploys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  t1=$(first_ok "127.0.0.1:$edge_port" "$app.bench.localhost")
  # Where the time went, from the deploy's own steps and its container's clock: the POST to
  # "starting" (queue, socket directory, egress), to the container created (the release image, built
  # in round 1), to the container started (Docker: its network, mounts, cgroups), to "healthy" (the
  # JVM start, the health gate), to "live" (the switch and the edge's routes), to the 200 seen
  # through httpd.
  container=$(docker ps -q --filter "label=paddock.managed-by=$name" --filter "label=paddock.deploy=$deploy" | head -1)
  image=$(docker inspect -f '{{.Config.Image}}' "$container")
  phases=$(call "$api/bench/apps/$app/deploys/$deploy" | python3 -c '
import json, sys, datetime
t0, t1 = int(sys.argv[1]), int(sys.argv[2])
ms = lambda iso: datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")[:26] + "+00:00").timestamp() * 1000
at = {}
for s in json.load(sys.stdin)["steps"]:
    at.setdefault(s["step"], ms(s["at"]))
marks = [t0, at.get("starting"), ms(sys.argv[3]), ms(sys.argv[4]), at.get("healthy"), at.get("live"), t1]
print(" | ".join("?" if a is None or b is None else str(round(b - a)) for a, b in zip(marks, marks[1:])))
' "$t0" "$t1" "$(docker inspect -f '{{.Created}}' "$container")" "$(docker inspect -f '{{.State.StartedAt}}' "$container")")
  read -r bridge _ < <(docker_run "$image" bridge)
  read -r boosted _ < <(docker_run "$image" "$name-own" "$start_cpus")
  own=$(docker_run "$image" "$name-own")
  echo "$example $round $((t1 - t0)) $bridge $boosted $own | $phases" | tee -a "$data/results" >&2
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
col() { awk -v e="$1" -v c="$2" '$1 == e {print $c}' "$data/results"; }
out=docs/benchmarks/deploy-latency.md
mkdir -p "$(dirname "$out")"
{
  echo "# Deploy latency: Paddock deploy vs bare docker run"
  echo
  echo "\`${POLL_MS:+POLL_MS=$POLL_MS }bench/deploy-latency.sh $rounds\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB, Docker $(docker version -f '{{.Server.Version}}'), $(/usr/sbin/apache2 -v | head -1 | sed 's/Server version: //')."
  echo
  echo "Each round creates a new app per example, uploads its jar, then times \`POST …/deploys\` until the"
  echo "first 200 through httpd (Paddock: image for the release, container with every confinement on the"
  echo "tenant's own network, health gate, socket switch). The baselines time"
  echo "\`docker run -d\` of the same release image with the same confinement flags until its first 200"
  echo "straight to the container's address (no httpd, no health gate): on Docker's default bridge, and on"
  echo "a user-defined network as a tenant's sandboxes are, with the sandbox's limit (1 CPU) and with the"
  echo "$start_cpus CPUs Paddock gives a sandbox from its start until it is healthy (\`paddock.sandbox.start-cpus\`;"
  echo "its JVM is told 1 processor, as at its limit). Round 1 of Paddock includes building the"
  echo "release image (a Spring Boot jar extracted into it); later rounds reuse it (the same jar)."
  echo
  echo "The phases of a Paddock deploy come from its own steps and its container's (clocks of this host, ms):"
  echo "POST to \`starting\` (queue, socket directory, egress rules), to the container created (the release"
  echo "image, built in round 1), to the container started (Docker: network, mounts, cgroups), to \`healthy\`"
  echo "(the JVM's start, the health gate), to \`live\` (switch, edge routes), to the first 200 seen through"
  echo "httpd. The last three columns split the run on its own network the same way: \`docker run\` to"
  echo "the container created, to it started, to its first 200."
  echo
  echo "Both clients ask every ${POLL_MS:-10} ms from the moment the clock starts, from one Python process"
  echo "(\`bench/lib/first-ok.py\`, \`POLL_MS\` sets the period); the container run by hand gets a fixed"
  echo "address on its network so that its client asks from the start too. What a try costs differs:"
  echo "through the edge httpd answers each with the app's 503 page until the switch (about 0.7 ms of"
  echo "httpd's CPU here), the container run by hand refuses the connection. On two cores that load"
  echo "shows in Docker's start of the container, which is CPU-bound (dockerd re-executes itself to set"
  echo "up the network namespace and its embedded DNS, \"sandbox set key processing\" 290–540 ms in its"
  echo "debug log). Compare \`→ started\` with the baseline's, and \`→ healthy\` (the JVM's start to the"
  echo "health gate's yes) with its \`→ 200\`. A new jar's first deploy also builds its release image"
  echo "(round 1)."
  echo
  echo "| app | median Paddock deploy → 200 via httpd (ms) | rounds 2+ | docker run → 200, default bridge | × | docker run → 200, own network | × | the same, $start_cpus CPUs | × |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for example in "${examples[@]}"; do
    p=$(col "$example" 3 | median) w=–
    [ "$rounds" -lt 2 ] || w=$(col "$example" 3 | tail -n +2 | median)
    b=$(col "$example" 4 | median) c=$(col "$example" 5 | median) o=$(col "$example" 6 | median)
    echo "| $example | $p | $w | $b | $(ratio "$p" "$b") | $o | $(ratio "$p" "$o") | $c | $(ratio "$p" "$c") |"
  done
  echo
  echo "| app | round | Paddock → 200 via httpd (ms) | → starting | → created | → started | → healthy | → live | → 200 | docker run, bridge | docker run, own network, $start_cpus CPUs | docker run, own network | → created | → started | → 200 |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  while read -r example round total bridge boosted own created started ok _ phases; do
    echo "| $example | $round | $total | $phases | $bridge | $boosted | $own | $created | $started | $ok |"
  done <"$data/results"
} >"$out"
cat "$out"
