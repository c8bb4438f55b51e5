#!/usr/bin/env bash
# What the sandbox's Unix socket costs a runnable jar, alone: the hello-runnable example (the JDK's
# HTTP server) runs on the host as a sandbox runs it (java -javaagent:agent.jar -jar app.jar, the
# runner beside the app in its JVM), once on its TCP port (direct) and once with the sandbox's
# listener library preloaded (sandbox-runner/src/main/c/listen.c), which turns the app's own
# listener on $PORT into the Unix socket the edge connects to (listening). One load client
# (bench/bridge/HopLoad.java, keep-alive, since wrk cannot reach a Unix socket) hits each in turn,
# after a warm-up of each.
#
#   bench/socket-hop.sh [rounds] [seconds] [connections]   (default 5 10 8)
#   WARMUP=20 bench/socket-hop.sh …                        (seconds of warm-up per case; default 10)
#
# Prints requests per second and the JVM's CPU time per request for each, as medians: on a busy
# host the requests per second follow the neighbours, the CPU time much less. Needs a build
# (./mvnw -q -DskipTests package, which compiles the library) and Java 25 (JAVA_HOME, else java on
# the PATH). Writes the figures, with the machine's, to docs/benchmarks/socket-hop.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5} seconds=${2:-10} conns=${3:-8} warmup=${WARMUP:-10}
load=$(cut -d' ' -f1-3 /proc/loadavg)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
runner=sandbox-runner/target/sandbox-runner.jar agent=sandbox-runner/target/paddock-agent.jar
library=sandbox-runner/target/paddock-listen.so
example=examples/hello-runnable/target/hello-runnable.jar
# shellcheck source=bench/lib/needs.sh
. bench/lib/needs.sh
needs "$runner" "$agent" "$library" "$example" python3 curl

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR == 0 ? "-" : NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

data=$(mktemp -d -t paddock.XXXXXX)
port=$(free_port) admin=$(free_port)
PORT=$port PADDOCK_ADMIN_PORT=$admin \
  "$java" -Xmx256m -javaagent:"$agent=$PWD/$runner" -jar "$example" >"$data/runner.log" 2>&1 &
pid=$!
listening=$data/listen.sock
LD_PRELOAD=$PWD/$library PADDOCK_SOCKET=$listening PORT=$(free_port) PADDOCK_ADMIN_PORT=$(free_port) \
  "$java" -Xmx256m -javaagent:"$agent=$PWD/$runner" -jar "$example" >"$data/listening.log" 2>&1 &
listening_pid=$!
trap 'kill "$pid" "$listening_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do [ -S "$listening" ] && curl -sf "http://127.0.0.1:$admin/health" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$admin/health" >/dev/null || { echo "the app did not start: $(cat "$data/runner.log")" >&2; exit 1; }
[ -S "$listening" ] || { echo "the app did not listen on $listening: $(cat "$data/listening.log")" >&2; exit 1; }

load() { "$java" bench/bridge/HopLoad.java "$1" "$2" "$conns" "$3"; }
load "$port" "$warmup" "$pid" >/dev/null
load "$listening" "$warmup" "$listening_pid" >/dev/null
for round in $(seq 1 "$rounds"); do
  for case in direct listening; do
    case $case in
      direct) line=$(load "$port" "$seconds" "$pid") ;;
      listening) line=$(load "$listening" "$seconds" "$listening_pid") ;;
    esac
    echo "round $round $case: $line" | tee -a "$data/rounds"
    echo "$line" | awk '{print $1}' >>"$data/$case.rps"
    echo "$line" | awk '{print $4}' >>"$data/$case.us"
  done
done
for case in direct listening; do
  echo "$case: $(median <"$data/$case.rps") req/s, $(median <"$data/$case.us") us of CPU per request in the JVM"
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average at the end: $load_end"

rps() { median <"$data/$1.rps"; }
us() { median <"$data/$1.us"; }
minmax() { sort -g "$data/$1" | awk 'NR == 1 {min = $1} {max = $1} END {printf "%s–%s", min, max}'; }
out=docs/benchmarks/socket-hop.md
{
  echo "# A runnable jar on the sandbox's Unix socket, against its own TCP port"
  echo
  echo "\`bench/socket-hop.sh $rounds $seconds $conns\` (warm-up $warmup s per case) on $(date -u +%Y-%m-%d): $(nproc) cores"
  echo "($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB, load average $load at the start and $load_end at the"
  echo "end, $("$java" -version 2>&1 | head -1)."
  echo
  echo "The hello-runnable example (the JDK's HTTP server, virtual threads) runs on the host as a sandbox"
  echo "runs it, \`java -javaagent:paddock-agent.jar -jar hello-runnable.jar\`, in two JVMs: one serves on its"
  echo "TCP port (direct), the other with the sandbox's listener library preloaded"
  echo "(\`LD_PRELOAD=paddock-listen.so\`, \`sandbox-runner/src/main/c/listen.c\`), so the socket the app binds"
  echo "to \`\$PORT\` is the Unix socket the edge connects to (listening). One keep-alive client"
  echo "(\`bench/bridge/HopLoad.java\`, $conns connections, each on a thread of its own sending \`GET /\` as soon"
  echo "as the last response is in) hits each in turn, $rounds rounds of $seconds s each. CPU is the JVM's user and"
  echo "system time from /proc over the run, divided by the requests: on a shared host the requests per"
  echo "second follow the neighbours, the CPU time much less."
  echo
  echo "| case | req/s (median) | min–max | JVM CPU per request, us (median) | min–max |"
  echo "|---|---:|---:|---:|---:|"
  for case in direct listening; do
    echo "| $case | $(rps "$case") | $(minmax "$case.rps") | $(us "$case") | $(minmax "$case.us") |"
  done
  echo
  echo "listening / direct: $(awk -v l="$(rps listening)" -v d="$(rps direct)" 'BEGIN {printf "%.2f", l / d}') of the req/s, $(awk -v l="$(us listening)" -v d="$(us direct)" 'BEGIN {printf "%.2f", l / d}') of the CPU per request."
  echo
  echo "Each round:"
  echo
  echo '```'
  cat "$data/rounds"
  echo '```'
} >"$out"
echo "wrote $out"
