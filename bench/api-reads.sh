#!/usr/bin/env bash
# What one API read costs the control plane: its CPU time per read and the reads' latency at RATE
# reads a second (default 200, open loop), per kind of read, beside the cheapest answer it gives
# (the liveness probe: the same web server and filters, no caller, no database).
#
# One control plane with a 256 MiB heap (as bench/density.sh runs it), TENANTS tenants (default 2)
# of APPS apps each (default 125), none deployed: the reads measure the API, not sandboxes. Each
# kind gets WARMUP seconds (default 20, its code compiled by the JIT), then SECONDS (default 30)
# measured, ROUNDS times (default 2) in turn.
#
#   bench/api-reads.sh [seconds]
#   RATE=200 APPS=125 TENANTS=2 ROUNDS=2 bench/api-reads.sh
#
# Needs ./paddock test's setup, a build (./mvnw -q -DskipTests package), curl, jq and python3.
# Writes the figures, with the machine's, to docs/benchmarks/api-reads.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30} rate=${RATE:-200} apps=${APPS:-125} tenants=${TENANTS:-2} rounds=${ROUNDS:-2}
warmup=${WARMUP:-20} cold=${COLD:-30}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" jq curl python3 docker
export PADDOCK_AOT_ENABLED=false CONTROL_PLANE_OPTS="-Xmx256m ${CONTROL_PLANE_OPTS:-}"
# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh
trap 'exit 143' INT TERM

cpu_ms() { awk -v t="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / t }' "/proc/$cp_pid/stat"; }
for t in $(seq 1 "$tenants"); do
  call -X POST "$api" -d "{\"name\":\"r$t\",\"quota\":{}}" >/dev/null
  for a in $(seq 1 "$apps"); do echo "r$t a$a"; done
done | xargs -P 4 -L 1 sh -c 'curl -sf -o /dev/null -X POST -H "Authorization: Bearer $0" \
  -H "Content-Type: application/json" "$1/$2/apps" -d "{\"name\":\"$3\"}"' "$admin" "$api"

kinds=${KINDS:-rest liveness list app events}
urls() {
  local i t a
  for ((i = 0; i < 100; i++)); do
    t=r$(( 1 + i % tenants )) a=a$(( 1 + (i * 37) % apps ))
    case $1 in
      liveness) echo "http://127.0.0.1:$api_port/actuator/health/liveness" ;;
      list) echo "$api/$t/apps" ;;
      app) echo "$api/$t/apps/$a" ;;
      events) echo "$api/$t/apps/$a/events" ;;
    esac
  done
}
for kind in $kinds; do urls "$kind" >"$data/$kind.urls"; done
: >"$data/runs"
# A control plane that has answered no reads yet runs them interpreted until the JIT compiles them.
open_loop "$rate" "$cold" "$admin" "$data/app.urls" \
  >"$data/out" 2>"$data/why"
read -r reads failed p50 p90 p99 max <"$data/out"
echo "0 cold $reads $failed $p50 $p90 $p99 $max 0" | tee -a "$data/runs"
cold_why=$(paste -sd';' "$data/why")
for ((round = 1; round <= rounds; round++)); do
  for kind in $kinds; do
    if [ "$kind" = rest ]; then
      before=$(cpu_ms) && sleep "$seconds" && after=$(cpu_ms)
      echo "$round rest 0 0 0 0 0 0 $((after - before))" | tee -a "$data/runs"
      continue
    fi
    # The client warms up in the same JVM; the CPU is read around the measured seconds only.
    (sleep "$warmup" && cpu_ms >"$data/before" && sleep "$seconds" && cpu_ms >"$data/after") &
    meter=$!
    open_loop "$rate" "$seconds" "$admin" "$data/$kind.urls" \
      "$warmup" >"$data/out" 2>"$data/why"
    wait "$meter"
    read -r reads failed p50 p90 p99 max <"$data/out"
    echo "$round $kind $reads $failed $p50 $p90 $p99 $max $(($(cat "$data/after") - $(cat "$data/before")))" \
      | tee -a "$data/runs"
  done
done

python3 - "$data/runs" "$seconds" "$cold" >"$data/table" <<'PY'
import statistics, sys
runs, seconds, seconds_cold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
by = {}
for line in open(runs):
    _, kind, reads, failed, p50, p90, p99, mx, cpu = line.split()
    by.setdefault(kind, []).append((int(reads), int(failed), float(p50), float(p99), float(mx), int(cpu)))
print("| read | reads | failed | CPU per read, ms (median) | cores | p50 ms | p99 ms | max ms |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
cold = by.pop("cold", [])
rest = statistics.median(r[5] for r in by.pop("rest", [(0, 0, 0, 0, 0, 0)]))
for r in cold:
    print(f"| app, cold (the first {seconds_cold} s) | {r[0]} | {r[1]} | | | {r[2]:.1f} | {r[3]:.1f} | {r[4]:.1f} |")
print(f"| (none: at rest) | 0 | 0 | | {rest / (seconds * 1000):.2f} | | | |")
for kind, rs in by.items():
    med = lambda i: statistics.median(r[i] for r in rs)
    per = statistics.median((r[5] - rest) / r[0] for r in rs)
    print(f"| {kind} | {sum(r[0] for r in rs)} | {sum(r[1] for r in rs)} | {per:.2f} | "
          f"{med(5) / (seconds * 1000):.2f} | {med(2):.1f} | {med(3):.1f} | {max(r[4] for r in rs):.1f} |")
PY
cat "$data/table"
heap=$("$JAVA_HOME/bin/jstat" -gc "$cp_pid" | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
  NR == 2 { print $c["YGC"] + $c["FGC"] + 0, $c["GCT"] }')

out=docs/benchmarks/api-reads.md
cat >"$out" <<EOF
# What an API read costs the control plane

\`bench/api-reads.sh $seconds\` on $(date -u +%F): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //; s/ [0-9]*-Core.*//')),
$(awk '/MemTotal/ {printf "%d GiB", $2 / 1048576}' /proc/meminfo), load average $load at the start and $(cut -d' ' -f1-3 /proc/loadavg) at the end,
$("$JAVA_HOME/bin/java" -version 2>&1 | head -1).

One control plane started with \`-Xmx256m\`, $tenants tenants of $apps apps each, none deployed.
Reads run at $rate a second, open loop (\`bench/lib/OpenLoop.java\`: each read timed from when it
was due, so a backlog counts). First, right after the apps are created, $cold s of app reads on the
cold control plane (its request path not yet compiled by the JIT)$( [ -n "$cold_why" ] && echo " ($cold_why)").
Then each kind of read for $warmup s unmeasured (the JIT compiles its code, and the client's), then
$seconds s measured, $rounds rounds in turn. CPU per read is the control plane's user and
system time over the measured seconds less what it used at rest over as long (its own background
work: the sampler, the resync, the leader's lease; measured first each round), divided by the
reads; cores are the whole of its use meanwhile.

- **(none: at rest)**: no reads, the control plane's background work alone;
- **liveness**: \`GET /actuator/health/liveness\`, the floor: the same web server and filters, no
  caller, no database;
- **list**: a tenant's app list ($apps apps, each with its status, limits and memory sizing);
- **app**: one app;
- **events**: an app's events.

$(cat "$data/table")

$((${heap% *})) collections of the heap in all, $(python3 -c "print(round(${heap#* } * 1000))") ms.
Each run (round, read, reads, failed, p50, p90, p99, max in ms, CPU ms):

\`\`\`
$(cat "$data/runs")
\`\`\`
EOF
echo "wrote $out"
