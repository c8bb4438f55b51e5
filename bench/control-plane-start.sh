#!/usr/bin/env bash
# How soon a control plane answers again after it was killed: SIGKILLed, then started again on
# the same data dir (its embedded PostgreSQL, its httpd adopted, as after a crash), until
# /actuator/health answers; with the JVM's CPU seconds at that moment. Three ways to start it,
# taking turns, ROUNDS rounds each:
#   jar        java -jar paddock.jar (the fat jar as Maven builds it)
#   extracted  java -jar aot/paddock.jar (its extracted form: plain jars on the class path)
#   aot        the extracted form with a JDK AOT cache of its classes, as bin/control-plane-start
#              makes it and ./paddock run starts it (JDK 25+)
#
#   bench/control-plane-start.sh [rounds]      (default 5)
#
# Needs a build (./mvnw -q -DskipTests package), curl and python3. Prints the figures and writes
# them, with the machine's figures, to docs/benchmarks/control-plane-start.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=control-plane/target/paddock.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" curl python3
# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh
await_control_plane

t0=$(now_ms)
mapfile -t aot < <(bin/control-plane-start "$data/paddock.jar")
training_ms=$(( $(now_ms) - t0 ))
[ "${aot[0]}" != -jar ] || { echo "no AOT cache was made: see $data/aot/training.log" >&2; exit 1; }
declare -A variants=(
  [jar]="-jar $data/paddock.jar"
  [extracted]="-jar $data/aot/paddock.jar"
  [aot]="${aot[*]}"
)
: >"$data/starts"
for round in $(seq "$rounds"); do
  for variant in jar extracted aot; do
    kill -KILL "$cp_pid"
    wait "$cp_pid" 2>/dev/null || true
    read -ra start_args <<<"${variants[$variant]}"
    t0=$(now_ms)
    start_control_plane
    await_control_plane
    ms=$(( $(now_ms) - t0 ))
    read -r utime stime < <(awk '{print $14, $15}' "/proc/$cp_pid/stat")
    cpu_ms=$(( (utime + stime) * 1000 / $(getconf CLK_TCK) ))
    echo "$variant $ms $cpu_ms" | tee -a "$data/starts"
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

table=$(python3 - "$data/starts" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    variant, wall, cpu = line.split()
    rows.setdefault(variant, []).append((int(wall), int(cpu)))
base = statistics.median(w for w, _ in rows["jar"])
for variant in ("jar", "extracted", "aot"):
    walls = [w for w, _ in rows[variant]]
    cpus = [c for _, c in rows[variant]]
    print(f"| {variant} | {len(walls)} | {statistics.median(walls):,.0f} | {min(walls):,} | "
          f"{max(walls):,} | {statistics.median(cpus):,.0f} | {statistics.median(walls) / base:.2f} |")
PY
)
echo "$table"
{
  echo "# The control plane's start after a kill"
  echo
  echo "\`bench/control-plane-start.sh $rounds\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), load average $load at the start and $load_end at the end."
  echo
  echo "A control plane with its embedded PostgreSQL is SIGKILLed and started again on the same data"
  echo "dir, ports and name, as after a crash, until \`/actuator/health\` answers; CPU is the JVM's"
  echo "own (user + system) at that moment. The three ways take turns, $rounds rounds each. The AOT"
  echo "cache was made once, by \`bin/control-plane-start\`, in $((training_ms / 1000)) s (a training start that exits"
  echo "once its application context is ready)."
  echo
  echo "| start | runs | wall p50 (ms) | min | max | CPU p50 (ms) | wall vs jar |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "$table"
} >docs/benchmarks/control-plane-start.md
echo "wrote docs/benchmarks/control-plane-start.md"
