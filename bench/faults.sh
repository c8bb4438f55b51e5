#!/usr/bin/env bash
# The platform's faults, one at a time, while wrk keeps 8 connections busy on an app through the
# edge: every httpd process SIGKILLed (several times), the embedded PostgreSQL SIGKILLed, dockerd
# restarted, and the control plane SIGKILLed mid-deploy of a second app. For each fault: the time
# until it is repaired and the requests that failed; for PostgreSQL also how fast the API answered
# while it was away, and the rows before and after.
#
#   bench/faults.sh [httpd kills]   (default 3)
#
# Restarts dockerd, which stops every container of the host: run it alone, under the exclusive
# lock (flock -x -o …), as root. Needs ./paddock test's setup, a build
# (./mvnw -q -DskipTests package), wrk, jq, curl, unzip and python3. Prints the figures and writes
# them, with the machine's figures, to docs/benchmarks/faults.md.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-3}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
example=examples/hello-handler/target/hello-handler.jar
hello="Hello from Paddock (handler)"
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "$example" wrk jq curl unzip python3 pgrep
[ "$(id -u)" = 0 ] || { echo "faults.sh restarts dockerd: run it as root" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR == 0 ? "-" : NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh
# Started again after its kill as ./paddock run starts it: from the AOT cache of its classes (made
# here once per build, before any fault).
mapfile -t start_args < <(bin/control-plane-start "$data/paddock.jar")
# Stopped by a signal (a timeout), it still cleans up: its control plane, sandboxes and data dir.
trap 'exit 143' TERM INT

tenant_api="$api/bench" app_api="$api/bench/apps/hello" host="hello.bench.localhost"
call -X POST "$api" -d '{"name":"bench"}' >/dev/null
for app in hello other; do
  call -X POST "$tenant_api/apps" -d "{\"name\":\"$app\"}" >/dev/null
  upload "$tenant_api/apps/$app" "$example"
done
rollout "$app_api" deploys
served() { [ "$(curl -s -m 1 -H "Host: $1" "$edge/" 2>/dev/null)" = "$hello" ]; }
# Polls every 20 ms until host $1 answers through the edge, at most $2 s from $3 (ms); prints the
# ms, or "not within $2 s" (the table says so, and the battery goes on).
until_served() {
  until served "$1"; do
    [ $(( $(now_ms) - $3 )) -lt $(( $2 * 1000 )) ] || { echo "not within $2 s"; return; }
    sleep 0.02
  done
  echo $(( $(now_ms) - $3 ))
}
until_served "$host" 300 "$(now_ms)" >/dev/null

# wrk on the hello app through the edge, from start_load until stop_load, which sets failed (wrk's
# socket errors and non-2xx answers) and answers.
start_load() {
  wrk -t2 -c8 -d3600s -s bench/zero-downtime.lua -H "Host: $host" "$edge/" >"$data/wrk.out" 2>&1 &
  wrk_pid=$!
  background+=("$wrk_pid")
  sleep 3
}
stop_load() {
  sleep 3
  kill -INT "$wrk_pid"
  wait "$wrk_pid" || true
  read -r failed answers < <(awk '$1 == "result" && $2 == "errors" {e = $4 + $6 + $8 + $10}
    $1 == "result" && $2 == "status" {s += $4}
    $1 == "result" && $2 == "requests" {r = $3} END {print e + s, r}' "$data/wrk.out")
}

: >"$data/faults"
# One row of the table: fault, repaired after (ms), failed, answers, notes.
row() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$data/faults"; echo "$*" >&2; }

# 1. Every httpd process SIGKILLed; repaired when the app answers again through the edge.
for i in $(seq 1 "$kills"); do
  start_load
  mapfile -t pids < <(httpd_pids)
  t0=$(now_ms)
  kill -KILL "${pids[@]}"
  ms=$(until_served "$host" 120 "$t0")
  stop_load
  row "httpd SIGKILL ($i/$kills)" "$ms" "$failed" "$answers" "edge serving again"
  # Past the supervisor's quiet while, so that every kill is a first restart, not a backed-off one.
  [ "$i" = "$kills" ] || sleep 61
done

# 2. The embedded PostgreSQL SIGKILLed (postmaster and backends). Before it, 20 tokens are created,
# each acknowledged; while it is away, the API is asked every 100 ms; repaired when it answers 200.
unzip -qjo "$data/paddock.jar" 'BOOT-INF/lib/postgresql-*.jar' -d "$data/jdbc"
count_rows() {
  local port
  port=$(sed -n 4p "$data/postgres/postmaster.pid" | tr -d ' ')
  "$JAVA_HOME/bin/java" -cp "$(echo "$data"/jdbc/postgresql-*.jar)" bench/lib/CountRows.java \
    "jdbc:postgresql://127.0.0.1:$port/postgres"
}
for i in $(seq 1 20); do
  call -X POST "$tenant_api/tokens" -d "{\"name\":\"before-kill-$i\",\"role\":\"viewer\"}" >/dev/null
done
count_rows >"$data/rows-before"
start_load
( while [ ! -f "$data/probe-stop" ]; do
    curl -s -o /dev/null -m 10 -w '%{http_code} %{time_total}\n' \
      -H "Authorization: Bearer $admin" "$app_api" || true
    sleep 0.1
  done ) >"$data/probe" &
probe_pid=$!
background+=("$probe_pid")
sleep 1
postmaster=$(head -1 "$data/postgres/postmaster.pid")
t0=$(now_ms)
pkill -KILL -P "$postmaster" || true
kill -KILL "$postmaster"
sleep 0.2
until [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' -H "Authorization: Bearer $admin" "$app_api")" = 200 ]; do
  [ $(( $(now_ms) - t0 )) -lt 120000 ] || { echo "the API did not answer 200 within 120 s" >&2; exit 1; }
  sleep 0.05
done
ms=$(( $(now_ms) - t0 ))
sleep 2
touch "$data/probe-stop"
wait "$probe_pid" || true
stop_load
count_rows >"$data/rows-after"
lost=$(LC_ALL=C join <(LC_ALL=C sort "$data/rows-before") <(LC_ALL=C sort "$data/rows-after") | awk '$3 < $2 {l += $2 - $3} END {print l + 0}')
tokens=$(call "$tenant_api/tokens" | jq '[.[] | select(.name | startswith("before-kill-"))] | length')
probe=$(awk '{n++; c[$1]++; if ($2 > max) max = $2; if ($2 > 1) slow++}
  END {s = ""; for (k in c) s = s k "×" c[k] " "; printf "API asked %d times: %sslowest %.2f s, %d over 1 s", n, s, max, slow + 0}' "$data/probe")
row "embedded PostgreSQL SIGKILL" "$ms" "$failed" "$answers" \
  "API answering 200 again; $probe; rows lost $lost of $(awk '{s += $2} END {print s}' "$data/rows-before"); $tokens of 20 acknowledged tokens there"

# 3. dockerd stopped (SIGTERM: it stops the containers) and started again as it ran; repaired when
# the app answers again through the edge.
start_load
dockerd=$(pgrep -xo dockerd)
mapfile -d '' -t dockerd_line <"/proc/$dockerd/cmdline"
t0=$(now_ms)
kill -TERM "$dockerd"
while kill -0 "$dockerd" 2>/dev/null; do sleep 0.05; done
stopped=$(( $(now_ms) - t0 ))
# In a session of its own and with no descriptor of this script (a lock's among them).
python3 -c 'import subprocess, sys; subprocess.Popen(sys.argv[1:], start_new_session=True,
  stdin=subprocess.DEVNULL, stdout=open("/tmp/dockerd-faults.log", "ab"), stderr=subprocess.STDOUT)' \
  "${dockerd_line[@]}"
until docker info >/dev/null 2>&1; do sleep 0.1; done
engine=$(( $(now_ms) - t0 ))
ms=$(until_served "$host" 180 "$t0")
stop_load
containers=$(docker ps -q --filter "label=paddock.managed-by=$name" | wc -l)
row "dockerd restart" "$ms" "$failed" "$answers" \
  "app serving again; dockerd took $stopped ms to stop and answered again after $engine ms; $containers container(s) after"

# 4. The control plane SIGKILLed once the second app's sandbox exists and its deploy is not live;
# started again; repaired when that app answers through the edge. The load stays on the first.
start_load
deploy=$(call -X POST "$tenant_api/apps/other/deploys" -d '{}' | jq -er .id)
until [ "$(docker ps -aq --filter "label=paddock.managed-by=$name" --filter label=paddock.app=other | wc -l)" -ge 1 ]; do
  sleep 0.01
done
status=$(call -H 'Accept: application/json' "$tenant_api/apps/other/deploys/$deploy" | jq -r .status)
t0=$(now_ms)
kill -KILL "$cp_pid"
wait "$cp_pid" 2>/dev/null || true
start_control_plane
await_control_plane
api_back=$(( $(now_ms) - t0 ))
ms=$(until_served "other.bench.localhost" 300 "$t0")
stop_load
final=$(call -H 'Accept: application/json' "$tenant_api/apps/other/deploys/$deploy" | jq -r .status)
per_app=$(docker ps -a --filter "label=paddock.managed-by=$name" --format '{{.Label "paddock.app"}}' | sort | uniq -c | awk '{printf "%s%s: %d", (NR > 1 ? ", " : ""), $2, $1}')
row "control plane SIGKILL mid-deploy" "$ms" "$failed" "$answers" \
  "second app serving (deploy $status at the kill, $final after); API back after $api_back ms; containers: $per_app"

restarts=$(call "http://127.0.0.1:$api_port/actuator/prometheus" \
  | awk '/^paddock_edge_restarts_total\{result="started"/ {s += $2} END {print s + 0}')
events=$(call "http://127.0.0.1:$api_port/api/v1/platform?limit=500" | jq -r '[.events[].type] | group_by(.) | map("\(.[0]) ×\(length)") | join(", ")')

out=docs/benchmarks/faults.md
mkdir -p "$(dirname "$out")"
{
  echo "# Faults: the platform's parts killed under load"
  echo
  echo "\`bench/faults.sh $kills\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB (load average $load at the start), Docker $(docker version -f '{{.Server.Version}}'), $(/usr/sbin/apache2 -v | head -1 | sed 's/Server version: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo
  echo "A control plane with its embedded PostgreSQL; one app serves the hello-handler jar. One fault at"
  echo "a time while \`wrk -t2 -c8\` sends \`GET /\` to that app through httpd without pause, from 3 s"
  echo "before the fault until 3 s after it is repaired. \"repaired after\" is from the fault until what"
  echo "the notes name, polled every 20-50 ms. \"failed\" counts wrk's socket errors and non-2xx answers:"
  echo "while no httpd listens, wrk connects again at once and counts each refused connection, so for"
  echo "the httpd kills the figure grows with the outage and the client's retry rate, far beyond the"
  echo "requests lost in flight. The httpd kills are 61 s apart, past the supervisor's quiet while, so"
  echo "each restart is a first one (no backoff). For PostgreSQL, 20 tokens are created (each one"
  echo "acknowledged) before the kill, every table's rows are counted before and after, and the API"
  echo "is asked for the app every 100 ms meanwhile (goal: an answer, 503 or 200, within 1 s at all"
  echo "times). dockerd is stopped with SIGTERM, which stops the sandboxes (Paddock does not ask for"
  echo "live-restore), and started again with its own command line. The control plane is killed"
  echo "once a second app's sandbox exists and its deploy is not live, then started again as"
  echo "\`./paddock run\` starts it (\`bin/control-plane-start\`: from an AOT cache of its classes)."
  echo
  echo "| fault | repaired after (ms) | failed | answers | notes |"
  echo "|---|---|---|---|---|"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5}' "$data/faults"
  echo
  echo "httpd served again after: median $(grep '^httpd' "$data/faults" | cut -f2 | median) ms, max $(grep '^httpd' "$data/faults" | cut -f2 | sort -n | tail -1) ms."
  echo "The control plane counted $restarts httpd restart(s) in \`paddock_edge_restarts_total\` (since its"
  echo "last start), and its platform events were: $events."
} >"$out"
cat "$out"
