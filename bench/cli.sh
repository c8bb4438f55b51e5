#!/usr/bin/env bash
# The CLI's start-up time per command, as a person or a script sees it: the wall time of one
# `java -jar paddock-cli.jar …` from start to exit, median of N runs, for `--help` (no network),
# `whoami` and `apps --json` against a running control plane (its own, started here with three
# apps). Each command is timed with the JVM as it comes and with the start-up caches a JDK offers:
#   plain     java -jar paddock-cli.jar
#   c1        -XX:TieredStopAtLevel=1 (the client compiler only)
#   appcds    -XX:SharedArchiveFile=… -XX:+AutoCreateSharedArchive (JDK 19+; made by the first run)
#   aot       -XX:AOTCache=… (JDK 25's AOT cache, trained by one `apps --json` run)
#
#   bench/cli.sh [runs]      (default 15)
#
# Needs a build (./mvnw -q -DskipTests package), curl and jq. Prints the figures and writes them,
# with the machine's figures, to docs/benchmarks/cli.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar cli_jar=cli/target/paddock-cli.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "$cli_jar" curl jq python3
[ -x /usr/bin/time ] || { echo "bench/cli.sh needs GNU time: apt-get install -y time" >&2; exit 1; }

# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh
cp "$cli_jar" "$data/paddock-cli.jar"
cli=$data/paddock-cli.jar java=$JAVA_HOME/bin/java
export PADDOCK_CONFIG=$data/cli-config.json NO_COLOR=1

call -X POST "$api" -d '{"name":"bench"}' >/dev/null
token=$(call -X POST "$api/bench/tokens" -d '{"name":"cli","role":"owner"}' | jq -er .token)
for app in one two three; do call -X POST "$api/bench/apps" -d "{\"name\":\"$app\"}" >/dev/null; done
"$java" -jar "$cli" login --url "http://127.0.0.1:$api_port" --token "$token" >/dev/null

# Each variant's JVM options; the caches are made before timing starts.
declare -A options=(
  [plain]=""
  [c1]="-XX:TieredStopAtLevel=1"
  [appcds]="-XX:SharedArchiveFile=$data/cli.jsa -XX:+AutoCreateSharedArchive"
  [aot]="-XX:AOTCache=$data/cli.aot"
)
variants=(plain c1 appcds aot)
# shellcheck disable=SC2086
"$java" ${options[appcds]} -jar "$cli" apps --json >/dev/null
"$java" -XX:AOTCacheOutput="$data/cli.aot" -jar "$cli" apps --json >/dev/null 2>"$data/aot.log"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# Prints the medians of $runs runs of the CLI with options $1 and arguments $2…: wall time and
# CPU time (user + system, all its threads), in ms. CPU time depends less on what else the machine
# runs meanwhile.
time_cli() {
  local opts=$1 i
  shift
  : >"$data/times"
  for ((i = 0; i < runs; i++)); do
    # shellcheck disable=SC2086
    /usr/bin/time -a -o "$data/times" -f '%e %U %S' "$java" $opts -jar "$cli" "$@" >/dev/null
  done
  echo "$(awk '{ print int($1 * 1000) }' "$data/times" | median) $(awk '{ print int(($2 + $3) * 1000) }' "$data/times" | median)"
}

commands=("--help" "whoami" "apps --json")
declare -A result
for variant in "${variants[@]}"; do
  for command in "${commands[@]}"; do
    # shellcheck disable=SC2086
    result[$variant,$command]=$(time_cli "${options[$variant]}" $command)
    echo "$variant  paddock $command: ${result[$variant,$command]% *} ms wall, ${result[$variant,$command]#* } ms CPU"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
memory=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
jdk=$("$java" -version 2>&1 | head -1)
size=$(du -k "$cli" | cut -f1)
{
  echo "# CLI start-up time per command"
  echo
  echo "\`bench/cli.sh $runs\` on $(date -u +%F) at $(git rev-parse --short HEAD): $(nproc) cores ($cpu),"
  echo "$memory, $jdk. Load average $load before, $load_after after. Wall time of one"
  echo "\`java … -jar paddock-cli.jar <command>\` from start to exit and its CPU time (user + system),"
  echo "median of $runs runs each, against a control plane on loopback holding three apps. The jar"
  echo "is ${size} KiB. Each cell: wall ms / CPU ms."
  echo
  echo "| command | plain | -XX:TieredStopAtLevel=1 | AppCDS (AutoCreateSharedArchive) | AOT cache (JDK 25) |"
  echo "|---|---:|---:|---:|---:|"
  for command in "${commands[@]}"; do
    row="| \`paddock $command\` |"
    for variant in "${variants[@]}"; do
      row+=" ${result[$variant,$command]/ / / } |"
    done
    echo "$row"
  done
} >docs/benchmarks/cli.md
cat docs/benchmarks/cli.md
