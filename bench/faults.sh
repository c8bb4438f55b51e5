#!/usr/bin/env bash
# The edge's httpd killed outright, again and again, under load: every httpd process is SIGKILLed
# while wrk keeps 8 connections busy on the hello handler, and the control plane starts httpd again.
# For each kill: the time until the app answers again through httpd, and the requests that failed.
#
#   bench/faults.sh [kills]   (default 10)
#
# Needs ./paddock test's setup, a build (./mvnw -q -DskipTests package), wrk, jq and curl. Prints
# the figures and writes them, with the machine's figures, to docs/benchmarks/faults.md.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-10}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
example=examples/hello-handler/target/hello-handler.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "$example" wrk jq curl python3 pgrep

median() { sort -n | awk '{a[NR]=$1} END {print (NR == 0 ? "-" : NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh

app_api="$api/bench/apps/hello" host="hello.bench.localhost"
call -X POST "$api" -d '{"name":"bench"}' >/dev/null
call -X POST "$api/bench/apps" -d '{"name":"hello"}' >/dev/null
release=$(call -X POST "$app_api/releases" -H 'Content-Type: application/java-archive' \
  --data-binary "@$example" | jq -er .version)
call -X POST "$app_api/deploys" -d "{\"release\":$release}" >/dev/null
deadline=$((SECONDS + 300))
until [ "$(curl -s -m 5 -H "Host: $host" "$edge/")" = "Hello from Paddock (handler)" ]; do
  [ $SECONDS -lt $deadline ] || { echo "the app was not served within 300 s" >&2; exit 1; }
  sleep 0.2
done

# One kill: wrk runs 3 s, then every httpd process is SIGKILLed; the edge is polled every 20 ms
# until the app answers again, and wrk stops 3 s after that. Appends "<ms> <failed> <requests>":
# failed are wrk's socket errors and non-2xx answers.
fault() {
  local t0 recovered failed requests pids
  wrk -t2 -c8 -d3600s -s bench/zero-downtime.lua -H "Host: $host" "$edge/" >"$data/wrk.out" 2>&1 &
  wrk_pid=$!
  background+=("$wrk_pid")
  sleep 3
  mapfile -t pids < <(httpd_pids)
  t0=$(now_ms)
  kill -KILL "${pids[@]}"
  until [ "$(curl -s -m 1 -H "Host: $host" "$edge/" 2>/dev/null)" = "Hello from Paddock (handler)" ]; do
    [ $(( $(now_ms) - t0 )) -lt 120000 ] || { echo "not served again within 120 s" >&2; exit 1; }
    sleep 0.02
  done
  recovered=$(( $(now_ms) - t0 ))
  sleep 3
  kill -INT "$wrk_pid"
  wait "$wrk_pid" || true
  requests=$(awk '$1 == "result" && $2 == "requests" {print $3}' "$data/wrk.out")
  failed=$(awk '$1 == "result" && $2 == "errors" {e = $4 + $6 + $8 + $10}
    $1 == "result" && $2 == "status" {s += $4} END {print e + s}' "$data/wrk.out")
  echo "$recovered $failed $requests" >>"$data/faults"
}

: >"$data/faults"
for i in $(seq 1 "$kills"); do
  fault
  read -r ms failed requests < <(tail -1 "$data/faults")
  echo "kill $i/$kills: served again after $ms ms; $failed failed attempts, $requests answers" >&2
  # Past the quiet while, so that every kill is a first restart, not a backed-off one.
  [ "$i" = "$kills" ] || sleep 61
done
restarts=$(call "http://127.0.0.1:$api_port/actuator/prometheus" \
  | awk '/^paddock_edge_restarts_total\{result="started"/ {s += $2} END {print s + 0}')

out=docs/benchmarks/faults.md
mkdir -p "$(dirname "$out")"
{
  echo "# Faults: the edge's httpd killed under load"
  echo
  echo "\`bench/faults.sh $kills\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB (load average $load at the start), Docker $(docker version -f '{{.Server.Version}}'), $(/usr/sbin/apache2 -v | head -1 | sed 's/Server version: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo
  echo "One app serves the hello-handler jar. $kills times: \`wrk -t2 -c8\` sends \`GET /\` through httpd"
  echo "without pause; after 3 s every process of the managed httpd gets SIGKILL; the edge is polled"
  echo "every 20 ms until the app answers again (\"served again\", from the kill); wrk stops 3 s later."
  echo "\"failed attempts\" counts wrk's socket errors and non-2xx answers over that run: while no"
  echo "httpd listens, wrk connects again at once and counts each refused connection as a read error,"
  echo "so the figure grows with the outage and the client's retry rate, far beyond the requests lost"
  echo "in flight (at most the 8 open connections' one each). \"answers\" are the requests wrk completed."
  echo "The kills are 61 s apart, past the supervisor's quiet while, so each restart is a first one"
  echo "(no backoff)."
  echo "The control plane counted $restarts restart(s) in \`paddock_edge_restarts_total\`."
  echo
  echo "| kill | served again after (ms) | failed attempts | answers |"
  echo "|---|---|---|---|"
  awk '{printf "| %d | %d | %d | %d |\n", NR, $1, $2, $3}' "$data/faults"
  echo
  echo "Served again after: median $(cut -d' ' -f1 "$data/faults" | median) ms, max $(cut -d' ' -f1 "$data/faults" | sort -n | tail -1) ms."
} >"$out"
cat "$out"
