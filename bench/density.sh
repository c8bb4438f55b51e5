#!/usr/bin/env bash
# Density: how many apps one host holds. A control plane with a 256 MiB heap (-Xmx256m) registers
# REGISTERED apps (default 5,000) over TENANTS tenants (default 40: more than Docker's default
# address pools give networks, so some tenants' networks come from paddock.sandbox.network-pool),
# puts ASLEEP of them to sleep (deployed, idle a second, their sandboxes removed), and deploys
# hello handlers until RUNNING run (default 300, at 112MiB, the smallest limit the memory calculator
# lets the hello handler have), PARALLEL rollouts at a time. The rest stay registered, never
# deployed: each is routed (its 503 page), listed and read like any other.
#
# Then, everything idle, over SECONDS (default 60):
#   API       200 reads a second, open loop (each timed from when it was due): a tenant's app list,
#             a running app, a sleeping or registered app, an app's events, in turn
#   Docker    the control plane's own calls to the engine (paddock.engine.calls, p50 and p99 by
#             call) while the reads run; then, the reads over, `docker ps` / `docker inspect` timed
#             from outside, DOCKER_PROBES (30) of each, a second apart
#   memory    the host's memory in use per running sandbox, each sandbox's memory charge (its
#             cgroup, as Paddock reports it), containerd's shims, the control plane's heap and RSS
# and a chart of the host's memory and the control plane's heap as the sandboxes came up.
#
# It stops starting sandboxes when the host has less than MIN_FREE_MIB available (3072) or
# DEPLOY_BUDGET seconds have gone (1800), and says so.
#
#   bench/density.sh [seconds]        (default 60)
#   RUNNING=300 REGISTERED=5000 ASLEEP=40 TENANTS=40 PARALLEL=4 bench/density.sh
#
# Needs ./paddock test's setup, a build (./mvnw -q -DskipTests package), curl, jq and python3.
# Prints the figures and writes them, with the machine's figures, to docs/benchmarks/density.md and
# the chart to docs/benchmarks/density.svg.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60} running_goal=${RUNNING:-300} registered=${REGISTERED:-5000} asleep=${ASLEEP:-40}
tenants=${TENANTS:-40} parallel=${PARALLEL:-4} memory=${MEMORY:-112MiB} heap=${HEAP:-256m}
min_free=${MIN_FREE_MIB:-3072} budget=${DEPLOY_BUDGET:-1800} probes=${DOCKER_PROBES:-30}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar hello_jar=examples/hello-handler/target/hello-handler.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "$hello_jar" jq curl python3 docker
# Many JVMs start at once on few cores: give each longer than the default minute to be healthy.
export PADDOCK_SANDBOX_START_TIMEOUT=${PADDOCK_SANDBOX_START_TIMEOUT:-300s} ROLLOUT_TIMEOUT=600
# The default sampling interval; apps may sleep after a second, and a sleeping app's sandboxes go
# at once (no paused tier: its memory is what this measures).
export PADDOCK_METRICS_INTERVAL=${PADDOCK_METRICS_INTERVAL:-5s} PADDOCK_IDLE_MINIMUM=1s \
  PADDOCK_IDLE_PAUSED_FOR=0s
# A release's AOT cache is trained once it is live: hundreds of trainings of the same jar would
# double the time the starts take here, and the figures are of sandboxes at rest.
export PADDOCK_AOT_ENABLED=false
export CONTROL_PLANE_OPTS="-Xmx$heap ${CONTROL_PLANE_OPTS:-}"
# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh
# shellcheck source=bench/lib/timing.sh
source bench/lib/timing.sh
trap 'exit 143' INT TERM

available_mib() { awk '/MemAvailable/ {print int($2 / 1024)}' /proc/meminfo; }
total_mib=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
sandboxes() { docker ps -q --filter "label=paddock.managed-by=$name" --filter status=running | wc -l; }
cp_rss_mib() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$cp_pid/status"; }
# The control plane's heap in use (young and old generations), in MiB, in each row of `jstat -gc`'s
# output after its header: its columns are found by name ("-" where a collector has no such space).
heap_rows() { awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
  NR > 1 && $0 !~ /S0C/ { printf "%d\n", ($c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]) / 1024 }' "$@"; }
# The control plane's collector pauses so far, from its own metrics (jvm.gc.pause, whichever
# collector it runs): how many, and their total in ms.
gc_pauses() { call "http://127.0.0.1:$api_port/actuator/prometheus" | awk '
  /^jvm_gc_pause_seconds_count/ { n += $NF } /^jvm_gc_pause_seconds_sum/ { t += $NF }
  END { printf "%d %d\n", n, t * 1000 + 0.5 }'; }
cp_heap_mib() { local mib; mib=$("$JAVA_HOME/bin/jstat" -gc "$cp_pid" | heap_rows); echo "${mib:-0}"; }
# CPU time so far, in ms, of: the control plane, its PostgreSQL, dockerd, containerd, containerd's
# shims, all containers (Docker's cgroup), httpd. Other processes that ended meanwhile are not counted.
cpu_ms() {
  local pg tick
  tick=$(getconf CLK_TCK)
  pg=$(head -1 "$data/postgres/postmaster.pid")
  ticks() { for p in "$@"; do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || true; done | awk -v t="$tick" '{ s += $1 } END { printf "%d ", s * 1000 / t }'; }
  ticks "$cp_pid"
  # PostgreSQL's backends come and go: those that ended count in their postmaster's children's time.
  reaped() { awk -v t="$tick" '{ printf "%d", ($16 + $17) * 1000 / t }' "/proc/$1/stat"; }
  echo -n "$(( $(ticks "$pg" $(pgrep -P "$pg" || true)) + $(reaped "$pg") )) "
  ticks $(pgrep -x dockerd || true)
  ticks $(pgrep -x containerd || true)
  ticks $(pgrep -f containerd-shim || true)
  echo -n "$(( $(cat /sys/fs/cgroup/cpuacct/docker/cpuacct.usage 2>/dev/null || echo 0) / 1000000 )) "
  ticks $(httpd_pids)
  echo
}
free_at_start=$(available_mib) t0=$SECONDS

# Tenants and apps: app a<n> in tenant d<n mod tenants>, so that every tenant gets running ones.
tenant_of() { printf 'd%02d' $(( $1 % tenants )); }
# The control plane's garbage collector, as its JVM chose or was told.
collector=$("$JAVA_HOME/bin/jcmd" "$cp_pid" VM.flags | grep -o 'Use[A-Za-z0-9]*GC' | head -1 | sed 's/^Use//')
for t in $(seq 0 $((tenants - 1))); do
  call -X POST "$api" -d "{\"name\":\"$(tenant_of "$t")\",\"quota\":{}}" >/dev/null
done
seq 1 "$registered" | while read -r n; do echo "$(tenant_of "$n") a$n"; done >"$data/apps"
sed "s/\$/ $memory/" "$data/apps" | xargs -P 4 -L 1 sh -c 'curl -s -o /dev/null \
    -w "%{http_code} %{time_total}\n" -X POST -H "Authorization: Bearer $0" \
    -H "Content-Type: application/json" "$1/$2/apps" \
    -d "{\"name\":\"$3\",\"limits\":{\"memory\":\"$4\"}}"' "$admin" "$api" >"$data/creates" 2>&1
created=$(grep -c '^201 ' "$data/creates" || true)
[ "$created" = "$registered" ] || { echo "$created of $registered apps created" >&2; sort "$data/creates" | uniq -c | sort -rn | head >&2; exit 1; }
create_seconds=$((SECONDS - t0))
echo "$registered apps created in $create_seconds s"

# Deploys app a<n>: the hello handler, live once healthy.
deploy() {
  local t a=a$1
  t=$(tenant_of "$1")
  upload "$api/$t/apps/$a" "$hello_jar" && rollout "$api/$t/apps/$a" deploys
}
# The sleepers first: deployed, idle a second, asleep, their sandboxes removed.
for ((n = 1; n <= asleep; n += parallel)); do
  pids=()
  for ((i = n; i < n + parallel && i <= asleep; i++)); do
    call -X PUT "$api/$(tenant_of "$i")/apps/a$i/idle" -d '{"sleepAfter":"PT1S"}' >/dev/null
    deploy "$i" >"$data/deploy-$i.log" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || { cat "$data"/deploy-*.log >&2; exit 1; }; done
done
asleep_now() {
  for ((i = 1; i <= asleep; i++)); do call "$api/$(tenant_of "$i")/apps/a$i" | jq -r .status; done | grep -c '^asleep$' || true
}
deadline=$((SECONDS + 300))
until [ "$(asleep_now)" = "$asleep" ] && [ "$(sandboxes)" = 0 ]; do
  [ $SECONDS -lt $deadline ] || { echo "only $(asleep_now) of $asleep apps asleep" >&2; exit 1; }
  sleep 5
done
echo "$asleep apps asleep"

# Then the running ones, sampling the host's memory and the control plane's heap as they come up.
printf '%s\t%s\t%s\t%s\n' 0 "$((total_mib - $(available_mib)))" "$(cp_heap_mib)" "$(cp_rss_mib)" >"$data/samples"
started=$SECONDS stopped_early=""
for ((n = asleep + 1; n <= asleep + running_goal; n += parallel)); do
  if [ "$(available_mib)" -lt "$min_free" ]; then stopped_early="less than $min_free MiB of memory was available"; break; fi
  if [ $((SECONDS - started)) -ge "$budget" ]; then stopped_early="$budget s of deploys had gone"; break; fi
  pids=()
  for ((i = n; i < n + parallel && i <= asleep + running_goal; i++)); do
    deploy "$i" >"$data/deploy-$i.log" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || { tail -5 "$data"/deploy-*.log >&2; exit 1; }; done
  up=$(sandboxes)
  printf '%s\t%s\t%s\t%s\n' "$up" "$((total_mib - $(available_mib)))" "$(cp_heap_mib)" "$(cp_rss_mib)" >>"$data/samples"
  [ $(( (i - asleep - 1) % 20 )) -lt "$parallel" ] && echo "$up running after $((SECONDS - started)) s, $(available_mib) MiB available"
done
deploy_seconds=$((SECONDS - started)) running=$(sandboxes)
networks=$(docker network ls -q --filter "label=paddock.managed-by=$name" | wc -l)
pooled=$(docker network ls -q --filter "label=paddock.managed-by=$name" | xargs -r docker network inspect \
  -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' | grep -c '^10\.' || true)
echo "$running sandboxes running after $deploy_seconds s; settling 30 s"
sleep 30

# Memory with everything idle.
used_mib=$((total_mib - $(available_mib)))
per_sandbox_mib=$(( (free_at_start - $(available_mib)) / (running > 0 ? running : 1) ))
charges=$(docker ps -q --no-trunc --filter "label=paddock.managed-by=$name" | while read -r id; do
  cat "/sys/fs/cgroup/memory/docker/$id/memory.usage_in_bytes" 2>/dev/null || true
done | python3 -c '
import sys, statistics
xs = sorted(int(l) / 1048576 for l in sys.stdin if l.strip())
print(f"{statistics.mean(xs):.1f} {xs[len(xs) // 2]:.1f} {xs[-1]:.1f}" if xs else "0 0 0")')
shims_mib=$(pgrep -f containerd-shim | while read -r p; do awk '/^Pss:/ {s += $2} END {print s}' "/proc/$p/smaps_rollup" 2>/dev/null || true; done \
  | awk '{s += $1; n++} END {printf "%.1f %d", s / 1024 / (n ? n : 1), n}')

# Reads at 200 a second, in turn: a tenant's list, a running app, a sleeping or registered app, events.
for ((i = 0; i < 200; i++)); do
  t=$(tenant_of "$i") r=$(( asleep + 1 + i % (running > 0 ? running : 1) )) s=$(( 1 + (i * 37) % registered ))
  echo "$api/$t/apps"
  echo "$api/$(tenant_of "$r")/apps/a$r"
  echo "$api/$(tenant_of "$s")/apps/a$s"
  echo "$api/$(tenant_of "$r")/apps/a$r/events"
done >"$data/urls"
# A control plane that has not answered reads yet runs them interpreted until the JIT compiles
# them: the same load for 30 s first, its figures kept apart.
open_loop 200 30 "$admin" "$data/urls" >"$data/cold" 2>"$data/cold-failed"
read -r _ cold_failed _ _ cold_p99 _ <"$data/cold"
# The reader's own first seconds (its JVM compiling its code) are left out: 5 s of the same reads
# go first, unmeasured.
open_loop 200 "$seconds" "$admin" "$data/urls" 5 >"$data/reads" 2>"$data/reads-failed" &
reader=$!
# The heap in use each second from one jstat: a jstat started each second is a JVM start (0.3 s of
# CPU) beside the reads on a host with few cores.
"$JAVA_HOME/bin/jstat" -gc "$cp_pid" 1000 >"$data/heap" &
heap_sampler=$!
sleep 5
cpu_before=$(cpu_ms)
read -r gcs_before gc_ms_before < <(gc_pauses)
wait "$reader"
kill "$heap_sampler" 2>/dev/null || true
heap_max=$(heap_rows "$data/heap" | sort -n | tail -1)
# The collector's pauses while the reads ran.
read -r gcs gc_ms < <(gc_pauses | { read -r n t; echo $((n - gcs_before)) $((t - gc_ms_before)); })
read -r reads failed p50 p90 p99 max <"$data/reads"
reader_cores=$(awk -v s="$seconds" '$1 == "cpu_ms" { printf "%.2f", $2 / ((s + 5) * 1000) }' "$data/reads")
cpu_after=$(cpu_ms)
# Cores each used over the window: CPU ms over wall ms.
cores_used=$(python3 -c "
b, a = '$cpu_before'.split(), '$cpu_after'.split()
names = ['control plane', 'its PostgreSQL', 'dockerd', 'containerd', 'shims', 'containers', 'httpd']
print(', '.join(f'{n} {(int(y) - int(x)) / ($seconds * 1000):.2f}' for n, x, y in zip(names, b, a)))")
"$JAVA_HOME/bin/jcmd" "$cp_pid" GC.run >/dev/null
live_mib=$(cp_heap_mib) cp_rss=$(cp_rss_mib)
# The engine calls the control plane made, from its own timer: the busiest, with their percentiles.
call "http://127.0.0.1:$api_port/actuator/prometheus" >"$data/prometheus"
python3 - "$data/prometheus" >"$data/engine" <<'PY'
import re, sys
calls = {}
for line in open(sys.argv[1]):
    m = re.match(r'paddock_engine_calls_seconds(_count|)\{call="([^"]+)"(?:,quantile="([0-9.]+)")?\} (\S+)', line)
    if m:
        kind, call, q, v = m.groups()
        calls.setdefault(call, {})[q or "count"] = float(v)
for call, c in sorted(calls.items(), key=lambda kv: -kv[1].get("count", 0))[:8]:
    print(f"| `{call}` | {int(c.get('count', 0))} | {c.get('0.5', 0) * 1000:.0f} | {c.get('0.99', 0) * 1000:.0f} |")
PY
# The database's connection pool: the longest wait for a connection and the longest hold, over the
# same two minutes, and the waits that gave up.
read -r pool_size pool_wait_ms pool_hold_ms pool_timeouts < <(awk '
  /^hikaricp_connections_max[{]/ { size = $2 }
  /^hikaricp_connections_acquire_seconds_max[{]/ { wait = $2 * 1000 }
  /^hikaricp_connections_usage_seconds_max[{]/ { hold = $2 * 1000 }
  /^hikaricp_connections_timeout_total[{]/ { timeouts = $2 }
  END { printf "%d %.0f %.0f %d\n", size, wait, hold, timeouts }' "$data/prometheus")
# The engine timed from outside, in a window of its own after the reads: at 300 containers a
# `docker ps` takes dockerd 150–210 ms of listing, and run each second beside the reads it took
# a tenth of the host's two cores from them (on one setup, p99 22.6 ms without it, 38.3 with it).
one=$(docker ps -q --filter "label=paddock.managed-by=$name" | head -1)
: >"$data/list"
: >"$data/inspect"
for ((i = 0; i < probes; i++)); do
  timed "docker ps -q --filter label=paddock.managed-by=$name" 1 >>"$data/list"
  timed "docker inspect $one" 1 >>"$data/inspect"
  sleep 1
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

create_p=$(awk '{print int($2 * 1000)}' "$data/creates" >"$data/create-ms" && summary "$data/create-ms")
list=$(summary "$data/list") inspect=$(summary "$data/inspect")
read -r charge_mean charge_p50 charge_max <<<"$charges"
read -r shim_mib shims <<<"$shims_mib"

# The chart: the host's memory in use and the control plane's heap, against running sandboxes.
python3 - "$data/samples" docs/benchmarks/density.svg "$heap" <<'PY'
import sys
rows = [tuple(int(x) for x in l.split("\t")) for l in open(sys.argv[1]) if l.strip()]
W, H, L, R, T, B = 720, 360, 64, 64, 30, 46
xmax = max(r[0] for r in rows) or 1
ymax = max(r[1] for r in rows) * 1.1 / 1024
hmax = max(256, max(r[2] for r in rows)) * 1.1
x = lambda v: L + v / xmax * (W - L - R)
y = lambda v, top: H - B - v / top * (H - T - B)
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{L}" y="18" font-size="14">Host memory in use (GiB, left) and the control plane\'s heap (MiB, right) by running sandboxes</text>',
       f'<line x1="{L}" y1="{H-B}" x2="{W-R}" y2="{H-B}" stroke="#333"/><line x1="{L}" y1="{T}" x2="{L}" y2="{H-B}" stroke="#333"/>',
       f'<line x1="{W-R}" y1="{T}" x2="{W-R}" y2="{H-B}" stroke="#333"/>']
for i in range(6):
    xv = xmax * i / 5; gv = ymax * i / 5; hv = hmax * i / 5
    out.append(f'<text x="{x(xv):.0f}" y="{H-B+16}" text-anchor="middle">{xv:.0f}</text>')
    out.append(f'<text x="{L-6}" y="{y(gv, ymax)+4:.0f}" text-anchor="end">{gv:.1f}</text>')
    out.append(f'<text x="{W-R+6}" y="{y(hv, hmax)+4:.0f}">{hv:.0f}</text>')
    out.append(f'<line x1="{L}" y1="{y(gv, ymax):.0f}" x2="{W-R}" y2="{y(gv, ymax):.0f}" stroke="#eee"/>')
out.append(f'<text x="{(L+W-R)/2}" y="{H-8}" text-anchor="middle">running hello sandboxes</text>')
def line(points, color, dash=""):
    d = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    out.append(f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="2" {dash}/>')
line([(x(r[0]), y(r[1] / 1024, ymax)) for r in rows], "#d66028")
line([(x(r[0]), y(r[2], hmax)) for r in rows], "#326eb4")
heap = int(sys.argv[3].rstrip("mM"))
line([(x(0), y(heap, hmax)), (x(xmax), y(heap, hmax))], "#b41e1e", 'stroke-dasharray="6,4"')
out.append(f'<text x="{W-R-4}" y="{y(heap, hmax)-6:.0f}" text-anchor="end" fill="#b41e1e">heap max {heap} MiB</text>')
out.append(f'<text x="{L+8}" y="{T+56}" fill="#d66028">host memory in use</text>')
out.append(f'<text x="{L+8}" y="{T+72}" fill="#326eb4">control plane heap in use</text>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PY

cores=$(nproc) cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
docker_version=$(docker version -f '{{.Server.Version}}')
cat >docs/benchmarks/density.md <<MD
# Density: running sandboxes, sleeping and registered apps on one host

\`bench/density.sh $seconds\` on $(date -u +%F): $cores cores ($cpu), $((total_mib / 1024)) GiB, Docker
$docker_version, load average $load at the start and $load_end at the end.

One control plane with a heap of at most $heap (\`-Xmx$heap\`, $collector), $registered apps registered over
$tenants tenants (created 4 at a time in $create_seconds s; create p50 / p99 in the
table), $asleep of them asleep (deployed, idle for a second, their sandboxes removed), and
$running hello handlers running ($memory each, AOT training off, $parallel rollouts at a time, $deploy_seconds s in all$( [ -n "$stopped_early" ] && echo "; it stopped starting more because $stopped_early")).
The rest are registered and never deployed: each is routed (its 503 page) and read like any other.
Tenant networks: $networks, of which $pooled got their subnet from \`paddock.sandbox.network-pool\` once
Docker's own address pools were used up.

![Host memory in use and the control plane's heap as sandboxes came up](density.svg)

Memory, everything idle: **$per_sandbox_mib MiB of the host's memory per running sandbox** (the
host's available memory before the first sandbox and now, over $running sandboxes; $used_mib of
$total_mib MiB in use). Each sandbox's memory charge (its cgroup, what Paddock reports as
\`memory.used\`): mean $charge_mean MiB, median $charge_p50, largest $charge_max. Each of the $shims
containerd shims: $shim_mib MiB (PSS). The control plane: **heap $live_mib MiB live after a full
collection, at most $heap_max MiB in use while measured**, RSS $cp_rss MiB; its collector ($collector)
paused it $gcs times for $gc_ms ms in all while the reads ran.

The app creates above, and the engine timed from outside after the reads (one of each a second,
everything else idle):

| what | runs | p50 (ms) | p99 (ms) | max (ms) |
|---|---:|---:|---:|---:|
| app create (API) | $create_p |
| \`docker ps --filter label=paddock.managed-by=…\` | $list |
| \`docker inspect\` of one sandbox | $inspect |

**API reads at 200 a second** over $seconds s, everything else idle (open loop, each timed from when it was due; a tenant's app list, a
running app, a sleeping or registered app and an app's events in turn): $reads reads, $failed
failed, p50 $p50 ms, p90 $p90 ms, **p99 $p99 ms**, max $max ms. Cores used meanwhile (of $cores):
$cores_used; the reader's own JVM (\`bench/lib/OpenLoop.java\`: 32 keep-alive connections, a
thread each) $reader_cores over its whole run, its start included.$( [ -s "$data/reads-failed" ] && echo " Why: $(paste -sd';' "$data/reads-failed").") These follow 30 s of the same reads
on a control plane that had answered none before (its code not yet compiled by the JIT): there
$cold_failed of 6000 failed$( [ -s "$data/cold-failed" ] && echo " ($(paste -sd';' "$data/cold-failed"))") and the p99 was $cold_p99 ms.
Over both, the control plane's database pool ($pool_size connections) had a caller wait at most
$pool_wait_ms ms for a connection and a connection held at most $pool_hold_ms ms; $pool_timeouts waits gave up.

The control plane's own calls to the engine (\`paddock.engine.calls\`, until the engine answers):
the busiest, calls since the control plane started, percentiles over the last two minutes (the
readers' window and the 30 s before it):

| call | calls | p50 (ms) | p99 (ms) |
|---|---:|---:|---:|
$(cat "$data/engine")
MD
cat docs/benchmarks/density.md
echo "The control plane's warnings:"
grep -E ' (WARN|ERROR) ' "$data/control-plane.log" | tail -20 || true
