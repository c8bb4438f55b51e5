#!/usr/bin/env bash
# What the sandbox runner's Unix-socket bridge costs a runnable jar, alone, and what the app costs
# when it answers on the Unix socket itself: the hello-runnable example (the JDK's HTTP server) runs
# on the host as a sandbox runs it (java -javaagent:agent.jar -jar app.jar, the runner beside the app
# in its JVM), and one load client (bench/bridge/HopLoad.java, keep-alive, since wrk cannot reach a
# Unix socket) hits it straight on its TCP port (direct) and through the bridge's socket (bridged);
# a second JVM of the same jar and agent runs with bench/bridge/listen.c preloaded, which turns the
# app's own listener on $PORT into a Unix socket (listening). In turn, after a warm-up of each.
#
#   bench/bridge-hop.sh [rounds] [seconds] [connections]   (default 5 10 8)
#   WARMUP=20 bench/bridge-hop.sh …                        (seconds of warm-up per case; default 10)
#
# Prints requests per second and the JVM's CPU time per request for each, as medians: on a busy
# host the requests per second follow the neighbours, the CPU time much less. The bridge's cost is
# the runner's extra CPU time per request over the app's own. Needs a build
# (./mvnw -q -DskipTests package), a C compiler (cc) and Java 25 (JAVA_HOME, else java on the
# PATH). Writes the figures, with the machine's, to docs/benchmarks/bridge-hop.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5} seconds=${2:-10} conns=${3:-8} warmup=${WARMUP:-10}
load=$(cut -d' ' -f1-3 /proc/loadavg)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
runner=sandbox-runner/target/sandbox-runner.jar agent=sandbox-runner/target/paddock-agent.jar
example=examples/hello-runnable/target/hello-runnable.jar
# shellcheck source=bench/lib/needs.sh
. bench/lib/needs.sh
needs "$runner" "$agent" "$example" python3 cc

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR == 0 ? "-" : NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

data=$(mktemp -d -t paddock.XXXXXX)
port=$(free_port) admin=$(free_port) socket=$data/app.sock
PORT=$port PADDOCK_ADMIN_PORT=$admin PADDOCK_SOCKET=$socket \
  "$java" -Xmx256m -javaagent:"$agent=$PWD/$runner" -jar "$example" >"$data/runner.log" 2>&1 &
pid=$!
cc -O2 -shared -fPIC -o "$data/listen.so" bench/bridge/listen.c -ldl
listening=$data/listen.sock
LD_PRELOAD=$data/listen.so PADDOCK_LISTEN_PATH=$listening PORT=$(free_port) PADDOCK_ADMIN_PORT=$(free_port) \
  "$java" -Xmx256m -javaagent:"$agent=$PWD/$runner" -jar "$example" >"$data/listening.log" 2>&1 &
listening_pid=$!
trap 'kill "$pid" "$listening_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do [ -S "$socket" ] && [ -S "$listening" ] && break; sleep 0.1; done
[ -S "$socket" ] || { echo "the runner did not start: $(cat "$data/runner.log")" >&2; exit 1; }
[ -S "$listening" ] || { echo "the app did not listen on $listening: $(cat "$data/listening.log")" >&2; exit 1; }

load() { "$java" bench/bridge/HopLoad.java "$1" "$2" "$conns" "$3"; }
load "$port" "$warmup" "$pid" >/dev/null && load "$socket" "$warmup" "$pid" >/dev/null
load "$listening" "$warmup" "$listening_pid" >/dev/null
for round in $(seq 1 "$rounds"); do
  for case in direct bridged listening; do
    case $case in
      direct) line=$(load "$port" "$seconds" "$pid") ;;
      bridged) line=$(load "$socket" "$seconds" "$pid") ;;
      listening) line=$(load "$listening" "$seconds" "$listening_pid") ;;
    esac
    echo "round $round $case: $line" | tee -a "$data/rounds"
    echo "$line" | awk '{print $1}' >>"$data/$case.rps"
    echo "$line" | awk '{print $4}' >>"$data/$case.us"
  done
done
for case in direct bridged listening; do
  echo "$case: $(median <"$data/$case.rps") req/s, $(median <"$data/$case.us") us of CPU per request in the JVM"
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average at the end: $load_end"

rps() { median <"$data/$1.rps"; }
us() { median <"$data/$1.us"; }
minmax() { sort -g "$data/$1" | awk 'NR == 1 {min = $1} {max = $1} END {printf "%s–%s", min, max}'; }
out=docs/benchmarks/bridge-hop.md
{
  echo "# The runnable jar's bridge hop, alone, and the app on the Unix socket itself"
  echo
  echo "\`bench/bridge-hop.sh $rounds $seconds $conns\` (warm-up $warmup s per case) on $(date -u +%Y-%m-%d): $(nproc) cores"
  echo "($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB, load average $load at the start and $load_end at the"
  echo "end, $("$java" -version 2>&1 | head -1)."
  echo
  echo "The hello-runnable example (the JDK's HTTP server, virtual threads) runs on the host as a sandbox"
  echo "runs it, \`java -javaagent:paddock-agent.jar -jar hello-runnable.jar\`, so the runner and its bridge"
  echo "share the app's JVM. One keep-alive client (\`bench/bridge/HopLoad.java\`, $conns connections, each on"
  echo "a thread of its own sending \`GET /\` as soon as the last response is in) hits the app straight on its"
  echo "TCP port (direct) and through the runner's Unix socket (bridged: the runner copies each request to"
  echo "the app's port and the response back). A second JVM of the same jar and agent runs with"
  echo "\`bench/bridge/listen.c\` preloaded (\`LD_PRELOAD\`): the socket the app binds to \`\$PORT\` becomes a Unix"
  echo "socket, and the client's connections reach the app's own server with no hop (listening). The cases"
  echo "take turns, $rounds rounds of $seconds s each. CPU is the JVM's user and system time from /proc over the"
  echo "run, divided by the requests: on a shared host the requests per second follow the neighbours, the"
  echo "CPU time much less."
  echo
  echo "| case | req/s (median) | min–max | JVM CPU per request, us (median) | min–max |"
  echo "|---|---:|---:|---:|---:|"
  for case in direct bridged listening; do
    echo "| $case | $(rps "$case") | $(minmax "$case.rps") | $(us "$case") | $(minmax "$case.us") |"
  done
  echo
  echo "bridged / direct: $(awk -v b="$(rps bridged)" -v d="$(rps direct)" 'BEGIN {printf "%.2f", b / d}') of the req/s;"
  echo "the bridge's own cost: $(awk -v b="$(us bridged)" -v d="$(us direct)" 'BEGIN {printf "%.1f", b - d}') us of CPU per request over the app's"
  echo "$(us direct) us ($(awk -v b="$(us bridged)" -v d="$(us direct)" 'BEGIN {printf "%.0f", 100 * (b - d) / d}') % more)."
  echo "listening / direct: $(awk -v l="$(rps listening)" -v d="$(rps direct)" 'BEGIN {printf "%.2f", l / d}') of the req/s, $(us listening) us of CPU per request."
  echo
  echo "Each round:"
  echo
  echo '```'
  cat "$data/rounds"
  echo '```'
} >"$out"
echo "wrote $out"
