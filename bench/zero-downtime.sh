#!/usr/bin/env bash
# Traffic through httpd while one app is deployed, restarted and rolled back again and again: wrk
# keeps 16 connections busy on an example app the whole time, and counts every non-2xx response
# and socket error, while the rollouts run one after another, each until it is live or failed.
#
#   bench/zero-downtime.sh [deploys] [restarts] [rollbacks]   (default 20 20 5)
#   INSTANCES=3 bench/zero-downtime.sh …                         (the app's instances; default 1)
#   EXAMPLE=hello-runnable bench/zero-downtime.sh …              (the example app; default
#                                                                  hello-handler; both serve /release)
#
# Needs ./paddock test's setup, a build (./mvnw -q -DskipTests package), wrk and jq. Prints the
# figures and writes them, with the machine's figures, to docs/benchmarks/zero-downtime.md (for
# another example zero-downtime-<example>.md; with more instances, -<n>-instances before .md).
set -euo pipefail
cd "$(dirname "$0")/.."
deploys=${1:-20} restarts=${2:-20} rollbacks=${3:-5} instances=${INSTANCES:-1}
example_name=${EXAMPLE:-hello-handler}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
example=examples/$example_name/target/$example_name.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "$example" wrk jq curl python3
if python3 -c 'import sys, zipfile; m = zipfile.ZipFile(sys.argv[1]).read("META-INF/MANIFEST.MF"); sys.exit(b"Paddock-Handler:" not in m)' "$example"; then
  example_kind="a handler jar, served by the runner's Jetty"
else
  example_kind="a runnable jar with its own HTTP server, which the runner's bridge carries connections to"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR == 0 ? "-" : NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

load=$(cut -d' ' -f1 /proc/loadavg)
data=$(mktemp -d /tmp/paddock.XXXXXX) && chmod 755 "$data"
# A copy, so that a rebuild while the benchmark runs cannot change the jar under the running JVM.
cp "$jar" "$data/paddock.jar"
api_port=$(free_port) edge_port=$(free_port) name="bench$$" admin="bench-$RANDOM$RANDOM"
PADDOCK_DATA_DIR=$data PADDOCK_NAME=$name PADDOCK_ADMIN_TOKEN=$admin SERVER_PORT=$api_port \
  PADDOCK_EDGE_PORT=$edge_port PADDOCK_EDGE_HTTPD_STOP_ON_EXIT=true \
  "$JAVA_HOME/bin/java" -jar "$data/paddock.jar" >"$data/control-plane.log" 2>&1 &
cp_pid=$! wrk_pid=""
cleanup() {
  [ -z "$wrk_pid" ] || kill "$wrk_pid" 2>/dev/null || true
  kill "$cp_pid" 2>/dev/null && wait "$cp_pid" 2>/dev/null || true
  docker ps -aq --filter "label=paddock.managed-by=$name" | xargs -r docker rm -f >/dev/null
  docker images -q --filter "label=paddock.managed-by=$name" | xargs -r docker rmi -f >/dev/null 2>&1 || true
  docker network ls -q --filter "label=paddock.managed-by=$name" | xargs -r docker network rm >/dev/null 2>&1 || true
  # As root each app's socket directory is a tmpfs of its own, which outlives the control plane.
  findmnt -rn -o TARGET | grep "^$data/" | xargs -r umount -l 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

api="http://127.0.0.1:$api_port/api/v1" app_api="http://127.0.0.1:$api_port/api/v1/tenants/bench/apps/zd"
edge="http://127.0.0.1:$edge_port" host="zd.bench.localhost"
call() { curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
until curl -sf "http://127.0.0.1:$api_port/actuator/health" >/dev/null; do
  kill -0 "$cp_pid" 2>/dev/null || { tail -20 "$data/control-plane.log" >&2; exit 1; }
  sleep 0.2
done
call -X POST "$api/tenants" -d '{"name":"bench"}' >/dev/null
call -X POST "$api/tenants/bench/apps" -d "{\"name\":\"zd\",\"instances\":$instances}" >/dev/null
upload() {
  call -X POST "$app_api/releases" -H 'Content-Type: application/java-archive' \
    --data-binary "@$example" | jq -er .version
}
r1=$(upload) r2=$(upload)

# Starts one rollout (deploy|restart|rollback) and follows it until it is no longer pending.
# Appends "<kind> <final status> <ms>" to $data/ops, or the kind to $data/missing when the server
# has no such endpoint (restart and rollback are newer than deploy).
rollout() {
  local kind=$1 release=${2:-} path body=() code id status t0 deadline
  case $kind in
    deploy) path=deploys body=(-d "{\"release\":$release}") ;;
    restart) path=restart ;;
    rollback) path=rollback body=(-d "{\"release\":$release}") ;;
  esac
  t0=$(now_ms) deadline=$((SECONDS + 300))
  # 409 means a rollout of this app is still pending (the previous one's last step): try again.
  while code=$(curl -s -o "$data/answer" -w '%{http_code}' -X POST -H "Authorization: Bearer $admin" \
      -H 'Content-Type: application/json' "${body[@]}" "$app_api/$path") \
      && [ "$code" = 409 ] && [ $SECONDS -lt $deadline ]; do
    sleep 0.2
  done
  if [ "$code" != 202 ]; then
    echo "$kind ${release}: HTTP $code $(head -c 300 "$data/answer")" >&2
    if [ "$kind" != deploy ] && { [ "$code" = 404 ] || [ "$code" = 405 ]; }; then
      echo "$kind" >>"$data/missing"
    else
      echo "$kind rejected-$code -" >>"$data/ops"
    fi
    return 0
  fi
  id=$(jq -er .id "$data/answer") status=$(jq -r .status "$data/answer")
  while [ "$status" = pending ] && [ $SECONDS -lt $deadline ]; do
    sleep 0.1
    # The same URL also streams server-sent events: ask for JSON explicitly.
    status=$(call -H 'Accept: application/json' "$app_api/deploys/$id" | jq -r .status) || status=pending
  done
  [ "$status" != pending ] || status=timed-out
  echo "$kind $status $(( $(now_ms) - t0 ))" >>"$data/ops"
}

# Prints the ms until GET /release through httpd names release $1 (or "never" within 15 s):
# requests that httpd sends on a kept-alive connection to the old sandbox still reach it until
# that sandbox drains.
switched() {
  local t0 deadline=$((SECONDS + 15))
  t0=$(now_ms)
  until [ "$(curl -s -m 5 -H "Host: $host" "$edge/release" | tr -d '\n')" = "$1" ]; do
    [ $SECONDS -lt $deadline ] || { echo never; return; }
    sleep 0.05
  done
  echo $(( $(now_ms) - t0 ))
}

# Runs $2 rollouts of kind $1; deploys alternate between the two releases, rollbacks go to the
# one that is not live. After a deploy or rollback goes live, times until the edge serves it.
live=""
run() {
  local kind=$1 count=$2 i target status ms switch
  for i in $(seq 1 "$count"); do
    case $kind in
      deploy) target=$([ $((i % 2)) = 1 ] && echo "$r2" || echo "$r1") ;;
      restart) target=$live ;;
      rollback) target=$([ "$live" = "$r1" ] && echo "$r2" || echo "$r1") ;;
    esac
    rollout "$kind" "$target"
    grep -qx "$kind" "$data/missing" && return 0
    read -r _ status ms < <(tail -1 "$data/ops")
    switch=""
    # A restart brings up the same release again: /release cannot tell the two sandboxes apart.
    if [ "$status" = live ] && [ "$kind" != restart ]; then
      switch=$(switched "$target")
      echo "$kind $switch" >>"$data/switch"
    fi
    [ "$status" != live ] || live=$target
    echo "$kind $i/$count → release $target: $status in $ms ms${switch:+; served $switch ms later}" >&2
  done
}

: >"$data/ops" && : >"$data/switch" && : >"$data/missing"
rollout deploy "$r1"
[ "$(tail -1 "$data/ops" | cut -d' ' -f2)" = live ] || { echo "the first deploy did not go live" >&2; exit 1; }
: >"$data/ops" && live=$r1
until curl -sf -o /dev/null -H "Host: $host" "$edge/"; do sleep 0.05; done

wrk -t2 -c16 -d3600s --latency -s bench/zero-downtime.lua -H "Host: $host" "$edge/" >"$data/wrk.out" 2>&1 &
wrk_pid=$!
sleep 3  # a baseline under load; wrk also only handles SIGINT once its threads run
t_start=$(now_ms)
run deploy "$deploys"
run restart "$restarts"
run rollback "$rollbacks"
ops_s=$(( ($(now_ms) - t_start) / 1000 ))
sleep 5  # the last rollout's old sandbox drains under load too
# wrk ends on SIGINT like at the end of its duration: it stops, runs done() and prints its summary.
kill -INT "$wrk_pid" 2>/dev/null || echo "wrk ended before the rollouts did: its figures cover less" >&2
for _ in $(seq 1 100); do kill -0 "$wrk_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$wrk_pid" 2>/dev/null && { echo "wrk did not stop on SIGINT" >&2; exit 1; }
wait "$wrk_pid" || true
wrk_pid=""
grep -q '^result requests' "$data/wrk.out" || { cat "$data/wrk.out" >&2; exit 1; }
grep -v '^result ' "$data/wrk.out" >&2

figure() { awk -v k="$1" -v n="$2" '$1 == "result" && $2 == k {print $n}' "$data/wrk.out"; }
ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }
requests=$(figure requests 3) seconds=$(awk -v us="$(figure duration_us 3)" 'BEGIN {printf "%.1f", us / 1e6}')
statuses=$(awk '$1 == "result" && $2 == "status" {printf "%s%s: %s", sep, $3, $4; sep = ", "}' "$data/wrk.out")
errors="$(figure errors 4) / $(figure errors 6) / $(figure errors 8) / $(figure errors 10)"
latency="$(ms "$(figure latency_us 4)") / $(ms "$(figure latency_us 6)") / $(ms "$(figure latency_us 8)") / $(ms "$(figure latency_us 10)")"
row() {
  local kind=$1 wanted=$2
  if grep -qx "$kind" "$data/missing"; then
    echo "| $kind | $wanted | not available: the server answered 404/405 | | | | |"
    return
  fi
  awk -v k="$kind" -v w="$wanted" '$1 == k {n++; s[$2]++}
    END {printf "| %s | %d | %d | %d | %d | ", k, w, n, s["live"], s["failed"]; other = n - s["live"] - s["failed"]; printf "%d | ", other}' "$data/ops"
  awk -v k="$kind" '$1 == k && $3 != "-" {print $3}' "$data/ops" | median | tr -d '\n'
  echo " |"
}
switches=$(wc -l <"$data/switch") at_once=$(awk '$2 != "never" && $2 < 100' "$data/switch" | wc -l)
never=$(grep -c ' never$' "$data/switch" || true)
switch_median=$(awk '$2 != "never" {print $2}' "$data/switch" | median)
switch_max=$(awk '$2 != "never" {print $2}' "$data/switch" | sort -n | tail -1)

out=docs/benchmarks/zero-downtime
[ "$example_name" = hello-handler ] || out=$out-$example_name
[ "$instances" = 1 ] || out=$out-$instances-instances
out=$out.md
mkdir -p "$(dirname "$out")"
{
  echo "# Zero downtime: traffic through httpd during deploys, restarts and rollbacks"
  echo
  echo "\`$([ "$instances" = 1 ] || echo "INSTANCES=$instances ")$([ "$example_name" = hello-handler ] || echo "EXAMPLE=$example_name ")bench/zero-downtime.sh $deploys $restarts $rollbacks\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB (load average $load at the start), Docker $(docker version -f '{{.Server.Version}}'), $(/usr/sbin/apache2 -v | head -1 | sed 's/Server version: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo
  echo "One app with $instances instance(s) serves the $example_name jar ($example_kind), uploaded twice (releases $r1 and $r2). While"
  echo "\`wrk -t2 -c16 --latency\` sends \`GET /\` through httpd without pause, the script runs, one after"
  echo "another and each until it is no longer \`pending\`: $deploys deploys alternating between the two"
  echo "releases, $restarts restarts, and $rollbacks rollbacks to whichever release is not live. wrk starts"
  echo "3 s before the first rollout and stops (SIGINT) 5 s after the last; a Lua script counts"
  echo "responses by status. A rollout's time runs from its POST to its final status (polled every"
  echo "100 ms). After each deploy or rollback is \`live\`, \`GET /release\` through httpd is polled every"
  echo "50 ms until it names the new release: until then httpd still sends some requests on connections"
  echo "it keeps open to the old sandbox, which answers them while it drains. \"other\" counts rollouts"
  echo "refused (a 4xx/5xx other than 409, which is retried) or still \`pending\` after 300 s."
  echo
  echo "| traffic | |"
  echo "|---|---|"
  echo "| requests | $requests in $seconds s ($(awk -v r="$requests" -v s="$seconds" 'BEGIN {printf "%d", r / s}') req/s) |"
  echo "| non-2xx responses | ${statuses:-none} |"
  echo "| socket errors (connect / read / write / timeout) | $errors |"
  echo "| latency p50 / p90 / p99 / max (ms) | $latency |"
  echo "| rollouts took | $ops_s s in all |"
  echo "| new release served, after \`live\` (ms, median / max) | ${switch_median:--} / ${switch_max:--} ($at_once of $switches within 100 ms, $never never) |"
  echo
  echo "| rollout | asked | done | live | failed | other | median time (ms) |"
  echo "|---|---|---|---|---|---|---|"
  row deploy "$deploys"
  row restart "$restarts"
  row rollback "$rollbacks"
} >"$out"
cat "$out"
