#!/usr/bin/env bash
# How httpd could route thousands of apps without a reload per change (issue: routes at 10,000
# apps): two candidates side by side on the host's httpd, event MPM and the modules of Paddock's
# managed httpd, each with N routes to one hello handler's Unix socket:
#   vhosts  one virtual host per app with its own ProxyPass to its socket (what Paddock writes
#           today); a new app is a graceful reload
#   map     one virtual host that looks the app's socket up by host name in a RewriteMap, a Berkeley
#           DB file replaced by a rename (mod_rewrite reopens it when it changes, no reload), and
#           proxies to it through one generic worker that holds the timeout and WebSocket settings
# For each: httpd's memory (PSS of all its processes, idle), `-t` and start time, req/s of the first
# and the last app (wrk, keep-alive), and the time from a new route written to its first 200.
#
#   bench/routes-candidates.sh [counts...]      (default 10 1000 10000; needs root, wrk, a build)
#
# Writes its table, with the machine's figures, to docs/benchmarks/routes-candidates.md.
set -euo pipefail
cd "$(dirname "$0")/.."
counts=("${@:-10 1000 10000}")
read -r -a counts <<<"${counts[*]}"
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs sandbox-runner/target/sandbox-runner.jar examples/hello-handler/target/hello-handler.jar \
  wrk curl httxt2dbm /usr/sbin/apache2
[ "$(id -u)" = 0 ] || { echo "routes-candidates.sh runs as root (httpd's workers run as www-data)" >&2; exit 1; }

work=$(mktemp -d /tmp/routes.XXXXXX) && chmod 755 "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port) admin=$(free_port) app_port=$(free_port)
httpd() { /usr/sbin/apache2 -d /etc/apache2 -f "$work/httpd.conf" "$@"; }
cleanup() {
  [ -f "$work/httpd.pid" ] && kill "$(cat "$work/httpd.pid")" 2>/dev/null || true
  [ -n "${runner:-}" ] && kill "$runner" 2>/dev/null || true
  [ -n "${other:-}" ] && kill "$other" 2>/dev/null || true
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# The backend: the hello handler served by the sandbox runner on a Unix socket, as in a sandbox.
mkdir -m 777 "$work/sockets"
PADDOCK_SOCKET=$work/sockets/app.sock PADDOCK_ADMIN_PORT=$admin PORT=$app_port \
  "$JAVA_HOME/bin/java" -jar sandbox-runner/target/sandbox-runner.jar \
  examples/hello-handler/target/hello-handler.jar >"$work/runner.log" 2>&1 &
runner=$!
# A second one, for the map's checks: its answers to /release differ from the first one's.
PADDOCK_SOCKET=$work/sockets/other.sock PADDOCK_ADMIN_PORT=$(free_port) PORT=$(free_port) \
  PADDOCK_RELEASE=other "$JAVA_HOME/bin/java" -jar sandbox-runner/target/sandbox-runner.jar \
  examples/hello-handler/target/hello-handler.jar >"$work/other.log" 2>&1 &
other=$!
until [ -S "$work/sockets/app.sock" ] && [ -S "$work/sockets/other.sock" ]; do sleep 0.1; done
chmod 666 "$work/sockets/app.sock" "$work/sockets/other.sock"

main_config() {
  cat <<EOF
ServerRoot "/etc/apache2"
ServerName localhost
Listen 127.0.0.1:$port
PidFile "$work/httpd.pid"
DefaultRuntimeDir "$work"
Mutex file:$work default
ErrorLog "$work/error.log"
LogLevel warn
User www-data
Group www-data
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
LoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so
LoadModule proxy_balancer_module /usr/lib/apache2/modules/mod_proxy_balancer.so
LoadModule slotmem_shm_module /usr/lib/apache2/modules/mod_slotmem_shm.so
LoadModule lbmethod_byrequests_module /usr/lib/apache2/modules/mod_lbmethod_byrequests.so
LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so
TypesConfig /etc/mime.types
Include "$work/routes.conf"
EOF
}

# Per-app virtual hosts for apps 1..$1, the first one answering unknown hosts.
vhosts() {
  printf '<VirtualHost *:%d>\n    ServerName unknown.paddock.invalid\n    Redirect 404 /\n</VirtualHost>\n' "$port"
  for i in $(seq 1 "$1"); do
    printf '<VirtualHost *:%d>\n    ServerName app%d.t.localhost\n    ProxyPreserveHost On\n    ProxyPass / "unix:%s|http://app%d.t.localhost/" retry=0 ttl=2 timeout=65 upgrade=websocket\n</VirtualHost>\n' \
      "$port" "$i" "$work/sockets/app.sock" "$i"
  done
}

# One virtual host: the host name's socket from the map, through one generic worker.
map() {
  cat <<EOF
<VirtualHost *:$port>
    ServerName routes.paddock.invalid
    ProxyPreserveHost On
    RewriteEngine On
    RewriteMap lower "int:tolower"
    RewriteMap routes "dbm=db:$work/routes.db"
    RewriteCond "\${routes:\${lower:%{SERVER_NAME}}|-}" "^(/.+)\$"
    RewriteRule "^/(.*)\$" "unix:%1|http://t65.paddock.invalid/\$1" [P,NE]
    Redirect 404 /
</VirtualHost>
<Proxy "http://t65.paddock.invalid/">
    ProxySet retry=0 ttl=2 timeout=65 upgrade=websocket
</Proxy>
EOF
  for i in $(seq 1 "$1"); do echo "app$i.t.localhost $work/sockets/app.sock"; done >"$work/routes.txt"
  httxt2dbm -f DB -i "$work/routes.txt" -o "$work/routes.db"
}

pss_kib() {
  local total=0 pid
  for pid in $(pgrep -f -- "-f $work/httpd.conf"); do
    total=$(( total + $(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
serves() { curl -s -o /dev/null -w '%{http_code}' -H "Host: $1" "http://127.0.0.1:$port/" | grep -q '^200$'; }
rps() { wrk -t2 -c16 -d5s -H "Host: $1" "http://127.0.0.1:$port/" | awk '/Requests\/sec/ {printf "%d", $2}'; }

# The map's generic worker is shared by every app: no request may reach another app's socket
# (16 keep-alive clients, each alternating two apps with different sockets), and an app whose socket
# is gone (its answers 503) must not fail a request of another (the worker's error state).
map_checks() {
  echo "app$((n + 2)).t.localhost $work/sockets/other.sock" >>"$work/routes.txt"
  echo "gone.t.localhost $work/sockets/gone.sock" >>"$work/routes.txt"
  httxt2dbm -f DB -i "$work/routes.txt" -o "$work/routes.db.next"
  mv "$work/routes.db.next" "$work/routes.db"
  python3 - "$port" "app1.t.localhost" "app$((n + 2)).t.localhost" "gone.t.localhost" <<'PY'
import http.client, sys, threading
port, first, second, gone = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
expected = {first: "", second: "other"}
counts = {"requests": 0, "wrong": 0, "gone": 0, "failed": 0}
lock = threading.Lock()
def client(seed):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for i in range(600):
        host = [first, second, gone][(i + seed) % 3]
        c.request("GET", "/release", headers={"Host": host})
        response = c.getresponse()
        body = response.read().decode().strip()
        with lock:
            if host == gone:
                counts["gone"] += response.status == 503
                continue
            counts["requests"] += 1
            if response.status != 200:
                counts["failed"] += 1
            elif body != expected[host]:
                counts["wrong"] += 1
threads = [threading.Thread(target=client, args=(seed,)) for seed in range(16)]
[t.start() for t in threads]
[t.join() for t in threads]
print("%(requests)d requests to two apps: %(wrong)d answered by the other app's sandbox, "
      "%(failed)d not 200, while the app without a socket answered 503 %(gone)d times" % counts)
PY
}

results=()
for candidate in vhosts map; do
  for n in "${counts[@]}"; do
    main_config >"$work/httpd.conf"
    "$candidate" "$n" >"$work/routes.conf"
    t0=$(now_ms); httpd -t >/dev/null 2>&1; check=$(( $(now_ms) - t0 ))
    t0=$(now_ms); httpd -k start
    until serves app1.t.localhost; do sleep 0.02; done
    started=$(( $(now_ms) - t0 ))
    sleep 2
    memory=$(( $(pss_kib) / 1024 ))
    rps app1.t.localhost >/dev/null  # the backend's JIT and httpd's workers warm
    first=$(rps app1.t.localhost) last=$(rps "app$n.t.localhost")
    # A new app: its route written the candidate's way, then the time to its first 200.
    t0=$(now_ms)
    host=app$((n + 1)).t.localhost
    if [ "$candidate" = vhosts ]; then
      vhosts $((n + 1)) >"$work/routes.conf"
      httpd -k graceful
    else
      echo "$host $work/sockets/app.sock" >>"$work/routes.txt"
      httxt2dbm -f DB -i "$work/routes.txt" -o "$work/routes.db.next"
      mv "$work/routes.db.next" "$work/routes.db"
    fi
    until serves "$host"; do sleep 0.02; done
    added=$(( $(now_ms) - t0 ))
    if [ "$candidate" = map ] && [ "$n" = "${counts[-1]}" ]; then
      checks=$(map_checks)
    fi
    httpd -k stop
    while pgrep -f -- "-f $work/httpd.conf" >/dev/null; do sleep 0.1; done  # children hold the port
    line="| $candidate | $n | $memory | $check | $started | $first | $last | $added |"
    echo "$line" >&2
    results+=("$line")
  done
done

out=docs/benchmarks/routes-candidates.md
{
  echo "# Routes for thousands of apps: per-app virtual hosts against one host and a map"
  echo
  echo "\`bench/routes-candidates.sh ${counts[*]}\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "$(free -g | awk '/Mem:/{print $2}') GiB, $(/usr/sbin/apache2 -v | head -1 | sed 's/Server version: //'), event MPM with its defaults."
  echo
  echo "Every route leads to one hello handler, served by the sandbox runner on a Unix socket as in a"
  echo "sandbox. \`vhosts\`: one virtual host per app with its own \`ProxyPass\` (what Paddock writes today);"
  echo "a new app is a graceful reload. \`map\`: one virtual host looks the app's socket up by host name in a"
  echo "\`RewriteMap\` (a Berkeley DB file written by \`httxt2dbm\` and put in place by a rename: mod_rewrite"
  echo "reopens it when it changes, nothing reloads) and proxies to it with \`[P]\` through one generic"
  echo "worker that holds the timeout and WebSocket settings. Memory is the PSS of all httpd's processes"
  echo "at rest; req/s is \`wrk -t2 -c16 -d5s\` with keep-alive, for the first app and the last one (name-based"
  echo "virtual hosts are looked up in order); a new app is the time from its route written until its first 200."
  echo
  echo "| candidate | apps | httpd PSS (MiB) | \`-t\` (ms) | start → 200 (ms) | req/s, first app | req/s, last app | new app → 200 (ms) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${results[@]}"
  echo
  echo "The map's worker is shared by every app, so at ${counts[-1]} apps its safety was checked: 16 keep-alive"
  echo "clients each alternating two apps behind different sockets and a third app whose socket is gone:"
  echo "$checks."
  echo
  echo "What a map leaves to virtual hosts of their own: an app with several instances (a balancer, whose"
  echo "members skip a dead slot), names outside the base domain and names with a certificate of their own"
  echo "(mod_md gives certificates to virtual hosts), each a reload when it changes, as every app is today."
  echo "The generic worker's settings (timeout, \`upgrade=websocket\`) are one per distinct app timeout."
} >"$out"
cat "$out"
