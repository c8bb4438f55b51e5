#!/usr/bin/env bash
# Hello-world throughput through one Apache httpd build and configuration, side by side:
#   (a) a static file, (b) mod_python, (c) mod_wsgi in daemon mode under its own uid, (d) a CGI
#   script, (e) the hello-handler app on Paddock, reached through httpd by its host name, (f) the
#   same sandbox hit directly on its container address, without httpd, (g) the hello-runnable jar
#   on Paddock through httpd (the app's own server listens on the sandbox's Unix socket), and (h)
#   the same release image and limits in a container of its own, the app on its TCP port, hit
#   directly: no httpd.
# Paddock runs in external httpd mode: it writes its vhosts into the bench's httpd and reloads it.
# Every case runs once per round, in an order rotated each round, after a warm-up of each case.
#
#   bench/throughput.sh [rounds] [seconds] [connections]   (default 3 10 32)
#   WARMUP=5 bench/throughput.sh …                          (seconds of warm-up per case)
#   MPM=event bench/throughput.sh …                         (httpd's MPM for every case; default
#                                                              worker: 20-25% more req/s for (e))
#
# Runs as root (httpd's workers run as www-data, the WSGI daemon as nobody). Needs ./paddock
# test's setup, a build (./mvnw -q -DskipTests package) and the Debian packages apache2,
# libapache2-mod-python, libapache2-mod-wsgi-py3, wrk and jq. Prints the figures and writes them,
# with the machine's figures, to docs/benchmarks/throughput.md and a chart to throughput.png.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3} seconds=${2:-10} conns=${3:-32} warmup=${WARMUP:-5} mpm=${MPM:-worker}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
example=examples/hello-handler/target/hello-handler.jar
runnable=examples/hello-runnable/target/hello-runnable.jar
if [ ! -f "$jar" ] || [ ! -f "$example" ] || [ ! -f "$runnable" ]; then echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; fi
[ "$(id -u)" = 0 ] || { echo "throughput.sh runs as root: httpd switches to www-data, mod_wsgi to nobody" >&2; exit 1; }
for tool in wrk jq curl python3 apache2 docker; do
  command -v "$tool" >/dev/null || { echo "throughput.sh needs $tool (apt-get install apache2 wrk jq)" >&2; exit 1; }
done
for module in mod_python mod_wsgi mod_cgid mod_proxy_http; do
  [ -f "/usr/lib/apache2/modules/$module.so" ] || {
    echo "throughput.sh needs $module.so: apt-get install libapache2-mod-python libapache2-mod-wsgi-py3" >&2
    exit 1
  }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
us_ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }
# The median of numbers on stdin, the mean of the middle two for an even count.
median() { sort -g | awk '{a[NR]=$1} END {print (NR == 0 ? "-" : NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

load=$(cut -d' ' -f1-3 /proc/loadavg)
data=$(mktemp -d /tmp/paddock.XXXXXX) && chmod 755 "$data"
files=$data/files
mkdir -p "$files/static" "$data/edge" "$data/mod-python" "$data/paddock"
cp bench/throughput/httpd.conf bench/throughput/hello_mod_python.py bench/throughput/hello.wsgi \
  bench/throughput/hello.cgi bench/throughput/wrk.lua "$files/"
cp bench/throughput/hello.txt "$files/static/"
chmod -R a+rX "$files" && chmod 755 "$files/hello.cgi"
# A copy, so that a rebuild while the benchmark runs cannot change the jar under the running JVM.
cp "$jar" "$data/paddock.jar"
edge_port=$(free_port) python_port=$(free_port) api_port=$(free_port)
name="bench$$" admin="bench-$RANDOM$RANDOM"
vhosts=$data/paddock-vhosts.conf
echo "# Written by Paddock once it starts." >"$vhosts"

# One httpd instance: $1 its name, $2 its port, $3 EDGE or MOD_PYTHON.
instance_conf() {
  {
    echo "Define PORT $2"
    echo "Define RUN $data/$1"
    echo "Define FILES $files"
    echo "Define PADDOCK_VHOSTS $vhosts"
    echo "Define $3"
    echo "Define MPM $mpm"
    echo "Include $files/httpd.conf"
  } >"$data/$1.conf"
}
instance_conf edge "$edge_port" EDGE
instance_conf mod-python "$python_port" MOD_PYTHON

cp_pid=""
cleanup() {
  if [ -n "$cp_pid" ] && kill "$cp_pid" 2>/dev/null; then wait "$cp_pid" 2>/dev/null || true; fi
  local instance pid
  for instance in edge mod-python; do
    pid=$(cat "$data/$instance/httpd.pid" 2>/dev/null) || continue
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  docker ps -aq --filter "label=paddock.managed-by=$name" | xargs -r docker rm -f >/dev/null
  docker ps -aq --filter "label=paddock.bench=throughput" | xargs -r docker rm -f >/dev/null
  docker images -q --filter "label=paddock.managed-by=$name" | xargs -r docker rmi -f >/dev/null 2>&1 || true
  docker network ls -q --filter "label=paddock.managed-by=$name" | xargs -r docker network rm >/dev/null 2>&1 || true
  # As root each app's socket directory is a tmpfs of its own, which outlives the control plane.
  findmnt -rn -o TARGET | grep "^$data/" | xargs -r umount -l 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

for instance in edge mod-python; do
  apache2 -f "$data/$instance.conf" -k start || { cat "$data/$instance/error.log" >&2 2>/dev/null; exit 1; }
done
for port in "$edge_port" "$python_port"; do
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.1; done
done

PADDOCK_DATA_DIR=$data/paddock PADDOCK_NAME=$name PADDOCK_ADMIN_TOKEN=$admin SERVER_PORT=$api_port \
  PADDOCK_EDGE_PORT=$edge_port PADDOCK_EDGE_HTTPD_MODE=external PADDOCK_EDGE_HTTPD_VHOSTS_FILE=$vhosts \
  PADDOCK_EDGE_HTTPD_RELOAD_COMMAND="apache2,-f,$data/edge.conf,-k,graceful" \
  "$JAVA_HOME/bin/java" -jar "$data/paddock.jar" >"$data/control-plane.log" 2>&1 &
cp_pid=$!
api="http://127.0.0.1:$api_port/api/v1"
call() { curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
until curl -sf "http://127.0.0.1:$api_port/actuator/health" >/dev/null; do
  kill -0 "$cp_pid" 2>/dev/null || { tail -20 "$data/control-plane.log" >&2; exit 1; }
  sleep 0.2
done
call -X POST "$api/tenants" -d '{"name":"bench"}' >/dev/null
# Deploys jar $2 as app $1 with 2 CPUs and waits until it is live; sets limits to what it got.
deploy_app() {
  local app_api="$api/tenants/bench/apps/$1" release deploy status deadline
  limits=$(call -X POST "$api/tenants/bench/apps" -d "{\"name\":\"$1\",\"limits\":{\"cpus\":2}}" \
    | jq -r '.limits | "\(.cpus) CPUs, \(.memory) of memory, \(.pids) processes"')
  release=$(call -X POST "$app_api/releases" -H 'Content-Type: application/java-archive' \
    --data-binary "@$2" | jq -er .version)
  deploy=$(call -X POST "$app_api/deploys" -d "{\"release\":$release}" | jq -er .id)
  status=pending deadline=$((SECONDS + 300))
  while [ "$status" = pending ] && [ $SECONDS -lt $deadline ]; do
    sleep 0.2
    # The same URL also streams server-sent events: ask for JSON explicitly.
    status=$(call -H 'Accept: application/json' "$app_api/deploys/$deploy" | jq -r .status) || status=pending
  done
  [ "$status" = live ] || { echo "the deploy of $1 ended $status" >&2; tail -20 "$data/control-plane.log" >&2; exit 1; }
}
# The address of app $1's one sandbox container.
container_of() {
  local found
  found=$(docker ps -q --filter "label=paddock.managed-by=$name" --filter "label=paddock.app=$1")
  [ "$(wc -w <<<"$found")" = 1 ] || { echo "expected one sandbox container of $1, found: $found" >&2; exit 1; }
  echo "$found"
}
deploy_app hello "$example"
deploy_app runnable "$runnable"
container=$(container_of hello)
runnable_container=$(container_of runnable)
ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$container")
# (h): a sandbox's runnable app listens on its Unix socket, which wrk cannot reach; the same release
# image, command, uid and limits in a container beside it serve on the app's TCP port instead.
direct_runnable=$(docker inspect "$runnable_container" | jq -r '.[0] | [
    "--network=\(.HostConfig.NetworkMode)", "--user=\(.Config.User)", "--read-only",
    "--tmpfs=/tmp", "--cap-drop=ALL", "--security-opt=no-new-privileges",
    "--memory=\(.HostConfig.Memory)", "--pids-limit=\(.HostConfig.PidsLimit)",
    "--cpus=\(.HostConfig | if .CpuQuota > 0 then .CpuQuota / .CpuPeriod else .NanoCpus / 1e9 end)",
    (.Config.Env[] | select(test("^(PADDOCK_SOCKET|LD_PRELOAD)=") | not) | "--env=\(.)"),
    .Config.Image] + .Config.Cmd | .[]' | tr '\n' '\0' | xargs -0 docker run -d --rm --label paddock.bench=throughput)
runnable_ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$direct_runnable")
sandbox_java=$(docker exec "$container" java -version 2>&1 | sed -n 's/.*Runtime Environment \(.*\) (build.*/\1/p')
# The sandbox's confinement, as Docker applied it.
confinement=$(docker inspect "$container" | jq -r '.[0] | "user \(.Config.User), "
  + (if .HostConfig.ReadonlyRootfs then "read-only root" else "writable root" end)
  + ", capabilities dropped: \(.HostConfig.CapDrop // [] | join(" ")), security options: \(.HostConfig.SecurityOpt // [] | join(" "))"
  + ", \(.HostConfig | if .CpuQuota > 0 then .CpuQuota / .CpuPeriod else .NanoCpus / 1e9 end) CPUs, \(.HostConfig.Memory / 1048576) MiB, \(.HostConfig.PidsLimit) pids"')

# The cases: letter, label, URL, Host header (empty: the URL's), the body a request must get.
edge="http://127.0.0.1:$edge_port"
letters=(a b c d e f g h)
labels=("static file" "mod_python" "mod_wsgi daemon" "CGI (sh)" "Paddock via httpd" "sandbox direct"
  "runnable via httpd" "runnable direct")
urls=("$edge/hello.txt" "http://127.0.0.1:$python_port/" "$edge/" "$edge/hello.cgi" "$edge/" "http://$ip:8080/"
  "$edge/" "http://$runnable_ip:8080/")
hosts=(static.bench.localhost mod-python.bench.localhost mod-wsgi.bench.localhost cgi.bench.localhost
  hello.bench.localhost "" runnable.bench.localhost "")
bodies=("Hello from httpd (static)" "Hello from mod_python" "Hello from mod_wsgi" "Hello from CGI"
  "Hello from Paddock (handler)" "Hello from Paddock (handler)" "Hello from Paddock (runnable)"
  "Hello from Paddock (runnable)")
n=${#letters[@]}

# Sets h to the Host header arguments of case $1, if it has one.
host_args() { h=(); [ -z "${hosts[$1]}" ] || h=(-H "Host: ${hosts[$1]}"); }
# One request per case first: each must answer 200 with its own body, or the case is wrong.
for i in $(seq 0 $((n - 1))); do
  host_args "$i"
  : >"$data/body"
  code=$(curl -s -m 10 -o "$data/body" -w '%{http_code}' "${h[@]}" "${urls[$i]}") || code=000
  if [ "$code" != 200 ] || [ "$(tr -d '\r\n' <"$data/body")" != "${bodies[$i]}" ]; then
    echo "case (${letters[$i]}) ${labels[$i]}: ${urls[$i]} ${hosts[$i]:+(Host ${hosts[$i]}) }answered HTTP $code: $(head -c 300 "$data/body")" >&2
    exit 1
  fi
done

# Runs wrk on case $1 for $2 s; prints "req/s p50_us p99_us non2xx connect read write timeout".
measure() {
  local i=$1
  host_args "$i"
  if ! wrk -t2 -c"$conns" -d"$2"s --latency -s "$files/wrk.lua" "${h[@]}" "${urls[$i]}" >"$data/wrk.out" 2>&1 \
    || ! grep -q '^result ' "$data/wrk.out"; then
    cat "$data/wrk.out" >&2
    exit 1
  fi
  awk '$1 == "result" {printf "%.1f %d %d %d %d %d %d %d\n", $2 / ($3 / 1e6), $4, $5, $6, $7, $8, $9, $10}' "$data/wrk.out"
}

for i in $(seq 0 $((n - 1))); do
  echo "warm-up ($((i + 1))/$n): ${labels[$i]}, $warmup s" >&2
  measure "$i" "$warmup" >/dev/null
done
: >"$data/runs"
for round in $(seq 1 "$rounds"); do
  for k in $(seq 0 $((n - 1))); do
    i=$(( (k + round - 1) % n ))
    sleep 1
    result=$(measure "$i" "$seconds")
    read -r rps p50 p99 non2xx connect read write timeout <<<"$result"
    echo "${letters[$i]} $round $result" >>"$data/runs"
    echo "round $round/$rounds (${letters[$i]}) ${labels[$i]}: $rps req/s, p50 $(us_ms "$p50") ms, p99 $(us_ms "$p99") ms, non-2xx $non2xx, socket errors $((connect + read + write + timeout))" >&2
    [ "$non2xx" = 0 ] || echo "FAILED: (${letters[$i]}) ${labels[$i]} answered $non2xx responses with a status of 400 or more" >&2
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# Per case: column $2 of the runs file over the rounds.
column() { awk -v c="$1" -v k="$2" '$1 == c {print $k}' "$data/runs"; }
rate() { column "$1" 3 | median; }
ms() { us_ms "$(column "$1" "$2" | median)"; }
declare -A rps_of
failed=""
table=$'| case | req/s (median) | min–max | p50 ms | p99 ms | non-2xx | socket errors |\n|---|---:|---:|---:|---:|---:|---:|'
: >"$data/chart.tsv"
for i in $(seq 0 $((n - 1))); do
  c=${letters[$i]}
  rps_of[$c]=$(rate "$c")
  min=$(column "$c" 3 | sort -g | head -1) max=$(column "$c" 3 | sort -g | tail -1)
  non2xx=$(column "$c" 6 | awk '{s += $1} END {print s}')
  errors=$(awk -v c="$c" '$1 == c {n += $7 + $8 + $9 + $10; k["connect"] += $7; k["read"] += $8; k["write"] += $9; k["timeout"] += $10}
    END {printf "%d", n; if (n) {printf " ("; sep = ""; for (x in k) if (k[x]) {printf "%s%s %d", sep, x, k[x]; sep = ", "}; printf ")"}}' "$data/runs")
  [ "$non2xx" = 0 ] || failed="$failed ($c)"
  table+=$'\n'"| ($c) ${labels[$i]} | $(printf %.0f "${rps_of[$c]}") | $(printf %.0f "$min")–$(printf %.0f "$max") | $(ms "$c" 4) | $(ms "$c" 5) | $non2xx | $errors |"
  printf 'bar\t(%s) %s\t%s\t%s\t%s\n' "$c" "${labels[$i]}" "${rps_of[$c]}" "$min" "$max" >>"$data/chart.tsv"
done
ratio() { awk -v x="$1" -v y="$2" 'BEGIN {printf "%.2f", x / y}'; }
ceiling=$(awk -v a="${rps_of[a]}" -v f="${rps_of[f]}" 'BEGIN {printf "%.1f", 1 / (1 / a + 1 / f)}')
ratios="| ratio | |
|---|---:|
| e / c (Paddock / mod_wsgi daemon) | $(ratio "${rps_of[e]}" "${rps_of[c]}") |
| e / b (Paddock / mod_python) | $(ratio "${rps_of[e]}" "${rps_of[b]}") |
| e / f (Paddock via httpd / sandbox direct) | $(ratio "${rps_of[e]}" "${rps_of[f]}") |
| e / ceiling, ceiling = 1 / (1/a + 1/f) = $(printf %.0f "$ceiling") req/s | $(ratio "${rps_of[e]}" "$ceiling") |
| g / c (runnable jar via httpd / mod_wsgi daemon) | $(ratio "${rps_of[g]}" "${rps_of[c]}") |
| g / e (runnable jar / handler jar, both via httpd) | $(ratio "${rps_of[g]}" "${rps_of[e]}") |
| g / h (runnable via httpd / runnable direct) | $(ratio "${rps_of[g]}" "${rps_of[h]}") |"
printf 'line\tceiling 1/(1/a + 1/f)\t%s\n' "$ceiling" >>"$data/chart.tsv"

# Each round's req/s, in the order the round ran them.
runs="| round | order |$(printf ' (%s) |' "${letters[@]}")"$'\n'"|---|---|$(printf -- '---:|%.0s' "${letters[@]}")"
for round in $(seq 1 "$rounds"); do
  runs+=$'\n'"| $round | $(awk -v r="$round" '$2 == r {printf "%s", $1}' "$data/runs") |"
  for c in "${letters[@]}"; do runs+=" $(awk -v r="$round" -v c="$c" '$1 == c && $2 == r {printf "%.0f", $3}' "$data/runs") |"; done
done

echo
echo "$table"
echo
echo "$ratios"
if [ -n "$failed" ]; then
  echo "FAILED:$failed answered responses with a status of 400 or more: not writing the report" >&2
  exit 1
fi

out=docs/benchmarks/throughput.md png=docs/benchmarks/throughput.png
mkdir -p "$(dirname "$out")"
printf 'title\tHello world through one Apache httpd: req/s, median of %s rounds (wrk -c%s, %s s)\n' \
  "$rounds" "$conns" "$seconds" >>"$data/chart.tsv"
"$JAVA_HOME/bin/java" -Djava.awt.headless=true bench/throughput/Chart.java "$data/chart.tsv" "$png"
package_version() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo "?"; }
# The template's block of MPM and connection settings, as one line; mod_wsgi's threads.
settings=$(sed -n '/^# ==== MPM/,/^# ====/p' "$files/httpd.conf" | grep -v -e '^#' -e '^LoadModule' -e 'IfModule' | sed 's/^ *//' \
  | { if [ "$mpm" = event ]; then cat; else grep -v AsyncRequestWorkerFactor; fi; } | paste -sd, | sed 's/,/, /g')
wsgi_threads=$(grep -o 'threads=[0-9]*' "$files/httpd.conf" | cut -d= -f2)
{
  echo "# Throughput: hello world through one Apache httpd"
  echo
  echo "\`bench/throughput.sh $rounds $seconds $conns\` (warm-up $warmup s per case) on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB, load average $load at the start and $load_end at the end, Docker $(docker version -f '{{.Server.Version}}'),"
  echo "$(apache2 -v | head -1 | sed 's/Server version: //') (mpm_$mpm), mod_python $(package_version libapache2-mod-python), mod_wsgi $(package_version libapache2-mod-wsgi-py3),"
  echo "$(python3 -V), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), sandbox JVM ${sandbox_java:-unknown}."
  echo
  echo "The cases, one host name each:"
  echo
  echo "- (a) a $(stat -c %s bench/throughput/hello.txt)-byte static file;"
  echo "- (b) a mod_python handler, run inside httpd's workers;"
  echo "- (c) a WSGI app in one mod_wsgi daemon process ($wsgi_threads threads) running as \`nobody\`: a uid of its own;"
  echo "- (d) a \`/bin/sh\` CGI script, forked by mod_cgid for every request;"
  echo "- (e) the hello-handler jar deployed on Paddock, reached through httpd by its host name: httpd"
  echo "  proxies to the sandbox's Unix socket. The app asks for $limits;"
  echo "  everything else is Paddock's default. As Docker applied it:"
  echo "  $confinement;"
  echo "- (f) the same sandbox (same JVM, Jetty and handler), hit straight on its container address, TCP"
  echo "  port 8080, on the tenant's Docker bridge network: no httpd;"
  echo "- (g) the hello-runnable jar (its own \`main\`, the JDK's HTTP server on \`\$PORT\`, virtual threads)"
  echo "  deployed on Paddock as a second app with the same limits, reached through httpd by its host"
  echo "  name: httpd proxies to the sandbox's Unix socket, on which the app's own server listens (the"
  echo "  sandbox's listener library turns the socket it binds to \`\$PORT\` into it);"
  echo "- (h) the same release image, command, uid and limits in a container of its own beside it, the"
  echo "  app on its own TCP port 8080, hit straight on its container address: no httpd."
  echo
  echo "One httpd binary and one configuration template, \`bench/throughput/httpd.conf\`, serve (a) to (e) and (g),"
  echo "with one block of MPM and connection settings for all: the $mpm MPM, $settings."
  echo "Paddock's managed httpd runs the event MPM unless \`paddock.edge.httpd.mpm\` says \`worker\`: event keeps"
  echo "idle keep-alive connections off its threads, worker gives each open connection a thread and, measured"
  echo "with this script on these 2 cores, serves (e) 20-25% faster (\`MPM=event bench/throughput.sh\` for the other)."
  echo "Paddock runs in external httpd mode: it writes its vhosts file, which the bench's httpd includes,"
  echo "and reloads that httpd. mod_wsgi 4 refuses to load next to mod_python, so the template runs as two"
  echo "instances that differ only in that module: one serves (a), (c), (d), (e) and (g), the other (b) alone."
  echo
  echo "Each case gets a $warmup s wrk warm-up, then $rounds rounds each run every case once for $seconds s, in an"
  echo "order rotated by one case each round: \`wrk -t2 -c$conns -d${seconds}s --latency\` with keep-alive"
  echo "(through httpd as long as its MaxKeepAliveRequests allows). The table gives the median over the"
  echo "rounds of req/s and of each run's p50 and p99 latency. wrk, httpd and the sandbox share the same $(nproc)"
  echo "cores. non-2xx counts responses with a status of 400 or more (and each case must answer its first"
  echo "request with 200 and its own body); socket errors are connect, read, write errors and timeouts."
  echo
  echo "$table"
  echo
  echo "![req/s per case](throughput.png)"
  echo
  echo "$ratios"
  echo
  echo "The ceiling: httpd and the sandbox share the cores, so if httpd's work per proxied request is about"
  echo "its work per static file and the sandbox's about its work per direct request, each request through"
  echo "Paddock takes 1/a + 1/f seconds of the whole machine. wrk's own work is in both a and f, so the"
  echo "ceiling counts it twice: a rough bound, not a hard one. (g) pays what (e) pays: the edge's request"
  echo "goes to the Unix socket the app's own server listens on (the sandbox's listener library), so g / h"
  echo "is httpd's cost alone; bench/socket-hop.sh measures the socket against the app's TCP port"
  echo "(docs/benchmarks/socket-hop.md)."
  echo
  echo "req/s of each run:"
  echo
  echo "$runs"
} >"$out"
echo
echo "wrote $out and $png"
